//! What a person can do to an order by hand, as pure functions over the aggregate.
//!
//! Each action checks everything first and changes nothing when it refuses, then returns the
//! events to append. Storage applies the new order and the events in one transaction.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::address::{Address, AddressProblem};
use crate::event::{Actor, EventKind};
use crate::hold::{Hold, HoldReason};
use crate::order::{Order, OwnedField, PaymentStatus};
use crate::status::{OrderStatus, TransitionError};

/// A manual action on one order (bulk actions apply the same action to many).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ManualAction {
    Hold {
        reason: HoldReason,
        note: String,
        release_at: Option<DateTime<Utc>>,
    },
    Release {
        note: String,
    },
    Cancel {
        note: String,
    },
    EditShipTo {
        address: Address,
    },
    AddTag {
        tag: String,
    },
    RemoveTag {
        tag: String,
    },
    AddNote {
        note: String,
    },
    /// Marks the order shipped from outside Waybill's label flow (a packer, a partner, the CLI).
    Ship {
        carrier: String,
        service: Option<String>,
        tracking: Vec<String>,
    },
}

/// Why an action was refused. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error("the address is not usable: {}", join(.0))]
    InvalidAddress(Vec<AddressProblem>),
    #[error("the order is not on hold")]
    NotOnHold,
    #[error("the order is already {0}")]
    Already(&'static str),
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("a custom hold needs a note saying why")]
    CustomHoldWithoutNote,
    #[error("the release time must be in the future")]
    ReleaseInPast,
    #[error("the order has no tag `{0}`")]
    NoSuchTag(String),
    #[error("the ship-to address of an order that has shipped or been handed off cannot change")]
    AddressLocked,
}

fn join(problems: &[AddressProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

const MAX_TAG_LEN: usize = 64;

/// Applies `action` to `order`, or refuses and leaves `order` untouched.
pub fn apply(
    order: &mut Order,
    action: &ManualAction,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<EventKind>, ActionError> {
    let events = match action {
        ManualAction::Hold {
            reason,
            note,
            release_at,
        } => {
            if *reason == HoldReason::Custom && note.trim().is_empty() {
                return Err(ActionError::CustomHoldWithoutNote);
            }
            if release_at.is_some_and(|t| t <= now) {
                return Err(ActionError::ReleaseInPast);
            }
            order.status.check_transition(OrderStatus::OnHold)?;
            order.status = OrderStatus::OnHold;
            order.hold = Some(Hold {
                reason: *reason,
                note: note.trim().to_owned(),
                placed_by: actor.clone(),
                placed_at: now,
                release_at: *release_at,
            });
            mark_if_person(order, actor, OwnedField::Hold);
            vec![EventKind::Held {
                reason: *reason,
                note: note.trim().to_owned(),
                release_at: *release_at,
            }]
        }
        ManualAction::Release { note } => {
            let Some(hold) = order
                .hold
                .as_ref()
                .filter(|_| order.status == OrderStatus::OnHold)
            else {
                return Err(ActionError::NotOnHold);
            };
            let next = status_after_release(order.payment_status);
            order.status.check_transition(next)?;
            let reason = hold.reason;
            order.status = next;
            order.hold = None;
            mark_if_person(order, actor, OwnedField::Hold);
            vec![EventKind::Released {
                reason,
                note: note.trim().to_owned(),
            }]
        }
        ManualAction::Cancel { note } => {
            if order.status == OrderStatus::Cancelled {
                return Err(ActionError::Already("cancelled"));
            }
            order.status.check_transition(OrderStatus::Cancelled)?;
            order.status = OrderStatus::Cancelled;
            order.hold = None;
            vec![EventKind::Cancelled {
                note: note.trim().to_owned(),
            }]
        }
        ManualAction::EditShipTo { address } => {
            if order.status.has_shipped_goods() || order.status == OrderStatus::HandedOff {
                return Err(ActionError::AddressLocked);
            }
            if order.status == OrderStatus::Cancelled {
                return Err(TransitionError {
                    from: order.status,
                    to: order.status,
                    reason: "a cancelled order cannot be edited",
                }
                .into());
            }
            let problems = address.problems();
            if !problems.is_empty() {
                return Err(ActionError::InvalidAddress(problems));
            }
            let before = std::mem::replace(&mut order.ship_to, address.clone());
            mark_if_person(order, actor, OwnedField::ShipTo);
            vec![EventKind::AddressEdited {
                before: Box::new(before),
                after: Box::new(address.clone()),
            }]
        }
        ManualAction::AddTag { tag } => {
            let tag = normalise_tag(tag)?;
            if order.tags.contains(&tag) {
                return Ok(Vec::new());
            }
            order.tags.push(tag.clone());
            vec![EventKind::TagAdded { tag }]
        }
        ManualAction::RemoveTag { tag } => {
            let tag = normalise_tag(tag)?;
            let Some(pos) = order.tags.iter().position(|t| *t == tag) else {
                return Err(ActionError::NoSuchTag(tag));
            };
            order.tags.remove(pos);
            mark_if_person(order, actor, OwnedField::Tags);
            vec![EventKind::TagRemoved { tag }]
        }
        ManualAction::AddNote { note } => {
            let note = note.trim();
            if note.is_empty() {
                return Err(ActionError::Empty("a note"));
            }
            order.internal_notes.push(note.to_owned());
            vec![EventKind::NoteAdded {
                note: note.to_owned(),
            }]
        }
        ManualAction::Ship {
            carrier,
            service,
            tracking,
        } => {
            if carrier.trim().is_empty() {
                return Err(ActionError::Empty("the carrier"));
            }
            let tracking: Vec<String> = tracking
                .iter()
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect();
            if tracking.is_empty() {
                return Err(ActionError::Empty("the tracking number"));
            }
            if order.status == OrderStatus::Shipped {
                return Err(ActionError::Already("shipped"));
            }
            order.status.check_transition(OrderStatus::Shipped)?;
            order.status = OrderStatus::Shipped;
            order.carrier = Some(carrier.trim().to_owned());
            if service.is_some() {
                order.service.clone_from(service);
            }
            vec![EventKind::Shipped {
                carrier: carrier.trim().to_owned(),
                tracking,
            }]
        }
    };
    order.updated_at = now;
    Ok(events)
}

/// Where an order goes when its hold lifts: waiting for payment if it isn't paid.
pub fn status_after_release(payment: PaymentStatus) -> OrderStatus {
    match payment {
        PaymentStatus::Pending => OrderStatus::AwaitingPayment,
        _ => OrderStatus::Ready,
    }
}

fn mark_if_person(order: &mut Order, actor: &Actor, field: OwnedField) {
    if actor.is_person() {
        order.mark_owned(field);
    }
}

fn normalise_tag(tag: &str) -> Result<String, ActionError> {
    let tag = tag.trim().to_lowercase();
    if tag.is_empty() {
        return Err(ActionError::Empty("a tag"));
    }
    if tag.chars().count() > MAX_TAG_LEN {
        return Err(ActionError::Empty("a tag of at most 64 characters"));
    }
    Ok(tag)
}

#[cfg(test)]
mod tests;
