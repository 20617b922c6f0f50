//! A hand-off the partner fakes know how to serve: two mugs and a tee to an address in Troy,
//! Michigan, for process tests that need one without caring about its details.

use chrono::{TimeZone, Utc};
use waybill_core::Address;

use crate::partners::{HandOff, HandOffLine, ShippingSpeed};

/// Shipment `reference` of order `#1001`: 2 × `MUG-BLK-12` at $18.00, 1 × `TEE-WHT-M` at $22.00.
pub fn sample_handoff(reference: &str) -> HandOff {
    HandOff {
        reference: reference.to_owned(),
        order_number: "#1001".into(),
        placed_at: Utc
            .with_ymd_and_hms(2026, 3, 1, 9, 0, 0)
            .single()
            .unwrap_or_default(),
        ship_to: Address {
            name: "Ada Lovelace".into(),
            company: None,
            line1: "1234 Amazon Way".into(),
            line2: Some("Suite 123".into()),
            city: "Troy".into(),
            region: Some("MI".into()),
            postal_code: "48084".into(),
            country: "US".into(),
            phone: Some("+1 248 555 0100".into()),
            residential: Some(true),
        },
        recipient: "Ada Lovelace".into(),
        email: Some("ada@example.com".into()),
        phone: None,
        lines: vec![
            HandOffLine {
                sku: "MUG-BLK-12".into(),
                name: "Stoneware mug, black, 12 oz".into(),
                quantity: 2,
                unit_price: 1800,
                currency: "USD".into(),
            },
            HandOffLine {
                sku: "TEE-WHT-M".into(),
                name: "Tee, white, M".into(),
                quantity: 1,
                unit_price: 2200,
                currency: "USD".into(),
            },
        ],
        speed: ShippingSpeed::Standard,
        note: Some("Gift: please leave out the invoice".into()),
    }
}
