//! Money as integer minor units plus an ISO 4217 currency code: never a float.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An amount in minor units (cents, pence, yen) of `currency`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Money {
    /// Minor units; safe as a JavaScript number up to 2^53.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub minor: i64,
    /// ISO 4217 code, upper case (`USD`).
    pub currency: String,
}

impl Money {
    pub fn new(minor: i64, currency: impl Into<String>) -> Self {
        Self {
            minor,
            currency: currency.into(),
        }
    }

    /// Digits after the decimal point for the currency (ISO 4217 exponent).
    pub fn exponent(&self) -> u32 {
        match self.currency.as_str() {
            "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "HUF" => 0,
            "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
            _ => 2,
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let exp = self.exponent();
        if exp == 0 {
            return write!(f, "{} {}", self.minor, self.currency);
        }
        let scale = 10i64.pow(exp);
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let scale = scale.unsigned_abs();
        write!(
            f,
            "{sign}{}.{:0width$} {}",
            abs / scale,
            abs % scale,
            self.currency,
            width = exp as usize
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_displays_with_the_currency_exponent() {
        assert_eq!(Money::new(12_345, "USD").to_string(), "123.45 USD");
        assert_eq!(Money::new(-5, "EUR").to_string(), "-0.05 EUR");
        assert_eq!(Money::new(1200, "JPY").to_string(), "1200 JPY");
        assert_eq!(Money::new(1001, "KWD").to_string(), "1.001 KWD");
    }
}
