//! Each order's latest rules run: decision, trace and ruleset version, replaced on every run.
//!
//! The trace is written LZ4-compressed (`trace_lz4`): it is the bulk of what an import writes,
//! and compressed it costs a fraction of the WAL and checkpoint traffic. Runs recorded before
//! that keep their text `trace`, which is still read.

use sqlx::{QueryBuilder, Row, Sqlite};
use waybill_core::OrderId;
use waybill_core::rules::RulesRun;

use crate::codec::{ms, time};
use crate::{Store, StoreError, WriteTx};

/// 6 columns × 500 rows per statement.
const RUN_BATCH: usize = 500;

impl Store {
    pub async fn rules_run(&self, order: &OrderId) -> Result<Option<RulesRun>, StoreError> {
        let row = sqlx::query(
            "SELECT ruleset_version, ran_at, cause, decision, trace, trace_lz4 FROM order_rule_runs WHERE order_id = ?",
        )
        .bind(order.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let cause: String = r.try_get("cause")?;
        let trace = match r.try_get::<Option<Vec<u8>>, _>("trace_lz4")? {
            Some(packed) => Some(unpack(&packed)?),
            None => r.try_get::<Option<String>, _>("trace")?,
        };
        Ok(Some(RulesRun {
            ruleset_version: u32::try_from(r.try_get::<i64, _>("ruleset_version")?)
                .map_err(|e| StoreError::Decode(e.to_string()))?,
            ran_at: time(r.try_get("ran_at")?)?,
            cause: crate::codec::enum_from(&cause)?,
            decision: serde_json::from_str(&r.try_get::<String, _>("decision")?)?,
            trace: trace.as_deref().map(serde_json::from_str).transpose()?,
        }))
    }
}

impl WriteTx {
    /// Records the latest run of the rules on each order, replacing the previous one.
    pub async fn save_rules_runs(
        &mut self,
        runs: &[(OrderId, RulesRun)],
    ) -> Result<(), StoreError> {
        let rows = runs
            .iter()
            .map(|(id, run)| {
                Ok((
                    id.as_str(),
                    i64::from(run.ruleset_version),
                    ms(run.ran_at),
                    run.cause.as_str(),
                    serde_json::to_string(&run.decision)?,
                    run.trace
                        .as_ref()
                        .map(|t| serde_json::to_vec(t).map(|json| pack(&json)))
                        .transpose()?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        for chunk in rows.chunks(RUN_BATCH) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT OR REPLACE INTO order_rule_runs (order_id, ruleset_version, ran_at, cause, decision, trace_lz4) ",
            );
            q.push_values(chunk, |mut b, row| {
                b.push_bind(row.0)
                    .push_bind(row.1)
                    .push_bind(row.2)
                    .push_bind(row.3)
                    .push_bind(row.4.as_str())
                    .push_bind(row.5.as_deref());
            });
            q.build().execute(&mut *self.tx).await?;
        }
        Ok(())
    }
}

fn pack(json: &[u8]) -> Vec<u8> {
    lz4_flex::compress_prepend_size(json)
}

fn unpack(packed: &[u8]) -> Result<String, StoreError> {
    let json = lz4_flex::decompress_size_prepended(packed)
        .map_err(|e| StoreError::Decode(format!("stored rules trace: {e}")))?;
    String::from_utf8(json).map_err(|e| StoreError::Decode(format!("stored rules trace: {e}")))
}
