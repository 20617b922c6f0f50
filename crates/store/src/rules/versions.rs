//! Saved ruleset versions (the highest is in force) and the audit of every rule edit.

use chrono::{DateTime, Utc};
use sqlx::Row;
use waybill_core::rules::{RuleChange, Ruleset};

use crate::codec::{ms, time};
use crate::{Store, StoreError, WriteTx};

/// A ruleset as saved: who saved it and when.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedRuleset {
    pub ruleset: Ruleset,
    pub saved_at: DateTime<Utc>,
    pub saved_by: String,
}

/// One audited rule edit; `before`/`after` are the rule as JSON text.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleAuditRow {
    pub version: u32,
    pub rule_id: String,
    pub rule_name: String,
    pub change: RuleChange,
    pub before: Option<String>,
    pub after: Option<String>,
    pub at: DateTime<Utc>,
    pub actor: String,
}

fn decode_saved(row: &sqlx::sqlite::SqliteRow) -> Result<SavedRuleset, StoreError> {
    let body: String = row.try_get("body")?;
    Ok(SavedRuleset {
        ruleset: serde_json::from_str(&body)?,
        saved_at: time(row.try_get("saved_at")?)?,
        saved_by: row.try_get("saved_by")?,
    })
}

const LATEST: &str = "SELECT body, saved_at, saved_by FROM rulesets ORDER BY version DESC LIMIT 1";

const LATEST_VERSION: &str = "SELECT max(version) FROM rulesets";

fn version_of(v: Option<i64>) -> Result<Option<u32>, StoreError> {
    v.map(|v| u32::try_from(v).map_err(|e| StoreError::Decode(e.to_string())))
        .transpose()
}

impl Store {
    /// The version of the ruleset in force (`None` before the first save).
    pub async fn current_ruleset_version(&self) -> Result<Option<u32>, StoreError> {
        let v: Option<i64> = sqlx::query_scalar(LATEST_VERSION)
            .fetch_one(&self.pool)
            .await?;
        version_of(v)
    }

    /// The ruleset in force, if one was ever saved.
    pub async fn current_ruleset(&self) -> Result<Option<SavedRuleset>, StoreError> {
        let row = sqlx::query(LATEST).fetch_optional(&self.pool).await?;
        row.as_ref().map(decode_saved).transpose()
    }

    /// The newest audited rule edits first.
    pub async fn rule_audit(&self, limit: u32) -> Result<Vec<RuleAuditRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT version, rule_id, rule_name, change, before, after, at, actor \
             FROM rule_audit ORDER BY seq DESC LIMIT ?",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let change: String = r.try_get("change")?;
                Ok(RuleAuditRow {
                    version: u32::try_from(r.try_get::<i64, _>("version")?)
                        .map_err(|e| StoreError::Decode(e.to_string()))?,
                    rule_id: r.try_get("rule_id")?,
                    rule_name: r.try_get("rule_name")?,
                    change: RuleChange::parse(&change)
                        .ok_or_else(|| StoreError::Decode(format!("rule change `{change}`")))?,
                    before: r.try_get("before")?,
                    after: r.try_get("after")?,
                    at: time(r.try_get("at")?)?,
                    actor: r.try_get("actor")?,
                })
            })
            .collect()
    }
}

impl WriteTx {
    /// [`Store::current_ruleset_version`] inside the transaction.
    pub async fn current_ruleset_version(&mut self) -> Result<Option<u32>, StoreError> {
        let v: Option<i64> = sqlx::query_scalar(LATEST_VERSION)
            .fetch_one(&mut *self.tx)
            .await?;
        version_of(v)
    }

    /// The ruleset in force, read under the write lock (a save compares its base version).
    pub async fn current_ruleset(&mut self) -> Result<Option<SavedRuleset>, StoreError> {
        let row = sqlx::query(LATEST).fetch_optional(&mut *self.tx).await?;
        row.as_ref().map(decode_saved).transpose()
    }

    /// Saves `ruleset` as its own `version` (which must be new) with the audit of the save.
    pub async fn insert_ruleset(
        &mut self,
        ruleset: &Ruleset,
        saved_at: DateTime<Utc>,
        saved_by: &str,
        audit: &[RuleAuditRow],
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO rulesets (version, body, saved_at, saved_by) VALUES (?, ?, ?, ?)")
            .bind(i64::from(ruleset.version))
            .bind(serde_json::to_string(ruleset)?)
            .bind(ms(saved_at))
            .bind(saved_by)
            .execute(&mut *self.tx)
            .await?;
        for a in audit {
            sqlx::query(
                "INSERT INTO rule_audit (version, rule_id, rule_name, change, before, after, at, actor) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(i64::from(a.version))
            .bind(&a.rule_id)
            .bind(&a.rule_name)
            .bind(a.change.as_str())
            .bind(a.before.as_deref())
            .bind(a.after.as_deref())
            .bind(ms(a.at))
            .bind(&a.actor)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }
}
