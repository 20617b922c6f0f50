//! Applying a decision to an order: the changes and the timeline events, nothing else.
//!
//! Applying is idempotent — re-running the same rules on an unchanged order changes nothing and
//! emits nothing — so rules can run on every import and channel update without cluttering the
//! timeline. It respects the status machine and, again, the fields a person owns (the order may
//! have been edited between evaluation and application). Rules only touch orders that have not
//! left our hands: awaiting payment, on hold or ready.

use chrono::{DateTime, Utc};

use crate::edit::status_after_release;
use crate::event::{Actor, EventKind};
use crate::hold::Hold;
use crate::ids::RuleId;
use crate::order::{Order, OwnedField};
use crate::rules::decision::{Decision, DecisionRecord};
use crate::status::OrderStatus;

/// Applies `decision` to `order` and returns the events to append, in timeline order: one
/// `RuleApplied` per rule that changed something (naming what), then the concrete changes
/// (`Held` / `Released`, `Routed`, `TagAdded`, `NoteAdded`).
///
/// A location *strategy* (`record.location_strategy`) is not applied here: it needs stock, and
/// stock is read and reserved in the routing transaction, which runs the strategy
/// ([`crate::routing::allocate`]) and records where the order (or each part of it) ships from.
pub fn apply_decision(
    order: &mut Order,
    decision: &Decision<'_>,
    now: DateTime<Utc>,
) -> Vec<EventKind> {
    apply_record(order, &decision.record(), now)
}

