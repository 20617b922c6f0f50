//! The purchase order a drop-ship vendor receives: a CSV a person opens in a spreadsheet, one
//! row per line with the order's details repeated, so any row stands on its own.

use std::io::Read;

use crate::csv::CsvError;
use crate::money::from_minor;
use crate::partners::HandOff;

pub const PO_HEADERS: [&str; 22] = [
    "PO Number",
    "Order Number",
    "Order Date",
    "Vendor",
    "Ship Speed",
    "Ship To",
    "Company",
    "Address 1",
    "Address 2",
    "City",
    "Region",
    "Postal Code",
    "Country",
    "Phone",
    "Email",
    "Line",
    "SKU",
    "Item",
    "Quantity",
    "Unit Price",
    "Currency",
    "Note",
];

const SKU: usize = 16;
const QUANTITY: usize = 18;

/// The PO for `h` as CSV bytes. The same hand-off always gives the same bytes, so a rewrite
/// after a retry is the same PO.
pub fn purchase_order_csv(h: &HandOff, vendor: &str) -> Result<Vec<u8>, CsvError> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let fail = |e: ::csv::Error| CsvError::Write(e.to_string());
    w.write_record(PO_HEADERS).map_err(fail)?;
    let a = &h.ship_to;
    let opt = |v: Option<&str>| v.unwrap_or_default().to_owned();
    let recipient = if h.recipient.trim().is_empty() {
        a.name.clone()
    } else {
        h.recipient.clone()
    };
    for (i, line) in h.lines.iter().enumerate() {
        w.write_record([
            h.reference.clone(),
            h.order_number.clone(),
            h.placed_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            vendor.to_owned(),
            h.speed.as_str().to_owned(),
            recipient.clone(),
            opt(a.company.as_deref()),
            a.line1.clone(),
            opt(a.line2.as_deref()),
            a.city.clone(),
            opt(a.region.as_deref()),
            a.postal_code.clone(),
            a.country.clone(),
            opt(h.phone()),
            opt(h.email.as_deref()),
            (i + 1).to_string(),
            line.sku.clone(),
            line.name.clone(),
            line.quantity.to_string(),
            from_minor(line.unit_price, &line.currency),
            line.currency.clone(),
            opt(h.note.as_deref()),
        ])
        .map_err(fail)?;
    }
    w.into_inner().map_err(|e| CsvError::Write(e.to_string()))
}

/// `(sku, units)` ordered on a PO this module wrote: what a vendor's confirmations are held to.
pub fn ordered_lines(input: impl Read) -> Result<Vec<(String, u32)>, CsvError> {
    let mut reader = ::csv::Reader::from_reader(input);
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| CsvError::Unreadable(e.to_string()))?;
        let sku = record.get(SKU).unwrap_or_default();
        let units = record
            .get(QUANTITY)
            .and_then(|q| q.parse::<u32>().ok())
            .ok_or_else(|| CsvError::Unreadable(format!("no quantity for SKU `{sku}`")))?;
        crate::partners::status::add_units(&mut out, sku, units);
    }
    Ok(out)
}
