//! How often each rule matched, per UTC day: dead rules show up as zeros in the editor.

use std::collections::HashMap;

use sqlx::{QueryBuilder, Row, Sqlite};

use crate::{Store, StoreError, WriteTx};

/// Hits of one rule on one day (days since the Unix epoch, UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleHitDay {
    pub rule_id: String,
    pub day: i64,
    pub hits: i64,
}

impl Store {
    /// Every rule's hits on `since_day` and later.
    pub async fn rule_hits_since(&self, since_day: i64) -> Result<Vec<RuleHitDay>, StoreError> {
        let rows = sqlx::query("SELECT rule_id, day, hits FROM rule_hits WHERE day >= ?")
            .bind(since_day)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(RuleHitDay {
                    rule_id: r.try_get("rule_id")?,
                    day: r.try_get("day")?,
                    hits: r.try_get("hits")?,
                })
            })
            .collect()
    }
}

impl WriteTx {
    /// Adds `hits` (keyed by rule id and day) to the counts.
    pub async fn add_rule_hits(
        &mut self,
        hits: &HashMap<(String, i64), i64>,
    ) -> Result<(), StoreError> {
        let rows: Vec<_> = hits.iter().collect();
        for chunk in rows.chunks(500) {
            let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO rule_hits (rule_id, day, hits) ");
            q.push_values(chunk, |mut b, ((rule, day), n)| {
                b.push_bind(rule.as_str()).push_bind(*day).push_bind(**n);
            });
            q.push(" ON CONFLICT (rule_id, day) DO UPDATE SET hits = hits + excluded.hits");
            q.build().execute(&mut *self.tx).await?;
        }
        Ok(())
    }
}
