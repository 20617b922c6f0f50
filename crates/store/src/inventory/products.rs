//! The product catalogue: the SKUs whose stock is tracked.

use std::collections::HashSet;

use sqlx::{QueryBuilder, Row, Sqlite};
use waybill_core::inventory::{Dimensions, Product};

use crate::codec::ms;
use crate::{Store, StoreError, WriteTx};

/// SKUs per `IN (…)` list.
pub(crate) const IN_BATCH: usize = 500;

/// A product with its low-stock threshold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductRow {
    pub product: Product,
    pub low_stock_at: u32,
}

fn decode(r: &sqlx::sqlite::SqliteRow) -> Result<ProductRow, StoreError> {
    let dims = match (
        r.try_get::<Option<i64>, _>("length_mm")?,
        r.try_get::<Option<i64>, _>("width_mm")?,
        r.try_get::<Option<i64>, _>("height_mm")?,
    ) {
        (Some(l), Some(w), Some(h)) => Some(Dimensions {
            length_mm: l as u32,
            width_mm: w as u32,
            height_mm: h as u32,
        }),
        _ => None,
    };
    let tags: Vec<String> = serde_json::from_str(&r.try_get::<String, _>("tags")?)?;
    Ok(ProductRow {
        product: Product {
            sku: r.try_get("sku")?,
            name: r.try_get("name")?,
            weight_g: r.try_get::<i64, _>("weight_g")? as u32,
            dimensions: dims,
            tags,
        },
        low_stock_at: r.try_get::<i64, _>("low_stock_at")? as u32,
    })
}

impl Store {
    /// The whole catalogue, by SKU.
    pub async fn products(&self) -> Result<Vec<ProductRow>, StoreError> {
        let rows = sqlx::query("SELECT * FROM products ORDER BY sku")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(decode).collect()
    }

    pub async fn product_count(&self) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products")
            .fetch_one(&self.pool)
            .await?;
        Ok(n as u64)
    }
}

impl WriteTx {
    /// Adds products, or updates name, weight, dimensions and tags of ones already there.
    pub async fn upsert_products(
        &mut self,
        products: &[Product],
        low_stock_at: Option<u32>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        for chunk in products.chunks(IN_BATCH) {
            let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
                "INSERT INTO products (sku, name, weight_g, length_mm, width_mm, height_mm, tags, \
                 low_stock_at, created_at) ",
            );
            let mut err = None;
            q.push_values(chunk, |mut b, p| {
                let tags = serde_json::to_string(&p.tags).unwrap_or_else(|e| {
                    err = Some(e);
                    "[]".into()
                });
                b.push_bind(&p.sku)
                    .push_bind(&p.name)
                    .push_bind(i64::from(p.weight_g))
                    .push_bind(p.dimensions.map(|d| i64::from(d.length_mm)))
                    .push_bind(p.dimensions.map(|d| i64::from(d.width_mm)))
                    .push_bind(p.dimensions.map(|d| i64::from(d.height_mm)))
                    .push_bind(tags)
                    .push_bind(i64::from(low_stock_at.unwrap_or(5)))
                    .push_bind(ms(now));
            });
            if let Some(e) = err {
                return Err(e.into());
            }
            q.push(
                " ON CONFLICT (sku) DO UPDATE SET name = excluded.name, weight_g = excluded.weight_g, \
                 length_mm = excluded.length_mm, width_mm = excluded.width_mm, \
                 height_mm = excluded.height_mm, tags = excluded.tags",
            );
            if low_stock_at.is_some() {
                q.push(", low_stock_at = excluded.low_stock_at");
            }
            q.build().execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    /// Which of `skus` the catalogue tracks.
    pub async fn tracked_skus(&mut self, skus: &[&str]) -> Result<HashSet<String>, StoreError> {
        let mut found = HashSet::new();
        for chunk in skus.chunks(IN_BATCH) {
            let mut q: QueryBuilder<Sqlite> =
                QueryBuilder::new("SELECT sku FROM products WHERE sku IN (");
            let mut list = q.separated(", ");
            for s in chunk {
                list.push_bind(*s);
            }
            q.push(")");
            for r in q.build().fetch_all(&mut *self.tx).await? {
                found.insert(r.try_get("sku")?);
            }
        }
        Ok(found)
    }

    /// Whether the catalogue has any product at all (a workspace without inventory skips the
    /// stock step entirely).
    pub async fn has_products(&mut self) -> Result<bool, StoreError> {
        let any: Option<i64> = sqlx::query_scalar("SELECT 1 FROM products LIMIT 1")
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(any.is_some())
    }
}
