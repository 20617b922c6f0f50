//! Postal addresses and the checks a person's edit must pass.

use serde::{Deserialize, Serialize};

/// A postal address as the channel sent it or a person corrected it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Address {
    pub name: String,
    pub company: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    /// State, province or region code (`CA`, `ON`, `NSW`).
    pub region: Option<String>,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2 (`US`, `DE`).
    pub country: String,
    pub phone: Option<String>,
    /// Whether the carrier treats it as residential; `None` when not known.
    pub residential: Option<bool>,
}

/// One problem with an address, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct AddressProblem {
    pub field: &'static str,
    pub problem: &'static str,
}

impl Address {
    /// Everything wrong with this address for shipping, in field order; empty when it is usable.
    pub fn problems(&self) -> Vec<AddressProblem> {
        let mut out = Vec::new();
        let mut need = |field: &'static str, value: &str| {
            if value.trim().is_empty() {
                out.push(AddressProblem {
                    field,
                    problem: "must not be empty",
                });
            }
        };
        need("name", &self.name);
        need("line1", &self.line1);
        need("city", &self.city);
        need("postal_code", &self.postal_code);
        need("country", &self.country);
        let country = self.country.trim();
        let is_iso_code = country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase());
        if !country.is_empty() && !is_iso_code {
            out.push(AddressProblem {
                field: "country",
                problem: "must be a two-letter ISO country code such as US or DE",
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> Address {
        Address {
            name: "Ada Lovelace".into(),
            line1: "1 Analytical Way".into(),
            city: "London".into(),
            postal_code: "N1 9GU".into(),
            country: "GB".into(),
            ..Address::default()
        }
    }

    #[test]
    fn a_complete_address_has_no_problems() {
        assert!(valid().problems().is_empty());
    }

    #[test]
    fn empty_required_fields_are_named() {
        let a = Address {
            city: "  ".into(),
            postal_code: String::new(),
            ..valid()
        };
        let fields: Vec<_> = a.problems().iter().map(|p| p.field).collect();
        assert_eq!(fields, ["city", "postal_code"]);
    }

    #[test]
    fn country_must_be_an_iso_code() {
        let a = Address {
            country: "United Kingdom".into(),
            ..valid()
        };
        assert_eq!(a.problems()[0].field, "country");
    }
}
