//! The one error every front end receives: a stable code to act on and a message for people.

use serde::{Deserialize, Serialize};

/// Stable, documented codes; the UI switches on these, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    InvalidInput,
    /// The action is not allowed in the order's current state (e.g. cancel a shipped order).
    NotAllowed,
    /// Someone else changed the record first; reload and try again.
    Conflict,
    DatabaseLocked,
    DatabaseCorrupt,
    DatabaseReadOnly,
    DatabaseTooNew,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
    pub fn not_found(what: impl std::fmt::Display) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} was not found"))
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }
}

impl AppError {
    /// Adds which file could not be opened.
    pub fn opening(mut self, path: &std::path::Path) -> Self {
        self.message = format!(
            "Cannot open the Waybill database {}: {}",
            path.display(),
            self.message
        );
        self
    }
}

impl From<waybill_store::StoreError> for AppError {
    fn from(e: waybill_store::StoreError) -> Self {
        use waybill_store::StoreError as S;
        let code = match &e {
            S::Locked => ErrorCode::DatabaseLocked,
            S::Corrupt(_) => ErrorCode::DatabaseCorrupt,
            S::ReadOnly => ErrorCode::DatabaseReadOnly,
            S::TooNew(_) => ErrorCode::DatabaseTooNew,
            S::Conflict => ErrorCode::Conflict,
            S::BadCursor => ErrorCode::InvalidInput,
            S::Open(_) | S::Decode(_) | S::Other(_) => ErrorCode::Internal,
        };
        if code == ErrorCode::Internal {
            tracing::error!(error = %e, "storage failure");
        }
        AppError::new(code, e.to_string())
    }
}

impl From<waybill_core::edit::ActionError> for AppError {
    fn from(e: waybill_core::edit::ActionError) -> Self {
        use waybill_core::edit::ActionError as A;
        let code = match e {
            A::Transition(_)
            | A::NotOnHold
            | A::Already(_)
            | A::AddressLocked
            | A::NoSuchTag(_) => ErrorCode::NotAllowed,
            _ => ErrorCode::InvalidInput,
        };
        AppError::new(code, e.to_string())
    }
}
