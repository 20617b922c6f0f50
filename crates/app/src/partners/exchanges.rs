//! Counting a round's exchanges with each partner for its health: every call is a success or
//! a failure. A partner refusing a hand-off answered properly, so it counts as a success; a
//! time-out, a server error, a refused login or an order it cannot find count as failures.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use waybill_core::LocationId;
use waybill_store::{PartnerExchanges, WriteTx};
use waybill_sync::ConnectorError;

use crate::AppError;

/// The window a partner's error rate covers: counters start again after it.
pub(crate) const ERROR_WINDOW: Duration = Duration::hours(1);

#[derive(Debug, Default)]
pub(crate) struct Tally(HashMap<LocationId, PartnerExchanges>);

impl Tally {
    pub fn ok(&mut self, location: &LocationId) {
        self.0.entry(location.clone()).or_default().successes += 1;
    }

    pub fn failed(&mut self, location: &LocationId, error: &ConnectorError) {
        let e = self.0.entry(location.clone()).or_default();
        e.failures += 1;
        e.last_error = Some(error.to_string());
    }

    /// Counts `result` as one exchange.
    pub fn count<T>(&mut self, location: &LocationId, result: &Result<T, ConnectorError>) {
        match result {
            Ok(_) | Err(ConnectorError::Rejected(_)) => self.ok(location),
            Err(e) => self.failed(location, e),
        }
    }

    /// The partner's statuses were polled in this round.
    pub fn synced(&mut self, location: &LocationId) {
        self.0.entry(location.clone()).or_default().synced = true;
    }

    /// Adds the round to each partner's stored counters.
    pub async fn write(self, tx: &mut WriteTx, now: DateTime<Utc>) -> Result<(), AppError> {
        for (location, round) in &self.0 {
            tx.note_partner_exchanges(location, round, now, ERROR_WINDOW)
                .await?;
        }
        Ok(())
    }
}
