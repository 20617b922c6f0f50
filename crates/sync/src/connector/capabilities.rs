//! What a channel can do beyond listing orders; the sync engine consults these instead of
//! special-casing channel kinds.

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Capabilities {
    /// Ship some lines (or some units) now and the rest later.
    pub partial_shipments: bool,
    /// More than one tracking number on one fulfillment.
    pub multiple_tracking_numbers: bool,
    /// `push_cancellation` works.
    pub cancellations: bool,
    /// A cancellation can also refund the customer on the channel.
    pub refund_on_cancel: bool,
    /// `push_stock` works.
    pub stock_push: bool,
    /// `verify_webhook` works.
    pub webhooks: bool,
}
