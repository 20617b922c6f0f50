//! CSV import for channels without an API: grouping rows into orders, row-numbered errors, the
//! preview, the guessed mapping, and export that reads back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{TimeZone, Utc};
use waybill_core::{ChannelId, OrderId};
use waybill_sync::csv::{
    ColumnMapping, CsvError, Field, export_orders, import_orders, preview_orders,
};
use waybill_sync::fakes::fixtures::csv as fx;

fn headers(text: &str) -> Vec<String> {
    text.lines()
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect()
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap()
}

#[test]
fn rows_sharing_an_order_id_become_one_order_with_order_fields_from_its_first_row() {
    let mapping = ColumnMapping::guess(&headers(fx::ORDERS), "EUR");
    let out = import_orders(fx::ORDERS.as_bytes(), &mapping, now()).unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.rows, 3);
    assert_eq!(out.orders.len(), 2);
    let o = &out.orders[0];
    assert_eq!(o.external_id, "M-100");
    assert_eq!(
        o.number, "M-100",
        "without a number column the id is the number"
    );
    assert_eq!(o.lines.len(), 2);
    assert_eq!(
        (
            o.lines[1].sku.as_str(),
            o.lines[1].quantity,
            o.lines[1].unit_price
        ),
        ("TEE-NVY-M", 1, 2900)
    );
    assert_eq!(o.currency, "USD");
    assert_eq!((o.subtotal, o.shipping_paid, o.total), (6500, 600, 7100));
    assert_eq!(o.ship_to.country, "US", "country codes are upper-cased");
    assert_eq!(o.ship_to.postal_code, "78701");
    assert_eq!(o.customer.email.as_deref(), Some("ada@example.com"));
    assert_eq!(
        o.placed_at,
        Utc.with_ymd_and_hms(2026, 3, 1, 9, 15, 0).unwrap()
    );
    assert_eq!(
        out.orders[1].lines[0].unit_price, 2400,
        "a currency sign is allowed"
    );
}

#[test]
fn bad_rows_are_named_by_row_and_column_and_their_whole_order_is_left_out() {
    let mapping = ColumnMapping::guess(&headers(fx::BAD_ROWS), "USD");
    let out = import_orders(fx::BAD_ROWS.as_bytes(), &mapping, now()).unwrap();
    let ids: Vec<_> = out.orders.iter().map(|o| o.external_id.as_str()).collect();
    assert_eq!(ids, ["B-1"], "B-2 is not imported short of its broken line");
    let errors: Vec<String> = out.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "row 3, column `Qty`: `two` is not a whole number of units; order B-2 is left out",
            "row 5, column `Order Date`: `03/01/2026` is not a date (use 2026-03-01 or 2026-03-01T14:05:00Z); order B-3 is left out",
            "row 6, column `SKU`: the SKU is missing; order B-4 is left out",
            "row 7, column `Order ID`: the order id is empty",
            "row 8, column `Unit Price`: `12.5O` is not an amount; order B-5 is left out",
        ]
    );
}

#[test]
fn the_preview_shows_the_first_orders_and_the_errors_met_on_the_way() {
    let mapping = ColumnMapping::guess(&headers(fx::BAD_ROWS), "USD");
    let out = preview_orders(fx::BAD_ROWS.as_bytes(), &mapping, now(), 2).unwrap();
    assert_eq!(out.orders.len(), 1);
    assert_eq!(out.errors.len(), 1, "only B-1 and B-2 were read");
    assert_eq!(out.errors[0].row, 3);
}

#[test]
fn a_mapping_that_names_a_column_the_file_lacks_is_refused_before_any_row() {
    let mut mapping = ColumnMapping::guess(&headers(fx::ORDERS), "USD");
    mapping.columns.insert(Field::Tax, "VAT".into());
    let err = import_orders(fx::ORDERS.as_bytes(), &mapping, now()).unwrap_err();
    assert!(
        matches!(err, CsvError::MissingColumn { field: "tax", .. }),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "the column `VAT` chosen for tax is not in the file"
    );
}

#[test]
fn exported_orders_import_back_with_the_guessed_mapping() {
    let mapping = ColumnMapping::guess(&headers(fx::ORDERS), "USD");
    let imported = import_orders(fx::ORDERS.as_bytes(), &mapping, now()).unwrap();
    let stored: Vec<_> = imported
        .orders
        .iter()
        .cloned()
        .map(|o| o.into_order(OrderId::new(), ChannelId::new()))
        .collect();
    let mut file = Vec::new();
    export_orders(&stored, &mut file).unwrap();

    let text = String::from_utf8(file).unwrap();
    let again_mapping = ColumnMapping::guess(&headers(&text), "USD");
    let again = import_orders(text.as_bytes(), &again_mapping, now()).unwrap();
    assert!(again.errors.is_empty(), "{:?}", again.errors);
    for (a, b) in imported.orders.iter().zip(&again.orders) {
        assert_eq!(a.lines, b.lines);
        assert_eq!(a.ship_to, b.ship_to);
        assert_eq!(
            (a.total, a.shipping_paid, &a.currency),
            (b.total, b.shipping_paid, &b.currency)
        );
        assert_eq!(a.placed_at, b.placed_at);
    }
}
