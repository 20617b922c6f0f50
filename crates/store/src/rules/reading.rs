//! The ruleset version a packed rules run refers to, compiled for reading it back.
//!
//! Compiled without the workspace (`ValidationContext::offline`): what a packed run needs from
//! it — rule order, names, condition and action descriptions — does not depend on which
//! locations exist now. The last version read is kept, since the orders people open are mostly
//! decided by the ruleset in force.

use std::sync::{Arc, Mutex};

use waybill_core::rules::{CompiledRuleset, Ruleset, ValidationContext};

use crate::{Store, StoreError};

/// The slot [`Store`] holds.
pub(crate) type ReadingCache = Arc<Mutex<Option<Arc<CompiledRuleset>>>>;

impl Store {
    /// Ruleset `version`, compiled for reading packed runs.
    pub(crate) async fn ruleset_for_reading(
        &self,
        version: u32,
    ) -> Result<Arc<CompiledRuleset>, StoreError> {
        if let Ok(slot) = self.reading.lock()
            && let Some(c) = slot.as_ref().filter(|c| c.version() == version)
        {
            return Ok(c.clone());
        }
        let body: Option<String> =
            sqlx::query_scalar("SELECT body FROM rulesets WHERE version = ?")
                .bind(i64::from(version))
                .fetch_optional(&self.pool)
                .await?;
        let body = body
            .ok_or_else(|| StoreError::Decode(format!("ruleset version {version} is missing")))?;
        let mut ruleset: Ruleset = serde_json::from_str(&body)?;
        ruleset.version = version;
        let compiled = ruleset
            .compile(&ValidationContext::offline())
            .map_err(|p| {
                StoreError::Decode(format!(
                    "ruleset version {version} cannot be read back: {}",
                    p.iter()
                        .map(|p| p.message.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                ))
            })?;
        let compiled = Arc::new(compiled);
        if let Ok(mut slot) = self.reading.lock() {
            *slot = Some(compiled.clone());
        }
        Ok(compiled)
    }
}
