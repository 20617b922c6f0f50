//! Conversions between domain values and their stored form.

use chrono::{DateTime, Utc};

use crate::StoreError;

/// Times are stored as milliseconds since the Unix epoch (sortable integers).
pub fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub fn time(ms: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| StoreError::Decode(format!("time {ms} out of range")))
}

/// Parses an enum stored as its serde name (`on_hold`).
pub fn enum_from<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, StoreError> {
    Ok(serde_json::from_value(serde_json::Value::String(
        s.to_owned(),
    ))?)
}

/// The serde name of an enum value.
pub fn enum_name<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    match serde_json::to_value(v)? {
        serde_json::Value::String(s) => Ok(s),
        other => Err(StoreError::Decode(format!("{other} is not an enum name"))),
    }
}
