//! Stock on WooCommerce: SKUs → product (or variation) ids through `GET /products?sku=a,b`
//! (which searches variations too), then `POST /products/batch` and
//! `POST /products/{parent}/variations/batch` with absolute `stock_quantity`. Absolute numbers
//! make a repeat harmless, which stands in for the idempotency keys WooCommerce lacks.

use std::collections::BTreeMap;

use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

use super::API;
use super::client::RestClient;
use crate::connector::{ConnectorError, IdempotencyKey, StockLevel, StockPushOutcome};

/// SKUs per lookup (keeps the URL short) and updates per batch (WooCommerce's limit is 100).
const SKUS_PER_LOOKUP: usize = 50;
const UPDATES_PER_BATCH: usize = 100;

#[derive(Deserialize)]
struct Product {
    id: u64,
    #[serde(default)]
    parent_id: u64,
    #[serde(default)]
    sku: String,
}

#[derive(Deserialize)]
struct BatchAnswer {
    #[serde(default)]
    update: Vec<BatchItem>,
}

#[derive(Deserialize)]
struct BatchItem {
    id: u64,
    error: Option<BatchError>,
}

#[derive(Deserialize)]
struct BatchError {
    message: String,
}

pub(crate) async fn push(
    rest: &RestClient,
    levels: &[StockLevel],
    _key: &IdempotencyKey,
) -> Result<StockPushOutcome, ConnectorError> {
    let products = lookup(rest, levels).await?;
    let mut outcome = StockPushOutcome::default();
    // parent id (0 for a simple product) → (id, sku, quantity)
    let mut by_parent: BTreeMap<u64, Vec<(u64, &str, i64)>> = BTreeMap::new();
    for level in levels {
        match products.iter().find(|p| p.sku == level.sku) {
            Some(p) => {
                by_parent
                    .entry(p.parent_id)
                    .or_default()
                    .push((p.id, &level.sku, level.available))
            }
            None => outcome.unknown_skus.push(level.sku.clone()),
        }
    }
    for (parent, items) in by_parent {
        let path = if parent == 0 {
            format!("{API}/products/batch")
        } else {
            format!("{API}/products/{parent}/variations/batch")
        };
        for batch in items.chunks(UPDATES_PER_BATCH) {
            let update: Vec<Value> = batch
                .iter()
                .map(|(id, _, q)| json!({ "id": id, "manage_stock": true, "stock_quantity": q }))
                .collect();
            let answer: BatchAnswer = rest
                .send_json(Method::POST, &path, &json!({ "update": update }))
                .await?;
            for (id, sku, _) in batch {
                let item = answer.update.iter().find(|i| i.id == *id);
                match item.and_then(|i| i.error.as_ref()) {
                    Some(e) => outcome
                        .rejected
                        .push(((*sku).to_owned(), e.message.clone())),
                    None if item.is_some() => outcome.applied.push((*sku).to_owned()),
                    None => outcome
                        .rejected
                        .push(((*sku).to_owned(), "missing from the batch answer".into())),
                }
            }
        }
    }
    Ok(outcome)
}

/// The products and variations carrying the pushed SKUs.
async fn lookup(rest: &RestClient, levels: &[StockLevel]) -> Result<Vec<Product>, ConnectorError> {
    let mut out = Vec::new();
    for chunk in levels.chunks(SKUS_PER_LOOKUP) {
        let skus: Vec<&str> = chunk.iter().map(|l| l.sku.as_str()).collect();
        let (found, _): (Vec<Product>, _) = rest
            .get(
                &format!("{API}/products"),
                &[("sku", skus.join(",")), ("per_page", "100".to_owned())],
            )
            .await?;
        out.extend(found);
    }
    Ok(out)
}
