//! Stock counts from a CSV file (a stocktake, a spreadsheet from the floor): `sku`, `location`
//! (id or name; optional when the caller names one) and `on_hand`, optionally `name` for SKUs
//! new to the catalogue. A file with any bad row changes nothing and names every bad row.

use serde::{Deserialize, Serialize};
use waybill_core::{Actor, LocationId};

use super::stock::{StockChange, StockOutcome, add_missing_products};
use crate::{App, AppError, ErrorCode};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CountRowError {
    /// 1-based line in the file (the header is line 1).
    pub line: u32,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CountImport {
    pub rows: u32,
    /// Empty when the file was refused.
    pub outcome: Option<StockOutcome>,
    pub errors: Vec<CountRowError>,
}

impl App {
    /// Applies the counts in `csv_text` (all or none).
    pub async fn import_counts(
        &self,
        csv_text: &str,
        location: Option<&LocationId>,
        actor: &Actor,
    ) -> Result<CountImport, AppError> {
        let locations = self.store.location_rows().await?;
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(csv_text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| AppError::new(ErrorCode::InvalidInput, format!("line 1: {e}")))?
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .collect();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let (Some(sku_col), Some(count_col)) = (col("sku"), col("on_hand")) else {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "line 1: the file needs `sku` and `on_hand` columns",
            ));
        };
        let location_col = col("location");
        let name_col = col("name");
        let mut named: Vec<(String, String)> = Vec::new();
        if location_col.is_none() && location.is_none() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "line 1: the file has no `location` column: name the location to count",
            ));
        }
        let mut changes = Vec::new();
        let mut errors = Vec::new();
        let mut rows = 0;
        for (i, record) in reader.records().enumerate() {
            let line = i as u32 + 2;
            rows += 1;
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    errors.push(CountRowError {
                        line,
                        message: e.to_string(),
                    });
                    continue;
                }
            };
            let field = |c: usize| record.get(c).unwrap_or("").trim();
            let sku = field(sku_col);
            if sku.is_empty() {
                errors.push(CountRowError {
                    line,
                    message: "sku is empty".into(),
                });
                continue;
            }
            let on_hand = match field(count_col).parse::<u32>() {
                Ok(n) => n,
                Err(_) => {
                    errors.push(CountRowError {
                        line,
                        message: format!(
                            "on_hand `{}` is not a whole number of units",
                            field(count_col)
                        ),
                    });
                    continue;
                }
            };
            let at = match location_col.map(field).filter(|s| !s.is_empty()) {
                Some(name) => match locations.iter().find(|l| {
                    l.location.id.as_str() == name || l.location.name.eq_ignore_ascii_case(name)
                }) {
                    Some(l) => l.location.id.clone(),
                    None => {
                        errors.push(CountRowError {
                            line,
                            message: format!("there is no location `{name}`"),
                        });
                        continue;
                    }
                },
                None => match location {
                    Some(l) => l.clone(),
                    None => {
                        errors.push(CountRowError {
                            line,
                            message: "location is empty".into(),
                        });
                        continue;
                    }
                },
            };
            if let Some(name) = name_col.map(field).filter(|n| !n.is_empty()) {
                named.push((sku.to_owned(), name.to_owned()));
            }
            changes.push(StockChange::Count {
                location_id: at,
                sku: sku.to_owned(),
                on_hand,
            });
        }
        if !errors.is_empty() {
            return Ok(CountImport {
                rows,
                outcome: None,
                errors,
            });
        }
        self.name_new_products(&named).await?;
        let outcome = self.change_stock(&changes, actor).await?;
        Ok(CountImport {
            rows,
            outcome: Some(outcome),
            errors,
        })
    }
}

impl App {
    /// Adds the SKUs a counts file names that the catalogue does not know yet, with their
    /// names; products already there keep theirs.
    async fn name_new_products(&self, named: &[(String, String)]) -> Result<(), AppError> {
        if named.is_empty() {
            return Ok(());
        }
        let named: Vec<(&str, &str)> = named
            .iter()
            .map(|(s, n)| (s.as_str(), n.as_str()))
            .collect();
        let mut tx = self.store.begin().await?;
        add_missing_products(&mut tx, &named, self.now()).await?;
        tx.commit().await?;
        Ok(())
    }
}