/// [`apply_decision`] for a decision stored as a record.
pub fn apply_record(
    order: &mut Order,
    record: &DecisionRecord,
    now: DateTime<Utc>,
) -> Vec<EventKind> {
    if !matches!(
        order.status,
        OrderStatus::AwaitingPayment | OrderStatus::OnHold | OrderStatus::Ready
    ) {
        return Vec::new();
    }
    let mut changes = Changes::default();
    let mut events = Vec::new();

    // A timed hold that has run its course is not placed again by the same rule.
    let hold = record
        .hold
        .as_ref()
        .filter(|h| !order.served_holds.contains(&h.rule_id));
    match hold {
        Some(h) if !order.is_owned(OwnedField::Hold) => {
            let actor = Actor::rule(h.rule_id.as_str());
            // Already held for this reason (by this rule, or by Waybill's own checks): the
            // hold stays as it is, so re-running the rules does not clutter the timeline.
            let same = order.status == OrderStatus::OnHold
                && order.hold.as_ref().is_some_and(|cur| {
                    cur.reason == h.reason && (cur.note == h.note || cur.placed_by != actor)
                });
            if !same && order.status.check_transition(OrderStatus::OnHold).is_ok() {
                order.status = OrderStatus::OnHold;
                order.hold = Some(Hold {
                    reason: h.reason,
                    note: h.note.clone(),
                    placed_by: actor,
                    placed_at: now,
                    release_at: h.release_at,
                });
                changes.add(&h.rule_id, format!("held ({})", h.reason.as_str()));
                events.push(EventKind::Held {
                    reason: h.reason,
                    note: h.note.clone(),
                    release_at: h.release_at,
                });
            }
        }
        None if !order.is_owned(OwnedField::Hold) && order.status == OrderStatus::OnHold => {
            // A hold an earlier run of the rules placed lifts when the rules no longer hold the
            // order (the address was fixed, the rule changed). Holds placed by people or by the
            // system stay.
            let placed_by_rule = order
                .hold
                .as_ref()
                .is_some_and(|h| h.placed_by.as_str().starts_with("rule:"));
            let next = status_after_release(order.payment_status);
            if placed_by_rule
                && order.status.check_transition(next).is_ok()
                && let Some(old) = order.hold.take()
            {
                order.status = next;
                events.push(EventKind::Released {
                    reason: old.reason,
                    note: "the rules no longer hold this order".to_owned(),
                });
            }
        }
        _ => {}
    }

    let mut routed = false;
    if let Some(loc) = &record.location
        && !order.is_owned(OwnedField::Location)
        && order.location_id.as_ref() != Some(&loc.value)
    {
        order.location_id = Some(loc.value.clone());
        changes.add(&loc.rule_id, format!("location {}", loc.value));
        routed = true;
    }
    if let Some(c) = &record.carrier
        && !order.is_owned(OwnedField::Carrier)
        && order.carrier.as_deref() != Some(c.value.as_str())
    {
        order.carrier = Some(c.value.clone());
        changes.add(&c.rule_id, format!("carrier {}", c.value));
        routed = true;
    }
    let mut service_changed = false;
    if let Some(s) = &record.service
        && !order.is_owned(OwnedField::Service)
        && order.service.as_deref() != Some(s.value.as_str())
    {
        order.service = Some(s.value.clone());
        let mut what = format!("service {}", s.value);
        if let Some(p) = record.package.as_ref().filter(|p| p.rule_id == s.rule_id) {
            what.push_str(&format!(" (package {})", p.value));
        }
        changes.add(&s.rule_id, what);
        routed = true;
        service_changed = true;
    }
    if let Some(p) = &record.package
        && !order.is_owned(OwnedField::Service)
        && order.options.package.as_deref() != Some(p.value.as_str())
    {
        order.options.package = Some(p.value.clone());
        // A new service already named its package in the summary.
        if !service_changed {
            changes.add(&p.rule_id, format!("package {}", p.value));
        }
    }

    if !order.is_owned(OwnedField::Options) {
        if let Some(s) = &record.signature
            && !order.options.signature
        {
            order.options.signature = true;
            changes.add(&s.rule_id, "signature required".to_owned());
        }
        if let Some(i) = &record.insurance
            && order.options.insurance != Some(i.value)
        {
            order.options.insurance = Some(i.value);
            changes.add(
                &i.rule_id,
                format!(
                    "insured for {}",
                    crate::money::Money::new(i.value, order.currency.clone())
                ),
            );
        }
        if let Some(g) = &record.batch_group
            && order.options.batch_group.as_deref() != Some(g.value.as_str())
        {
            order.options.batch_group = Some(g.value.clone());
            changes.add(&g.rule_id, format!("batch group {}", g.value));
        }
    }

    if routed {
        events.push(EventKind::Routed {
            location: order.location_id.as_ref().map(ToString::to_string),
            carrier: order.carrier.clone(),
            service: order.service.clone(),
        });
    }
    if !order.is_owned(OwnedField::Tags) {
        for tag in &record.tags {
            if !order.tags.contains(&tag.value) {
                order.tags.push(tag.value.clone());
                changes.add(&tag.rule_id, format!("tag {}", tag.value));
                events.push(EventKind::TagAdded {
                    tag: tag.value.clone(),
                });
            }
        }
    }
    for note in &record.notes {
        if !order.internal_notes.contains(&note.value) {
            order.internal_notes.push(note.value.clone());
            changes.add(&note.rule_id, format!("note \"{}\"", note.value));
            events.push(EventKind::NoteAdded {
                note: note.value.clone(),
            });
        }
    }

    if events.is_empty() && changes.by_rule.is_empty() {
        return events;
    }
    order.updated_at = now;
    let mut applied: Vec<EventKind> = record
        .fired
        .iter()
        .filter_map(|fired| {
            let what = changes
                .by_rule
                .iter()
                .find(|(id, _)| id == &fired.rule_id)?;
            Some(EventKind::RuleApplied {
                rule: fired.rule_id.to_string(),
                summary: format!("{}: {}", fired.name, what.1.join("; ")),
            })
        })
        .collect();
    applied.extend(events);
    applied
}

/// What each rule changed, for its `RuleApplied` summary.
#[derive(Default)]
struct Changes {
    by_rule: Vec<(RuleId, Vec<String>)>,
}

impl Changes {
    fn add(&mut self, rule: &RuleId, what: String) {
        match self.by_rule.iter_mut().find(|(id, _)| id == rule) {
            Some((_, list)) => list.push(what),
            None => self.by_rule.push((rule.clone(), vec![what])),
        }
    }
}
