//! Prefixed, sortable identifiers (`ord_01J…`): a ULID behind a short type prefix.
//!
//! The prefix makes an id self-describing in logs, URLs and support tickets; the ULID makes ids
//! sortable by creation time and unique without coordination between stations.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why a string is not an id of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{value}` is not a valid {kind} id (expected `{prefix}_` followed by a 26-character ULID)"
)]
pub struct IdParseError {
    pub kind: &'static str,
    pub prefix: &'static str,
    pub value: String,
}

macro_rules! prefixed_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $kind:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(try_from = "String", into = "String")]
        #[cfg_attr(feature = "specta", specta(transparent))]
        pub struct $name(String);

        impl $name {
            pub const PREFIX: &'static str = $prefix;

            /// A fresh id, ordered after every id made earlier on this machine's clock.
            pub fn new() -> Self {
                Self(format!("{}_{}", $prefix, ulid::Ulid::new()))
            }

            /// A deterministic id from a ULID's parts (seeding, tests).
            pub fn from_parts(timestamp_ms: u64, random: u128) -> Self {
                Self(format!("{}_{}", $prefix, ulid::Ulid::from_parts(timestamp_ms, random)))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let valid = s
                    .strip_prefix(concat!($prefix, "_"))
                    .is_some_and(|rest| ulid::Ulid::from_string(rest).is_ok());
                if valid {
                    Ok(Self(s.to_owned()))
                } else {
                    Err(IdParseError { kind: $kind, prefix: $prefix, value: s.to_owned() })
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdParseError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

prefixed_id!(
    /// An order in Waybill (not the channel's number for it).
    OrderId, "ord", "order"
);
prefixed_id!(
    /// A sales channel: a storefront, marketplace or CSV feed.
    ChannelId, "chn", "channel"
);
prefixed_id!(
    /// A place orders ship from: warehouse, store, vendor, 3PL, Amazon MCF.
    LocationId, "loc", "location"
);
prefixed_id!(
    /// A routing rule.
    RuleId, "rul", "rule"
);
prefixed_id!(
    /// An outbound webhook endpoint a person configured.
    WebhookEndpointId, "whe", "webhook endpoint"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_carry_their_prefix_and_round_trip() {
        let id = OrderId::new();
        assert!(id.as_str().starts_with("ord_"));
        assert_eq!(id.as_str().parse::<OrderId>(), Ok(id.clone()));
    }

    #[test]
    fn an_id_of_another_kind_is_refused_with_a_clear_message() {
        let channel = ChannelId::new();
        let err = channel.as_str().parse::<OrderId>().unwrap_err();
        assert!(err.to_string().contains("not a valid order id"), "{err}");
        assert!("ord_not-a-ulid".parse::<OrderId>().is_err());
    }

    #[test]
    fn ids_made_later_sort_after_earlier_ones() {
        let a = OrderId::from_parts(1_000, 5);
        let b = OrderId::from_parts(2_000, 1);
        assert!(a < b, "ids must sort by creation time");
    }
}
