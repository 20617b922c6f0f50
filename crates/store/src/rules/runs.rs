//! Each order's latest rules run: decision, trace and ruleset version, replaced on every run.
//!
//! New runs are stored packed (`decision_packed`, `trace_packed`, see migrations/0008): what
//! happened, by position in the ruleset version that ran, rendered against that version when
//! read. Runs recorded before keep their JSON decision and their text or LZ4 JSON trace, which
//! are still read.

use sqlx::{QueryBuilder, Row, Sqlite};
use waybill_core::OrderId;
use waybill_core::rules::{PackedRun, RulesRun, TraceReport};

use crate::codec::{ms, time};
use crate::{Store, StoreError, WriteTx};

/// 6 columns × 500 rows per statement.
const RUN_BATCH: usize = 500;

impl Store {
    pub async fn rules_run(&self, order: &OrderId) -> Result<Option<RulesRun>, StoreError> {
        let row = sqlx::query(
            "SELECT ruleset_version, ran_at, cause, decision, trace, trace_lz4, decision_packed, \
             trace_packed FROM order_rule_runs WHERE order_id = ?",
        )
        .bind(order.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let version = u32::try_from(r.try_get::<i64, _>("ruleset_version")?)
            .map_err(|e| StoreError::Decode(e.to_string()))?;
        let cause: String = r.try_get("cause")?;
        let (decision, trace) = match r.try_get::<Option<Vec<u8>>, _>("decision_packed")? {
            Some(packed) => {
                let ruleset = self.ruleset_for_reading(version).await?;
                let decision = ruleset.unpack_decision(&packed).map_err(unpack_error)?;
                let trace = r
                    .try_get::<Option<Vec<u8>>, _>("trace_packed")?
                    .map(|t| ruleset.unpack_trace(&t).map_err(unpack_error))
                    .transpose()?;
                (decision, trace)
            }
            None => (
                serde_json::from_str(&r.try_get::<String, _>("decision")?)?,
                json_trace(&r)?,
            ),
        };
        Ok(Some(RulesRun {
            ruleset_version: version,
            ran_at: time(r.try_get("ran_at")?)?,
            cause: crate::codec::enum_from(&cause)?,
            decision,
            trace,
        }))
    }
}

fn unpack_error(e: waybill_core::rules::UnpackError) -> StoreError {
    StoreError::Decode(e.to_string())
}

/// A trace stored as JSON: LZ4-compressed (0006) or text (before).
fn json_trace(r: &sqlx::sqlite::SqliteRow) -> Result<Option<TraceReport>, StoreError> {
    let json = match r.try_get::<Option<Vec<u8>>, _>("trace_lz4")? {
        Some(packed) => Some(unpack(&packed)?),
        None => r.try_get::<Option<String>, _>("trace")?,
    };
    Ok(json.as_deref().map(serde_json::from_str).transpose()?)
}

impl WriteTx {
    /// Records the latest run of the rules on each order, replacing the previous one.
    pub async fn save_rules_runs(
        &mut self,
        runs: &[(OrderId, PackedRun)],
    ) -> Result<(), StoreError> {
        for chunk in runs.chunks(RUN_BATCH) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT OR REPLACE INTO order_rule_runs (order_id, ruleset_version, ran_at, cause, \
                 decision_packed, trace_packed) ",
            );
            q.push_values(chunk, |mut b, (id, run)| {
                b.push_bind(id.as_str())
                    .push_bind(i64::from(run.ruleset_version))
                    .push_bind(ms(run.ran_at))
                    .push_bind(run.cause.as_str())
                    .push_bind(run.decision.as_slice())
                    .push_bind(run.trace.as_deref());
            });
            q.build().execute(&mut *self.tx).await?;
        }
        Ok(())
    }
}

fn unpack(packed: &[u8]) -> Result<String, StoreError> {
    let json = lz4_flex::decompress_size_prepended(packed)
        .map_err(|e| StoreError::Decode(format!("stored rules trace: {e}")))?;
    String::from_utf8(json).map_err(|e| StoreError::Decode(format!("stored rules trace: {e}")))
}
