//! Rows → orders, with every problem named by row number and column.

use std::collections::BTreeMap;
use std::io::Read;

use chrono::{DateTime, Utc};
use waybill_core::{Address, Customer, NewOrder, OrderLine, OrderStatus, PaymentStatus};

use super::CsvError;
use super::mapping::{ColumnMapping, Field};
use super::value;

/// One row's problem. `row` is the line of the file as a spreadsheet numbers it (the header is
/// row 1), so a person can find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    /// The header of the column at fault, when one is.
    pub column: Option<String>,
    pub problem: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(c) => write!(f, "row {}, column `{c}`: {}", self.row, self.problem),
            None => write!(f, "row {}: {}", self.row, self.problem),
        }
    }
}

/// What a file yielded: the orders that read cleanly, and every row that did not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CsvImport {
    pub orders: Vec<NewOrder>,
    pub errors: Vec<RowError>,
    /// Data rows read (not counting the header).
    pub rows: usize,
}

/// Every order in the file. Orders come out in the order their first row appears; imported
/// orders are `ready` and paid (files come from channels that sell paid orders), placed `now`
/// when the file has no date column.
pub fn import_orders(
    input: impl Read,
    mapping: &ColumnMapping,
    now: DateTime<Utc>,
) -> Result<CsvImport, CsvError> {
    read(input, mapping, now, usize::MAX)
}

/// The first `limit` orders and the errors met on the way: what the import screen shows before
/// anyone commits to a mapping.
pub fn preview_orders(
    input: impl Read,
    mapping: &ColumnMapping,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<CsvImport, CsvError> {
    read(input, mapping, now, limit)
}

struct Row {
    number: usize,
    cells: ::csv::StringRecord,
}

fn read(
    input: impl Read,
    mapping: &ColumnMapping,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<CsvImport, CsvError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(input);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| CsvError::Unreadable(e.to_string()))?
        .iter()
        .map(str::to_owned)
        .collect();
    let positions = mapping.positions(&headers)?;
    let id_at = positions.get(&Field::ExternalId).copied().unwrap_or(0);

    let mut out = CsvImport::default();
    // Orders in first-seen order: id → rows. Grouping needs the whole group, so a preview reads
    // until `limit` orders are complete plus one more id (rows of one order are adjacent in every
    // export we know; a scattered order is still grouped, just later).
    let mut groups: Vec<(String, Vec<Row>)> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let number = i + 2;
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
        let id = cells.get(id_at).unwrap_or_default().to_owned();
        if id.is_empty() {
            out.errors.push(RowError {
                row: number,
                column: mapping.header(Field::ExternalId).map(str::to_owned),
                problem: "the order id is empty".into(),
            });
            continue;
        }
        match index.get(&id) {
            Some(&g) => groups[g].1.push(Row { number, cells }),
            None => {
                if groups.len() == limit {
                    break;
                }
                index.insert(id.clone(), groups.len());
                groups.push((id, vec![Row { number, cells }]));
            }
        }
    }

    for (id, rows) in groups {
        match build(&id, &rows, mapping, &positions, now) {
            Ok(order) => out.orders.push(order),
            Err(mut errors) => {
                for e in &mut errors {
                    e.problem = format!("{}; order {id} is left out", e.problem);
                }
                out.errors.extend(errors);
            }
        }
    }
    out.errors.sort_by_key(|e| e.row);
    Ok(out)
}

/// Reads cells of one row, collecting problems instead of stopping at the first.
struct Cells<'a> {
    row: &'a Row,
    mapping: &'a ColumnMapping,
    positions: &'a BTreeMap<Field, usize>,
    errors: Vec<RowError>,
}

impl Cells<'_> {
    fn text(&self, field: Field) -> Option<String> {
        let i = *self.positions.get(&field)?;
        let v = self.row.cells.get(i)?.trim();
        (!v.is_empty()).then(|| v.to_owned())
    }

    fn fail(&mut self, field: Field, problem: String) {
        self.errors.push(RowError {
            row: self.row.number,
            column: self.mapping.header(field).map(str::to_owned),
            problem,
        });
    }

    fn required(&mut self, field: Field) -> Option<String> {
        let v = self.text(field);
        if v.is_none() {
            self.fail(field, format!("the {} is missing", field.label()));
        }
        v
    }

    fn parse<T>(&mut self, field: Field, f: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        let text = self.text(field)?;
        match f(&text) {
            Ok(v) => Some(v),
            Err(problem) => {
                self.fail(field, problem);
                None
            }
        }
    }
}

