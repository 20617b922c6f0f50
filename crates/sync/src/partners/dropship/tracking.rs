//! A vendor's tracking file → shipment updates per PO, with every problem named by row.
//!
//! Columns (any order, any case): `reference,sku,quantity,carrier,tracking,shipped_at`, one row
//! per SKU per parcel. Rows sharing carrier and tracking number are one parcel. A bad row is
//! left out and reported; the PO's other rows still count, since goods did leave.

use std::collections::BTreeMap;
use std::io::Read;

use chrono::{DateTime, Utc};

use crate::csv::value::{date, quantity};
use crate::csv::{CsvError, RowError};
use crate::partners::status::add_units;
use crate::partners::{PartnerStatus, ShippedPackage};

pub const TRACKING_HEADERS: [&str; 6] = [
    "reference",
    "sku",
    "quantity",
    "carrier",
    "tracking",
    "shipped_at",
];

/// What a tracking file said: a `Shipped` update per PO it names, and the rows it could not use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrackingImport {
    pub updates: Vec<(String, PartnerStatus)>,
    pub errors: Vec<RowError>,
    /// Data rows read (not counting the header).
    pub rows: usize,
}

struct Row {
    number: usize,
    reference: String,
    sku: String,
    units: u32,
    carrier: String,
    tracking: String,
    shipped_at: DateTime<Utc>,
}

/// Reads a tracking file. `ordered` gives the `(sku, units)` of a PO sent to this vendor, or
/// `None` for a reference that is no PO of theirs; it decides which rows are believable and
/// when a PO is complete (everything ordered has shipped).
pub fn read_tracking(
    input: impl Read,
    ordered: impl Fn(&str) -> Option<Vec<(String, u32)>>,
) -> Result<TrackingImport, CsvError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(input);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| CsvError::Unreadable(e.to_string()))?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let mut at = [0usize; 6];
    for (i, name) in TRACKING_HEADERS.iter().enumerate() {
        at[i] = headers
            .iter()
            .position(|h| h == name)
            .ok_or(CsvError::MissingHeader(name))?;
    }

    let mut out = TrackingImport::default();
    let mut rows: Vec<Row> = Vec::new();
    let mut pos: BTreeMap<String, Option<Vec<(String, u32)>>> = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let number = i + 2;
        let fail = |column: usize, problem: String| RowError {
            row: number,
            column: Some(TRACKING_HEADERS[column].to_owned()),
            problem,
        };
        let cells = match record {
            Ok(r) => r,
            Err(e) => {
                out.errors.push(RowError {
                    row: number,
                    column: None,
                    problem: format!("unreadable: {e}"),
                });
                continue;
            }
        };
        out.rows += 1;
        let cell = |c: usize| cells.get(at[c]).unwrap_or_default().to_owned();
        let mut problems = Vec::new();
        let reference = cell(0);
        let sku = cell(1);
        let po = pos
            .entry(reference.clone())
            .or_insert_with(|| ordered(&reference));
        if reference.is_empty() {
            problems.push(fail(0, "the PO reference is empty".into()));
        } else if po.is_none() {
            problems.push(fail(
                0,
                format!("no purchase order `{reference}` was sent to this vendor"),
            ));
        }
        if sku.is_empty() {
            problems.push(fail(1, "the SKU is empty".into()));
        } else if let Some(lines) = po
            && !lines.iter().any(|(s, _)| *s == sku)
        {
            problems.push(fail(
                1,
                format!("SKU `{sku}` is not on purchase order `{reference}`"),
            ));
        }
        let units = quantity(&cell(2))
            .map_err(|p| problems.push(fail(2, p)))
            .ok();
        for (c, what) in [(3, "carrier"), (4, "tracking number")] {
            if cell(c).is_empty() {
                problems.push(fail(c, format!("the {what} is empty")));
            }
        }
        let shipped_at = date(&cell(5)).map_err(|p| problems.push(fail(5, p))).ok();
        match (units, shipped_at) {
            (Some(units), Some(shipped_at)) if problems.is_empty() => rows.push(Row {
                number,
                reference,
                sku,
                units,
                carrier: cell(3),
                tracking: cell(4),
                shipped_at,
            }),
            _ => out.errors.extend(problems),
        }
    }

    // Per PO, in first-seen order: parcels, and no more units than were ordered.
    let mut order: Vec<String> = Vec::new();
    for r in &rows {
        if !order.contains(&r.reference) {
            order.push(r.reference.clone());
        }
    }
    for reference in order {
        let lines = pos.get(&reference).cloned().flatten().unwrap_or_default();
        let mut shipped: Vec<(String, u32)> = Vec::new();
        let mut packages: Vec<ShippedPackage> = Vec::new();
        for r in rows.iter().filter(|r| r.reference == reference) {
            let ordered_units = lines
                .iter()
                .find(|(s, _)| *s == r.sku)
                .map_or(0, |(_, q)| *q);
            let so_far = shipped
                .iter()
                .find(|(s, _)| *s == r.sku)
                .map_or(0, |(_, q)| *q);
            if so_far + r.units > ordered_units {
                out.errors.push(RowError {
                    row: r.number,
                    column: Some("quantity".into()),
                    problem: format!(
                        "ships {} of `{}` in all, but purchase order `{reference}` ordered {ordered_units}",
                        so_far + r.units,
                        r.sku
                    ),
                });
                continue;
            }
            add_units(&mut shipped, &r.sku, r.units);
            match packages
                .iter_mut()
                .find(|p| p.carrier == r.carrier && p.tracking == r.tracking)
            {
                Some(p) => {
                    add_units(&mut p.lines, &r.sku, r.units);
                    p.shipped_at = p.shipped_at.min(r.shipped_at);
                }
                None => packages.push(ShippedPackage {
                    carrier: r.carrier.clone(),
                    tracking: r.tracking.clone(),
                    shipped_at: r.shipped_at,
                    lines: vec![(r.sku.clone(), r.units)],
                }),
            }
        }
        if packages.is_empty() {
            continue;
        }
        let complete = lines.iter().all(|(sku, q)| {
            shipped
                .iter()
                .find(|(s, _)| s == sku)
                .map_or(0, |(_, u)| *u)
                >= *q
        });
        out.updates
            .push((reference, PartnerStatus::Shipped { packages, complete }));
    }
    out.errors.sort_by_key(|e| e.row);
    Ok(out)
}
