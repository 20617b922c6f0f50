//! Decimal amounts as channels send them (`"12.50"`, `18.5`) → integer minor units, exactly:
//! never through a float, which would turn 0.29 into 28.999… cents.

use waybill_core::Money;

use crate::connector::ConnectorError;

/// `amount` (a decimal string, optionally signed) in minor units of `currency`.
pub(crate) fn to_minor(amount: &str, currency: &str) -> Result<i64, ConnectorError> {
    let exponent = Money::new(0, currency).exponent() as usize;
    let bad = || ConnectorError::Malformed(format!("`{amount}` is not an amount of {currency}"));
    let text = amount.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if (whole.is_empty() && frac.is_empty())
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    // Digits beyond the currency's precision must be zeros (`12.500`); anything else would be a
    // fraction of a cent we would silently drop.
    let (kept, dropped) = frac.split_at(frac.len().min(exponent));
    if dropped.chars().any(|c| c != '0') {
        return Err(bad());
    }
    let scaled = format!("{}{:0<exponent$}", whole, kept);
    let value: i64 = if scaled.is_empty() {
        0
    } else {
        scaled.parse().map_err(|_| bad())?
    };
    Ok(if negative { -value } else { value })
}

/// Minor units of `currency` as a decimal string (`1250`, `USD` → `12.50`): what CSV export
/// writes and [`to_minor`] reads back.
pub(crate) fn from_minor(minor: i64, currency: &str) -> String {
    let exponent = Money::new(0, currency).exponent();
    if exponent == 0 {
        return minor.to_string();
    }
    let scale = 10u64.pow(exponent);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / scale,
        abs % scale,
        width = exponent as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_units_print_as_decimals_that_read_back_the_same() {
        for (minor, currency, text) in [
            (1250, "USD", "12.50"),
            (-5, "EUR", "-0.05"),
            (1200, "JPY", "1200"),
            (1234, "KWD", "1.234"),
        ] {
            assert_eq!(from_minor(minor, currency), text);
            assert_eq!(to_minor(text, currency).unwrap(), minor);
        }
    }

    #[test]
    fn decimal_amounts_become_exact_minor_units() {
        assert_eq!(to_minor("12.50", "USD").unwrap(), 1250);
        assert_eq!(to_minor("0.29", "USD").unwrap(), 29);
        assert_eq!(to_minor("18.5", "EUR").unwrap(), 1850);
        assert_eq!(to_minor("7", "USD").unwrap(), 700);
        assert_eq!(to_minor("1200", "JPY").unwrap(), 1200);
        assert_eq!(to_minor("1.234", "KWD").unwrap(), 1234);
        assert_eq!(to_minor("12.500", "USD").unwrap(), 1250);
        assert_eq!(to_minor("-3.10", "USD").unwrap(), -310);
    }

    #[test]
    fn amounts_that_are_not_numbers_or_hide_fractions_of_a_cent_are_malformed() {
        for bad in ["", "abc", "1,50", "12.505", "1.2.3", "--1"] {
            assert!(to_minor(bad, "USD").is_err(), "`{bad}` must be refused");
        }
    }
}
