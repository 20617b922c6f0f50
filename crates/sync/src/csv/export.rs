//! Orders → CSV, one row per line, with headers the import's guess recognises, so an export
//! reads back without choosing columns.

use std::io::Write;

use waybill_core::Order;

use super::CsvError;
use crate::money::from_minor;

pub const EXPORT_HEADERS: [&str; 27] = [
    "Order ID",
    "Number",
    "Status",
    "Placed At",
    "Customer",
    "Email",
    "Phone",
    "Ship Name",
    "Company",
    "Address 1",
    "Address 2",
    "City",
    "Region",
    "Postal Code",
    "Country",
    "SKU",
    "Item",
    "Quantity",
    "Unit Price",
    "Currency",
    "Shipping",
    "Tax",
    "Total",
    "Service",
    "Tags",
    "Notes",
    "Carrier",
];

pub fn export_orders(orders: &[Order], output: impl Write) -> Result<(), CsvError> {
    let mut w = ::csv::Writer::from_writer(output);
    let fail = |e: ::csv::Error| CsvError::Write(e.to_string());
    w.write_record(EXPORT_HEADERS).map_err(fail)?;
    for o in orders {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let money = |minor: i64| from_minor(minor, &o.currency);
        for line in &o.lines {
            w.write_record([
                o.external_id.clone(),
                o.number.clone(),
                o.status.as_str().to_owned(),
                o.placed_at.to_rfc3339(),
                o.customer.name.clone(),
                opt(&o.customer.email),
                opt(&o.customer.phone),
                o.ship_to.name.clone(),
                opt(&o.ship_to.company),
                o.ship_to.line1.clone(),
                opt(&o.ship_to.line2),
                o.ship_to.city.clone(),
                opt(&o.ship_to.region),
                o.ship_to.postal_code.clone(),
                o.ship_to.country.clone(),
                line.sku.clone(),
                line.name.clone(),
                line.quantity.to_string(),
                money(line.unit_price),
                o.currency.clone(),
                money(o.shipping_paid),
                money(o.tax),
                money(o.total),
                opt(&o.requested_service),
                o.tags.join(", "),
                opt(&o.customer_notes),
                opt(&o.carrier),
            ])
            .map_err(fail)?;
        }
    }
    w.flush().map_err(|e| CsvError::Write(e.to_string()))
}
