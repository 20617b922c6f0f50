//! The canonical order statuses and the one place that decides which transitions are legal.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One list of statuses used everywhere: store, UI, CLI, API. Channels map theirs onto these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    AwaitingPayment,
    OnHold,
    /// Routed and waiting to ship.
    Ready,
    /// Sent to a fulfillment partner.
    HandedOff,
    PartiallyShipped,
    Shipped,
    Cancelled,
}

/// Why a status change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an order that is {} cannot become {}: {reason}", from.label(), to.label())]
pub struct TransitionError {
    pub from: OrderStatus,
    pub to: OrderStatus,
    pub reason: &'static str,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::AwaitingPayment,
        OrderStatus::OnHold,
        OrderStatus::Ready,
        OrderStatus::HandedOff,
        OrderStatus::PartiallyShipped,
        OrderStatus::Shipped,
        OrderStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::AwaitingPayment => "awaiting_payment",
            OrderStatus::OnHold => "on_hold",
            OrderStatus::Ready => "ready",
            OrderStatus::HandedOff => "handed_off",
            OrderStatus::PartiallyShipped => "partially_shipped",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::AwaitingPayment => "awaiting payment",
            OrderStatus::OnHold => "on hold",
            OrderStatus::Ready => "ready to ship",
            OrderStatus::HandedOff => "handed off to a partner",
            OrderStatus::PartiallyShipped => "partially shipped",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// Nothing more happens to an order in a final status.
    pub fn is_final(self) -> bool {
        matches!(self, OrderStatus::Shipped | OrderStatus::Cancelled)
    }

    /// Whether some goods have left a building (no more holds or cancellations by us).
    pub fn has_shipped_goods(self) -> bool {
        matches!(self, OrderStatus::PartiallyShipped | OrderStatus::Shipped)
    }

    /// The status machine: `Ok` when `self → to` is legal, otherwise why not.
    /// Staying in the same status is not a transition and is always allowed.
    pub fn check_transition(self, to: OrderStatus) -> Result<(), TransitionError> {
        use OrderStatus::*;
        let refuse = |reason| {
            Err(TransitionError {
                from: self,
                to,
                reason,
            })
        };
        if self == to {
            return Ok(());
        }
        match (self, to) {
            (Shipped, _) => refuse("it has already shipped"),
            (Cancelled, _) => refuse("it is cancelled"),
            (PartiallyShipped, Shipped) => Ok(()),
            (PartiallyShipped, _) => refuse("part of it has already shipped"),
            (HandedOff, Cancelled) => {
                refuse("a fulfillment partner holds it; cancel it with the partner first")
            }
            (HandedOff, AwaitingPayment | Ready) => {
                refuse("a fulfillment partner holds it; it can only ship or be put on hold")
            }
            (_, PartiallyShipped | Shipped) if self == AwaitingPayment || self == OnHold => {
                refuse("it must be released and ready before it ships")
            }
            (_, HandedOff) if self != Ready => refuse("only ready orders are handed to partners"),
            _ => Ok(()),
        }
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Unknown status text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not an order status (one of: awaiting_payment, on_hold, ready, handed_off, partially_shipped, shipped, cancelled)"
)]
pub struct UnknownStatus(pub String);

impl FromStr for OrderStatus {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrderStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| UnknownStatus(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::OrderStatus::*;
    use super::*;

    #[test]
    fn statuses_round_trip_through_text() {
        for s in OrderStatus::ALL {
            assert_eq!(s.as_str().parse::<OrderStatus>(), Ok(s));
        }
        assert!("open".parse::<OrderStatus>().is_err());
    }

    #[test]
    fn final_statuses_never_change() {
        for from in [Shipped, Cancelled] {
            for to in OrderStatus::ALL.into_iter().filter(|&t| t != from) {
                assert!(
                    from.check_transition(to).is_err(),
                    "{from} -> {to} must be refused"
                );
            }
        }
    }

    #[test]
    fn a_shipped_order_cannot_be_cancelled_and_says_why() {
        let err = Shipped.check_transition(Cancelled).unwrap_err();
        assert_eq!(
            err.to_string(),
            "an order that is shipped cannot become cancelled: it has already shipped"
        );
    }

    #[test]
    fn the_everyday_path_is_legal() {
        for (a, b) in [
            (AwaitingPayment, Ready),
            (Ready, OnHold),
            (OnHold, Ready),
            (Ready, HandedOff),
            (HandedOff, Shipped),
            (Ready, PartiallyShipped),
            (PartiallyShipped, Shipped),
            (Ready, Cancelled),
            (OnHold, Cancelled),
            (HandedOff, OnHold),
        ] {
            assert_eq!(a.check_transition(b), Ok(()), "{a} -> {b} must be legal");
        }
    }

    #[test]
    fn held_or_unpaid_orders_cannot_ship_or_be_handed_off() {
        for from in [AwaitingPayment, OnHold] {
            for to in [HandedOff, PartiallyShipped, Shipped] {
                assert!(from.check_transition(to).is_err(), "{from} -> {to}");
            }
        }
    }
}
