//! Available stock at one location through `inventorySetQuantities`.
//!
//! Quantities are absolute, and each request carries the caller's key in `@idempotent` (one key
//! part per batch of 250, Shopify's input limit), so a retried push is applied once. When the
//! caller says what it pushed last, `changeFromQuantity` makes Shopify refuse the change if the
//! number moved since (a sale Waybill has not imported yet) instead of overwriting it.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Value, json};

use super::graphql::GraphqlClient;
use super::model::{UserError, describe_user_errors};
use super::queries;
use crate::connector::{ConnectorError, IdempotencyKey, StockLevel, StockPushOutcome};

/// SKUs per variant search: keeps the search string short.
const SKUS_PER_LOOKUP: usize = 50;
/// Shopify refuses input lists longer than this.
const QUANTITIES_PER_SET: usize = 250;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VariantsData {
    product_variants: Nodes<Variant>,
}

#[derive(Deserialize)]
struct Nodes<T> {
    nodes: Vec<T>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Variant {
    sku: Option<String>,
    inventory_item: Id,
}

#[derive(Deserialize)]
struct Id {
    id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SetData {
    inventory_set_quantities: SetPayload,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SetPayload {
    user_errors: Vec<UserError>,
}

/// `sku:"A" OR sku:"B"`, quoting so SKUs with spaces or colons stay one term.
fn sku_search(skus: &[&str]) -> String {
    skus.iter()
        .map(|s| format!("sku:\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect::<Vec<_>>()
        .join(" OR ")
}

pub(crate) async fn push(
    gql: &GraphqlClient,
    location_id: &str,
    levels: &[StockLevel],
    key: &IdempotencyKey,
) -> Result<StockPushOutcome, ConnectorError> {
    let items = inventory_items(gql, levels).await?;
    let mut outcome = StockPushOutcome::default();
    let mut known: Vec<(&StockLevel, &str)> = Vec::new();
    for level in levels {
        match items.get(&level.sku) {
            Some(item) => known.push((level, item)),
            None => outcome.unknown_skus.push(level.sku.clone()),
        }
    }
    for (n, batch) in known.chunks(QUANTITIES_PER_SET).enumerate() {
        let quantities: Vec<Value> = batch
            .iter()
            .map(|(level, item)| {
                json!({
                    "inventoryItemId": item,
                    "locationId": location_id,
                    "quantity": level.available,
                    // Explicit null opts out of the comparison (the field is mandatory).
                    "changeFromQuantity": level.expected_current,
                })
            })
            .collect();
        let part = key.part(n);
        let data: SetData = gql
            .run(
                "InventorySet",
                queries::INVENTORY_SET,
                json!({
                    "input": {
                        "name": "available",
                        "reason": "correction",
                        "referenceDocumentUri": format!("waybill://stock-push/{part}"),
                        "quantities": quantities,
                    },
                    "key": part.as_str(),
                }),
            )
            .await?;
        let errors = data.inventory_set_quantities.user_errors;
        if errors
            .iter()
            .any(|e| e.code.as_deref() == Some("CHANGE_FROM_QUANTITY_STALE"))
        {
            return Err(ConnectorError::Conflict(describe_user_errors(&errors)));
        }
        if !errors.is_empty() {
            return Err(ConnectorError::Rejected(describe_user_errors(&errors)));
        }
        outcome
            .applied
            .extend(batch.iter().map(|(level, _)| level.sku.clone()));
    }
    Ok(outcome)
}

/// SKU → inventory item id, for the SKUs Shopify knows.
async fn inventory_items(
    gql: &GraphqlClient,
    levels: &[StockLevel],
) -> Result<HashMap<String, String>, ConnectorError> {
    let skus: Vec<&str> = levels.iter().map(|l| l.sku.as_str()).collect();
    let mut out = HashMap::new();
    for chunk in skus.chunks(SKUS_PER_LOOKUP) {
        let data: VariantsData = gql
            .run(
                "VariantsBySku",
                queries::VARIANTS_BY_SKU,
                json!({ "query": sku_search(chunk) }),
            )
            .await?;
        for v in data.product_variants.nodes {
            // The search is fuzzy on some characters; keep exact matches only.
            if let Some(sku) = v.sku.filter(|s| chunk.contains(&s.as_str())) {
                out.insert(sku, v.inventory_item.id);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sku_searches_quote_each_sku() {
        assert_eq!(
            sku_search(&["MUG-1", "A \"B\""]),
            r#"sku:"MUG-1" OR sku:"A \"B\"""#
        );
    }
}
