//! Storage errors, classified so people get a clear message rather than an SQLite code.

/// What went wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database is locked by another program (another Waybill window or command?); close it and try again"
    )]
    Locked,
    #[error("the database file is damaged or is not a Waybill database ({0})")]
    Corrupt(String),
    #[error("the database file is read-only; check its permissions or open a copy")]
    ReadOnly,
    #[error(
        "the database was written by a newer version of Waybill (schema version {0}); update Waybill to open it"
    )]
    TooNew(i64),
    #[error("it was changed by someone else in the meantime; reload and try again")]
    Conflict,
    #[error("the database could not be opened: {0}")]
    Open(String),
    #[error("stored data could not be read: {0}")]
    Decode(String),
    #[error("invalid page cursor")]
    BadCursor,
    #[error("database error: {0}")]
    Other(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        classify(&e).unwrap_or_else(|| StoreError::Other(e.to_string()))
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        use sqlx::migrate::MigrateError;
        match e {
            MigrateError::VersionMissing(v) => StoreError::TooNew(v),
            MigrateError::Execute(inner) => inner.into(),
            other => StoreError::Open(other.to_string()),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Decode(e.to_string())
    }
}

/// Maps SQLite's primary result codes to the errors people can act on.
fn classify(e: &sqlx::Error) -> Option<StoreError> {
    let db = e.as_database_error()?;
    let code: i64 = db.code()?.parse().ok()?;
    // Extended codes carry the primary code in their low byte.
    match code & 0xff {
        5 | 6 => Some(StoreError::Locked), // SQLITE_BUSY, SQLITE_LOCKED
        // SQLITE_READONLY; SQLITE_CANTOPEN is what a read-only mount or immutable file gives
        // (the folder is created before opening, so a missing folder is not the cause).
        8 | 14 => Some(StoreError::ReadOnly),
        11 | 26 => Some(StoreError::Corrupt(db.message().to_owned())), // SQLITE_CORRUPT, SQLITE_NOTADB
        _ => None,
    }
}
