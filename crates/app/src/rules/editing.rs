//! Reading, checking and saving the ruleset: every save is a new version with an audit of each
//! rule it added, edited or removed. An invalid ruleset is never saved.

use std::collections::HashMap;

use waybill_core::Actor;
use waybill_core::rules::{Problem, Ruleset, rule_edits};
use waybill_store::RuleAuditRow;

use super::live::describe;
use super::views::{RuleAuditEntry, RuleHits, RulesetView};
use crate::{App, AppError, ErrorCode};

impl App {
    /// The ruleset in force with its warnings and hit counts.
    pub async fn rules_view(&self) -> Result<RulesetView, AppError> {
        let live = self.live_rules().await?;
        let problems = live
            .ruleset
            .validate(&self.validation_context().await?)
            .into_iter()
            .collect();
        Ok(RulesetView {
            ruleset: live.ruleset.clone(),
            saved_at: live.saved_at,
            saved_by: live.saved_by.as_deref().map(stored_actor),
            problems,
            hits: self.rule_hits().await?,
        })
    }

    /// Every problem of `draft` against this workspace (errors and warnings).
    pub async fn validate_ruleset(&self, draft: &Ruleset) -> Result<Vec<Problem>, AppError> {
        Ok(draft.validate(&self.validation_context().await?))
    }

    /// Saves `draft` as the next version, if it is valid and nobody saved since `base_version`
    /// was read. Returns the saved ruleset's view.
    pub async fn save_ruleset(
        &self,
        draft: &Ruleset,
        base_version: u32,
        actor: &Actor,
    ) -> Result<RulesetView, AppError> {
        let ctx = self.validation_context().await?;
        let errors: Vec<Problem> = draft
            .validate(&ctx)
            .into_iter()
            .filter(Problem::is_error)
            .collect();
        if !errors.is_empty() {
            return Err(AppError::invalid(format!(
                "the ruleset was not saved: {}",
                describe(&errors)
            )));
        }
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let current = tx
            .current_ruleset()
            .await?
            .map(|s| s.ruleset)
            .unwrap_or_else(super::live::empty_ruleset);
        if current.version != base_version {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!(
                    "the rules were changed (version {}) since you opened them (version {base_version}); reload and apply your edits again",
                    current.version
                ),
            ));
        }
        let next = Ruleset {
            version: current.version + 1,
            rules: draft.rules.clone(),
        };
        let audit = rule_edits(&current, &next)
            .into_iter()
            .map(|e| {
                let rule = e.after.or(e.before);
                Ok(RuleAuditRow {
                    version: next.version,
                    rule_id: rule.map(|r| r.id.to_string()).unwrap_or_default(),
                    rule_name: rule.map(|r| r.name.clone()).unwrap_or_default(),
                    change: e.change,
                    before: e.before.map(serde_json::to_string).transpose()?,
                    after: e.after.map(serde_json::to_string).transpose()?,
                    at: now,
                    actor: actor.to_string(),
                })
            })
            .collect::<Result<Vec<_>, serde_json::Error>>()
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
        tx.insert_ruleset(&next, now, actor.as_str(), &audit)
            .await?;
        tx.commit().await?;
        tracing::info!(version = next.version, edits = audit.len(), %actor, "ruleset saved");
        self.forget_live_rules();
        self.rules_view().await
    }

    /// The latest rule edits, newest first.
    pub async fn rule_history(&self, limit: u32) -> Result<Vec<RuleAuditEntry>, AppError> {
        let rows = self.store.rule_audit(limit.clamp(1, 1000)).await?;
        Ok(rows
            .into_iter()
            .map(|r| RuleAuditEntry {
                version: r.version,
                rule_id: r.rule_id,
                rule_name: r.rule_name,
                change: r.change,
                // A rule saved by an older Waybill may no longer parse; the entry still shows.
                before: r.before.and_then(|b| serde_json::from_str(&b).ok()),
                after: r.after.and_then(|a| serde_json::from_str(&a).ok()),
                at: r.at,
                actor: stored_actor(&r.actor),
            })
            .collect())
    }

    async fn rule_hits(&self) -> Result<Vec<RuleHits>, AppError> {
        let today = self.now().timestamp().div_euclid(86_400);
        let rows = self.store.rule_hits_since(today - 29).await?;
        let mut by_rule: HashMap<String, RuleHits> = HashMap::new();
        for row in rows {
            let n = u32::try_from(row.hits).unwrap_or(u32::MAX);
            let entry = by_rule.entry(row.rule_id.clone()).or_insert(RuleHits {
                rule_id: row.rule_id,
                last_7_days: 0,
                last_30_days: 0,
            });
            entry.last_30_days = entry.last_30_days.saturating_add(n);
            if row.day > today - 7 {
                entry.last_7_days = entry.last_7_days.saturating_add(n);
            }
        }
        let mut hits: Vec<RuleHits> = by_rule.into_values().collect();
        hits.sort_by(|a, b| a.rule_id.cmp(&b.rule_id));
        Ok(hits)
    }
}

/// An actor read back from storage; text that is not one (never written by Waybill) reads as
/// the system.
fn stored_actor(text: &str) -> Actor {
    text.parse().unwrap_or_else(|_| Actor::system())
}