fn build(
    id: &str,
    rows: &[Row],
    mapping: &ColumnMapping,
    positions: &BTreeMap<Field, usize>,
    now: DateTime<Utc>,
) -> Result<NewOrder, Vec<RowError>> {
    let mut errors = Vec::new();
    // Order-level values come from the first row that has them (exports often fill them only
    // on an order's first row), with that row's number for error reports.
    let order_level = |field: Field| -> Option<(usize, String)> {
        let i = *positions.get(&field)?;
        rows.iter().find_map(|row| {
            let v = row.cells.get(i)?.trim();
            (!v.is_empty()).then(|| (row.number, v.to_owned()))
        })
    };
    let first = |field: Field| order_level(field).map(|(_, text)| text);
    let currency = first(Field::Currency)
        .map(|c| c.to_ascii_uppercase())
        .unwrap_or_else(|| mapping.default_currency.clone());

    let mut lines = Vec::with_capacity(rows.len());
    for row in rows {
        let mut cells = Cells {
            row,
            mapping,
            positions,
            errors: Vec::new(),
        };
        let sku = cells.required(Field::Sku);
        let quantity = match cells.required(Field::Quantity) {
            Some(_) => cells.parse(Field::Quantity, value::quantity),
            None => None,
        };
        let unit_price = cells
            .parse(Field::UnitPrice, |t| value::amount(t, &currency))
            .unwrap_or(0);
        let name = cells.text(Field::ItemName);
        errors.append(&mut cells.errors);
        if let (Some(sku), Some(quantity)) = (sku, quantity) {
            lines.push(OrderLine {
                name: name.unwrap_or_else(|| sku.clone()),
                sku,
                quantity,
                unit_price,
                unit_weight_g: 0,
                product_tags: Vec::new(),
            });
        }
    }

    let money = |field: Field, errors: &mut Vec<RowError>| -> i64 {
        match order_level(field) {
            Some((row, text)) => value::amount(&text, &currency).unwrap_or_else(|problem| {
                errors.push(RowError {
                    row,
                    column: mapping.header(field).map(str::to_owned),
                    problem,
                });
                0
            }),
            None => 0,
        }
    };
    let shipping_paid = money(Field::Shipping, &mut errors);
    let tax = money(Field::Tax, &mut errors);
    let stated_total = positions
        .contains_key(&Field::Total)
        .then(|| money(Field::Total, &mut errors));
    let placed_at = match order_level(Field::PlacedAt) {
        Some((row, text)) => value::date(&text).unwrap_or_else(|problem| {
            errors.push(RowError {
                row,
                column: mapping.header(Field::PlacedAt).map(str::to_owned),
                problem,
            });
            now
        }),
        None => now,
    };
    if !errors.is_empty() {
        return Err(errors);
    }

    let subtotal: i64 = lines
        .iter()
        .map(|l| l.unit_price * i64::from(l.quantity))
        .sum();
    let name = first(Field::ShipName).or_else(|| first(Field::CustomerName));
    let ship_to = Address {
        name: name.clone().unwrap_or_default(),
        company: first(Field::Company),
        line1: first(Field::Line1).unwrap_or_default(),
        line2: first(Field::Line2),
        city: first(Field::City).unwrap_or_default(),
        region: first(Field::Region),
        postal_code: first(Field::PostalCode).unwrap_or_default(),
        country: first(Field::Country)
            .map(|c| c.to_ascii_uppercase())
            .unwrap_or_default(),
        phone: first(Field::Phone),
        residential: None,
    };
    Ok(NewOrder {
        external_id: id.to_owned(),
        number: first(Field::Number).unwrap_or_else(|| id.to_owned()),
        status: OrderStatus::Ready,
        channel_status: "imported".into(),
        payment_status: PaymentStatus::Paid,
        customer: Customer {
            name: first(Field::CustomerName).or(name).unwrap_or_default(),
            email: first(Field::Email),
            phone: first(Field::Phone),
        },
        ship_to,
        bill_to: None,
        requested_service: first(Field::Service),
        lines,
        currency,
        subtotal,
        shipping_paid,
        tax,
        total: stated_total.unwrap_or(subtotal + shipping_paid + tax),
        tags: first(Field::Tags)
            .map(|t| {
                t.split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        customer_notes: first(Field::Notes),
        gift: false,
        placed_at,
        updated_at: placed_at,
        ship_by: None,
    })
}
