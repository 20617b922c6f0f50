//! The queue's query language: filters, sorts and pages, shared by every store and front end.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::hold::HoldReason;
use crate::ids::{ChannelId, LocationId, OrderId};
use crate::status::OrderStatus;

/// Which orders to show. Every field narrows; `None` means no filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderFilter {
    pub status: Option<OrderStatus>,
    pub channel_id: Option<ChannelId>,
    pub location_id: Option<LocationId>,
    pub hold_reason: Option<HoldReason>,
    pub tag: Option<String>,
    pub carrier: Option<String>,
    pub placed_from: Option<DateTime<Utc>>,
    pub placed_to: Option<DateTime<Utc>>,
    /// Full-text search over order number, customer name, email and SKUs.
    pub search: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    PlacedAt,
    ShipBy,
    Total,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderQuery {
    pub filter: OrderFilter,
    pub sort: SortKey,
    pub descending: bool,
    /// Opaque cursor from the previous page's `next_cursor`.
    pub after: Option<String>,
    pub limit: u32,
}

/// One row of the queue: just what the list shows, read without decoding the whole order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderSummary {
    pub id: OrderId,
    pub number: String,
    pub channel_id: ChannelId,
    pub status: OrderStatus,
    pub customer_name: String,
    pub ship_city: String,
    pub ship_country: String,
    pub item_count: u32,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub total: i64,
    pub currency: String,
    pub placed_at: DateTime<Utc>,
    pub ship_by: Option<DateTime<Utc>>,
    pub location_id: Option<LocationId>,
    pub carrier: Option<String>,
    pub service: Option<String>,
    pub hold_reason: Option<HoldReason>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderPage {
    pub items: Vec<OrderSummary>,
    /// Pass as `after` to get the next page; `None` at the end.
    pub next_cursor: Option<String>,
}

/// How many orders each status tab holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TabCount {
    pub status: OrderStatus,
    pub count: u32,
}

pub const MAX_PAGE: u32 = 500;
