//! A connector's published table from channel statuses to Waybill's canonical ones.
//!
//! The connector reads orders through the same table, so what a screen explains is what the
//! import did. Statuses missing from the table map to `on_hold`: a status the channel invented
//! after this connector was written gets a person's eye instead of stopping the sync.

use waybill_core::{OrderStatus, PaymentStatus};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMap {
    /// Channel order status (or fulfillment status) → canonical status.
    pub orders: &'static [(&'static str, OrderStatus)],
    /// Channel payment status → canonical payment status.
    pub payments: &'static [(&'static str, PaymentStatus)],
    /// How the two combine, in words, where they do (shown beside the table).
    pub notes: &'static [&'static str],
}

impl StatusMap {
    /// The canonical status for a channel status; `on_hold` for one the table does not know.
    pub fn order_status(&self, channel: &str) -> OrderStatus {
        self.orders
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(channel))
            .map_or(OrderStatus::OnHold, |(_, s)| *s)
    }

    /// The canonical payment status; `pending` for one the table does not know (never assume
    /// money arrived).
    pub fn payment_status(&self, channel: &str) -> PaymentStatus {
        self.payments
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(channel))
            .map_or(PaymentStatus::Pending, |(_, s)| *s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static MAP: StatusMap = StatusMap {
        orders: &[("processing", OrderStatus::Ready)],
        payments: &[("paid", PaymentStatus::Paid)],
        notes: &[],
    };

    #[test]
    fn an_unknown_channel_status_goes_on_hold_and_unknown_payment_is_pending() {
        assert_eq!(MAP.order_status("PROCESSING"), OrderStatus::Ready);
        assert_eq!(MAP.order_status("wholesale-review"), OrderStatus::OnHold);
        assert_eq!(MAP.payment_status("mystery"), PaymentStatus::Pending);
    }
}
