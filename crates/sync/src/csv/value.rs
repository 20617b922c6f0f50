//! Reading one cell: quantities, amounts and dates as spreadsheets and exports write them.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::money::to_minor;

/// A positive whole number of units (`3`, `3.0`).
pub(crate) fn quantity(text: &str) -> Result<u32, String> {
    let t = text.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    match t.parse::<u32>() {
        Ok(0) => Err("quantity must be at least 1".into()),
        Ok(q) => Ok(q),
        Err(_) => Err(format!("`{text}` is not a whole number of units")),
    }
}

/// An amount in minor units; a leading currency sign and thousands separators in `1,234.50`
/// are allowed, a decimal comma is not (it is ambiguous).
pub(crate) fn amount(text: &str, currency: &str) -> Result<i64, String> {
    let t = text.trim().trim_start_matches(['$', '€', '£', '¥']).trim();
    let t = if t.contains('.') {
        t.replace(',', "")
    } else {
        t.to_owned()
    };
    to_minor(&t, currency).map_err(|_| format!("`{text}` is not an amount"))
}

/// A date or time: RFC 3339, `2026-03-01 14:05:00 -0500` (Shopify's export), a naive date and
/// time taken as UTC, or a bare date at midnight UTC.
pub(crate) fn date(text: &str) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Ok(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S %z") {
        return Ok(d.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(t, format) {
            return Ok(d.and_utc());
        }
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
        .ok_or_else(|| format!("`{text}` is not a date (use 2026-03-01 or 2026-03-01T14:05:00Z)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_people_write_them() {
        assert_eq!(quantity(" 2 "), Ok(2));
        assert_eq!(quantity("3.0"), Ok(3));
        assert!(quantity("0").is_err());
        assert!(quantity("two").is_err());
        assert_eq!(amount("$1,234.50", "USD"), Ok(123_450));
        assert_eq!(amount("18", "EUR"), Ok(1800));
        assert!(
            amount("12,50", "EUR").is_err(),
            "a decimal comma is ambiguous"
        );
        assert_eq!(
            date("2026-03-01 14:05:00 -0500").unwrap().to_rfc3339(),
            "2026-03-01T19:05:00+00:00"
        );
        assert_eq!(
            date("2026-03-01").unwrap().to_rfc3339(),
            "2026-03-01T00:00:00+00:00"
        );
        assert!(date("01/03/2026").is_err(), "day/month order is ambiguous");
    }
}
