//! CSV files for channels without an API (marketplace exports, wholesale spreadsheets): a
//! column mapping, import with per-row errors, a preview, and export of orders.
//!
//! A file has one row per order line; rows sharing an order id make one order. An order any of
//! whose rows is wrong is left out whole, never imported short: a warehouse would ship it short.

mod export;
mod import;
mod mapping;
pub(crate) mod value;

pub use export::{EXPORT_HEADERS, export_orders};
pub use import::{CsvImport, RowError, import_orders, preview_orders};
pub use mapping::{ColumnMapping, Field};

/// A file that cannot be read at all (as opposed to a row that cannot).
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("the file is not readable CSV: {0}")]
    Unreadable(String),
    #[error("the column `{header}` chosen for {field} is not in the file")]
    MissingColumn { field: &'static str, header: String },
    #[error("the file has no `{0}` column")]
    MissingHeader(&'static str),
    #[error("no column is chosen for {0}, which every order needs")]
    Unmapped(&'static str),
    #[error("the export could not be written: {0}")]
    Write(String),
}
