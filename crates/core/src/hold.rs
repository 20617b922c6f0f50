//! Holds: why an order is stopped, who stopped it, and when it may go again.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::event::Actor;

/// The typed reason for a hold; `Custom` carries its words in the hold's note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum HoldReason {
    FraudRisk,
    AddressInvalid,
    PaymentPending,
    OutOfStock,
    ManualReview,
    PartnerRejected,
    Unroutable,
    Custom,
}

impl HoldReason {
    pub const ALL: [HoldReason; 8] = [
        HoldReason::FraudRisk,
        HoldReason::AddressInvalid,
        HoldReason::PaymentPending,
        HoldReason::OutOfStock,
        HoldReason::ManualReview,
        HoldReason::PartnerRejected,
        HoldReason::Unroutable,
        HoldReason::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HoldReason::FraudRisk => "fraud_risk",
            HoldReason::AddressInvalid => "address_invalid",
            HoldReason::PaymentPending => "payment_pending",
            HoldReason::OutOfStock => "out_of_stock",
            HoldReason::ManualReview => "manual_review",
            HoldReason::PartnerRejected => "partner_rejected",
            HoldReason::Unroutable => "unroutable",
            HoldReason::Custom => "custom",
        }
    }
}

impl std::str::FromStr for HoldReason {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        HoldReason::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<_> = HoldReason::ALL.iter().map(|r| r.as_str()).collect();
                format!("`{s}` is not a hold reason (one of: {})", all.join(", "))
            })
    }
}

/// An active hold on an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Hold {
    pub reason: HoldReason,
    pub note: String,
    pub placed_by: Actor,
    pub placed_at: DateTime<Utc>,
    /// The hold lifts itself at this time, if set.
    pub release_at: Option<DateTime<Utc>>,
}
