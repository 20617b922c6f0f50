//! Errors a connector reports, sorted so the caller knows whether to try again.
//!
//! The outbox and the poller retry only what can succeed later (throttling, server trouble,
//! time-outs, no network) and surface everything else as a visible exception at once: retrying a
//! refused credential or a rejected fulfillment only delays the person who has to fix it.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConnectorError {
    // --- retryable ---
    #[error("the channel asks us to slow down{}", after_text(*.retry_after))]
    Throttled { retry_after: Option<Duration> },
    #[error("the channel had a server error (HTTP {status}): {message}")]
    Server { status: u16, message: String },
    #[error("the channel did not answer in time: {0}")]
    Timeout(String),
    #[error("the channel could not be reached: {0}")]
    Unreachable(String),

    // --- permanent ---
    #[error("the channel refused the credentials: {0}")]
    Unauthorized(String),
    #[error("the channel rejected the request: {0}")]
    Rejected(String),
    #[error("the channel has no such {0}")]
    NotFound(String),
    #[error("the channel's data changed since we read it: {0}")]
    Conflict(String),
    #[error("the channel sent data Waybill cannot read: {0}")]
    Malformed(String),
    #[error("the cursor `{0}` is not one this channel issued")]
    BadCursor(String),
    #[error("the connector is not set up right: {0}")]
    Config(String),
    #[error("this channel does not support {0}")]
    Unsupported(&'static str),
}

fn after_text(after: Option<Duration>) -> String {
    match after {
        Some(d) => format!("; retry after {} ms", d.as_millis()),
        None => String::new(),
    }
}

impl ConnectorError {
    /// Whether the same request may succeed later without anyone changing anything.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ConnectorError::Throttled { .. }
                | ConnectorError::Server { .. }
                | ConnectorError::Timeout(_)
                | ConnectorError::Unreachable(_)
        )
    }

    /// How long the channel asked us to wait, when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ConnectorError::Throttled { retry_after } => *retry_after,
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_transient_failures_are_retryable() {
        let retryable = [
            ConnectorError::Throttled { retry_after: None },
            ConnectorError::Server {
                status: 502,
                message: "bad gateway".into(),
            },
            ConnectorError::Timeout("30 s".into()),
            ConnectorError::Unreachable("dns".into()),
        ];
        let permanent = [
            ConnectorError::Unauthorized("bad token".into()),
            ConnectorError::Rejected("line already fulfilled".into()),
            ConnectorError::NotFound("order 1".into()),
            ConnectorError::Conflict("stale quantity".into()),
            ConnectorError::Malformed("not json".into()),
            ConnectorError::BadCursor("x".into()),
            ConnectorError::Config("no location".into()),
            ConnectorError::Unsupported("stock levels"),
        ];
        assert!(retryable.iter().all(ConnectorError::is_retryable));
        assert!(!permanent.iter().any(ConnectorError::is_retryable));
    }

    #[test]
    fn throttling_carries_the_channels_wait() {
        let e = ConnectorError::Throttled {
            retry_after: Some(Duration::from_millis(1500)),
        };
        assert_eq!(e.retry_after(), Some(Duration::from_millis(1500)));
        assert_eq!(
            e.to_string(),
            "the channel asks us to slow down; retry after 1500 ms"
        );
        assert_eq!(ConnectorError::Timeout("x".into()).retry_after(), None);
    }
}
