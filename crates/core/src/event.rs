//! The order event log: every change to an order, with who or what made it.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::address::Address;
use crate::hold::HoldReason;
use crate::ids::OrderId;
use crate::status::OrderStatus;

/// Who or what made a change: `user:ana`, `rule:rul_…`, `channel:chn_…`, `partner:loc_…`, `system`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "specta", specta(transparent))]
pub struct Actor(String);

impl Actor {
    pub fn system() -> Self {
        Actor("system".into())
    }
    pub fn user(name: &str) -> Self {
        Actor(format!("user:{name}"))
    }
    pub fn channel(id: &str) -> Self {
        Actor(format!("channel:{id}"))
    }
    pub fn rule(id: &str) -> Self {
        Actor(format!("rule:{id}"))
    }
    pub fn partner(id: &str) -> Self {
        Actor(format!("partner:{id}"))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Whether a person (not a rule, channel, partner or the system) made the change.
    pub fn is_person(&self) -> bool {
        self.0.starts_with("user:")
    }
}

/// Text that is not an actor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an actor (expected system, user:NAME, rule:ID, channel:ID or partner:ID)")]
pub struct ActorParseError(pub String);

impl FromStr for Actor {
    type Err = ActorParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = s == "system"
            || ["user:", "rule:", "channel:", "partner:"].iter().any(|p| {
                s.strip_prefix(p)
                    .is_some_and(|rest| !rest.trim().is_empty())
            });
        if ok {
            Ok(Actor(s.to_owned()))
        } else {
            Err(ActorParseError(s.to_owned()))
        }
    }
}

impl TryFrom<String> for Actor {
    type Error = ActorParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Actor> for String {
    fn from(a: Actor) -> String {
        a.0
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What happened to an order. Each variant carries what a person needs to read the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    Imported {
        channel_status: String,
    },
    UpdatedByChannel {
        fields: Vec<String>,
        channel_status: String,
    },
    StatusChanged {
        from: OrderStatus,
        to: OrderStatus,
    },
    Held {
        reason: HoldReason,
        note: String,
        release_at: Option<DateTime<Utc>>,
    },
    Released {
        reason: HoldReason,
        note: String,
    },
    Routed {
        location: Option<String>,
        carrier: Option<String>,
        service: Option<String>,
    },
    RuleApplied {
        rule: String,
        summary: String,
    },
    /// Routing with stock placed the order: one entry per shipment (`Reno: 2 × MUG-01`), and
    /// what a person should know about how (a split, an unknown postal code).
    Allocated {
        shipments: Vec<String>,
        notes: Vec<String>,
    },
    HandedOff {
        partner: String,
    },
    Shipped {
        carrier: String,
        tracking: Vec<String>,
    },
    TrackingPushed {
        channel: String,
    },
    Cancelled {
        note: String,
    },
    // Boxed: two addresses would make every event as large as this one.
    AddressEdited {
        before: Box<Address>,
        after: Box<Address>,
    },
    TagAdded {
        tag: String,
    },
    TagRemoved {
        tag: String,
    },
    NoteAdded {
        note: String,
    },
}

impl EventKind {
    /// Stable machine name (`held`, `tag_added`) used for storage and filtering.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Imported { .. } => "imported",
            EventKind::UpdatedByChannel { .. } => "updated_by_channel",
            EventKind::StatusChanged { .. } => "status_changed",
            EventKind::Held { .. } => "held",
            EventKind::Released { .. } => "released",
            EventKind::Routed { .. } => "routed",
            EventKind::RuleApplied { .. } => "rule_applied",
            EventKind::Allocated { .. } => "allocated",
            EventKind::HandedOff { .. } => "handed_off",
            EventKind::Shipped { .. } => "shipped",
            EventKind::TrackingPushed { .. } => "tracking_pushed",
            EventKind::Cancelled { .. } => "cancelled",
            EventKind::AddressEdited { .. } => "address_edited",
            EventKind::TagAdded { .. } => "tag_added",
            EventKind::TagRemoved { .. } => "tag_removed",
            EventKind::NoteAdded { .. } => "note_added",
        }
    }
}

/// One entry of an order's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderEvent {
    pub order_id: OrderId,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub kind: EventKind,
}

impl OrderEvent {
    /// The timeline entries of one change: `kinds`, all by `actor` at `at`.
    pub fn all(
        order_id: &OrderId,
        at: DateTime<Utc>,
        actor: &Actor,
        kinds: Vec<EventKind>,
    ) -> Vec<OrderEvent> {
        kinds
            .into_iter()
            .map(|kind| OrderEvent {
                order_id: order_id.clone(),
                at,
                actor: actor.clone(),
                kind,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_name_their_kind() {
        assert_eq!(Actor::user("ana").as_str(), "user:ana");
        assert!(Actor::user("ana").is_person());
        assert!(!Actor::system().is_person());
        assert!("user:".parse::<Actor>().is_err(), "an actor needs a name");
        assert!("robot:x".parse::<Actor>().is_err());
    }

    #[test]
    fn events_serialise_with_a_type_tag() {
        let e = EventKind::TagAdded { tag: "vip".into() };
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"type":"tag_added","tag":"vip"}"#
        );
        assert_eq!(e.name(), "tag_added");
    }
}
