//! The ruleset in force, compiled once and shared by every import and re-run.
//!
//! The compiled form is cached per ruleset version. Writers check the stored version inside
//! their transaction, so a save from another process (the CLI beside the window) takes effect
//! at the next import without a restart.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use waybill_core::rules::{CompiledRuleset, Problem, Ruleset, ValidationContext};

use crate::{App, AppError};

/// A compiled ruleset with where it came from.
pub struct LiveRules {
    pub ruleset: Ruleset,
    pub compiled: CompiledRuleset,
    pub saved_at: Option<DateTime<Utc>>,
    pub saved_by: Option<String>,
}

impl LiveRules {
    pub fn version(&self) -> u32 {
        self.ruleset.version
    }

    pub fn is_empty(&self) -> bool {
        self.ruleset.rules.is_empty()
    }
}

/// The cache slot [`App`] holds.
pub type LiveSlot = Arc<RwLock<Option<Arc<LiveRules>>>>;

impl App {
    /// What rules are checked against: the workspace's locations and channels.
    pub(crate) async fn validation_context(&self) -> Result<ValidationContext, AppError> {
        let (locations, channels) =
            tokio::try_join!(self.store.locations(), self.store.channels())?;
        Ok(ValidationContext::from_workspace(&locations, &channels))
    }

    /// The ruleset in force, compiled.
    pub(crate) async fn live_rules(&self) -> Result<Arc<LiveRules>, AppError> {
        let stored_version = self.store.current_ruleset_version().await?;
        self.live_rules_at(stored_version).await
    }

    /// The compiled ruleset of `version` (the one a transaction just read), reloading when the
    /// cache holds another.
    pub(crate) async fn live_rules_at(
        &self,
        version: Option<u32>,
    ) -> Result<Arc<LiveRules>, AppError> {
        if let Ok(slot) = self.rules.read()
            && let Some(live) = slot.as_ref()
            && live.version() == version.unwrap_or(0)
        {
            return Ok(live.clone());
        }
        let live = Arc::new(self.load_live_rules().await?);
        if let Ok(mut slot) = self.rules.write() {
            *slot = Some(live.clone());
        }
        Ok(live)
    }

    async fn load_live_rules(&self) -> Result<LiveRules, AppError> {
        let saved = self.store.current_ruleset().await?;
        let ctx = self.validation_context().await?;
        let (ruleset, saved_at, saved_by) = match saved {
            Some(s) => (s.ruleset, Some(s.saved_at), Some(s.saved_by)),
            None => (empty_ruleset(), None, None),
        };
        let compiled = match ruleset.compile(&ctx) {
            Ok(c) => c,
            Err(problems) => {
                // Saves are validated, so this means the stored ruleset was damaged outside
                // Waybill. Orders are still imported, untouched by rules, and the log says why.
                tracing::error!(problems = %describe(&problems), "the stored ruleset cannot run; orders are imported without rules");
                empty_ruleset()
                    .compile(&ctx)
                    .map_err(|p| AppError::invalid(describe(&p)))?
            }
        };
        Ok(LiveRules {
            ruleset,
            compiled,
            saved_at,
            saved_by,
        })
    }

    /// Drops the cached ruleset (after a save, or when locations change).
    pub(crate) fn forget_live_rules(&self) {
        if let Ok(mut slot) = self.rules.write() {
            *slot = None;
        }
    }
}

pub(crate) fn empty_ruleset() -> Ruleset {
    Ruleset {
        version: 0,
        rules: Vec::new(),
    }
}

/// Problems as one message: `rules[2].when: …; rules[4].then[0]: …`.
pub(crate) fn describe(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect::<Vec<_>>()
        .join("; ")
}
