//! What the rules decided for one order: the fast borrowed form evaluation returns, and the
//! owned record the order stores and the timeline, UI and CLI read.
//!
//! [`Decision`] points into the compiled ruleset (which action won each slot, which rules fired)
//! so producing it allocates nothing; [`Decision::record`] spells it out as plain data.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::hold::HoldReason;
use crate::ids::{LocationId, RuleId};
use crate::order::OwnedField;
use crate::routing::Strategy;
use crate::rules::action::{Insurance, Slot};
use crate::rules::bitset::Bits;
use crate::rules::compile::missing_location;
use crate::rules::facts::owned_bit;
use crate::rules::model::Stage;
use crate::rules::program::{ActionKind, CAction, CRule, CompiledRuleset};

mod pack;

/// An action of a rule, by position in the compiled ruleset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pick {
    pub rule: u32,
    pub action: u32,
}

impl Pick {
    pub(crate) fn new(rule: usize, action: usize) -> Self {
        Pick {
            rule: u32::try_from(rule).unwrap_or(u32::MAX),
            action: u32::try_from(action).unwrap_or(u32::MAX),
        }
    }
}

/// The outcome of evaluating a compiled ruleset on one order. Borrowed from the ruleset.
#[derive(Debug, Clone)]
pub struct Decision<'r> {
    pub(crate) ruleset: &'r CompiledRuleset,
    pub(crate) now: DateTime<Utc>,
    pub(crate) order_total: i64,
    /// The action in force for each [`Slot`].
    pub(crate) slots: [Option<Pick>; Slot::COUNT],
    /// Tag and note actions that apply, by `CAction::global`.
    pub(crate) accumulated: Bits,
    /// Compiled indices of the rules whose conditions matched.
    pub(crate) fired: Bits,
    /// Owned-field bits that stopped an action.
    pub(crate) kept: u8,
    /// A location action naming a missing location that stayed in force.
    pub(crate) unroutable: Option<Pick>,
}

impl<'r> Decision<'r> {
    pub(crate) fn new(ruleset: &'r CompiledRuleset, now: DateTime<Utc>, order_total: i64) -> Self {
        Decision {
            ruleset,
            now,
            order_total,
            slots: [None; Slot::COUNT],
            accumulated: Bits::default(),
            fired: Bits::default(),
            kept: 0,
            unroutable: None,
        }
    }

    fn rule(&self, pick: Pick) -> &'r CRule {
        &self.ruleset.rules[pick.rule as usize]
    }

    fn action(&self, pick: Pick) -> &'r CAction {
        &self.rule(pick).actions[pick.action as usize]
    }

    fn slot(&self, slot: Slot) -> Option<(Pick, &'r ActionKind)> {
        self.slots[slot.index()].map(|p| (p, &self.action(p).kind))
    }

    /// Whether the rules hold the order.
    pub fn holds(&self) -> bool {
        self.slots[Slot::Hold.index()].is_some()
    }

    /// The hold reason, if the rules hold the order.
    pub fn hold_reason(&self) -> Option<HoldReason> {
        self.slot(Slot::Hold).map(|(_, kind)| match kind {
            ActionKind::Hold { reason, .. } => *reason,
            _ => HoldReason::Unroutable,
        })
    }

    /// The ship-from location the rules chose.
    pub fn location(&self) -> Option<&'r LocationId> {
        match self.slot(Slot::Location) {
            Some((_, ActionKind::Location { id, .. })) => Some(id),
            _ => None,
        }
    }

    /// The location strategy the rules chose, for the routing transaction to run against
    /// stock. Exclusive with [`Decision::location`]: one slot holds either.
    pub fn location_strategy(&self) -> Option<&'r Strategy> {
        match self.slot(Slot::Location) {
            Some((_, ActionKind::Strategy(s))) => Some(s),
            _ => None,
        }
    }

    pub fn carrier(&self) -> Option<&'r str> {
        match self.slot(Slot::Carrier) {
            Some((_, ActionKind::Service { carrier, .. })) => Some(carrier),
            _ => None,
        }
    }

    pub fn service(&self) -> Option<&'r str> {
        match self.slot(Slot::Service) {
            Some((_, ActionKind::Service { service, .. })) => Some(service),
            _ => None,
        }
    }

    /// Ids of the rules whose conditions matched, in the order they ran.
    pub fn fired(&self) -> impl Iterator<Item = &'r RuleId> + '_ {
        self.fired.iter().map(|i| &self.ruleset.rules[i].id)
    }

    /// Whether nothing at all was decided (no rule matched).
    pub fn is_empty(&self) -> bool {
        self.fired.iter().next().is_none()
    }

    fn decided<T>(&self, pick: Pick, value: T) -> Decided<T> {
        let rule = self.rule(pick);
        Decided {
            value,
            rule_id: rule.id.clone(),
            rule_name: rule.name.to_string(),
        }
    }

    /// The decision as plain data: what the order stores and people read.
    pub fn record(&self) -> DecisionRecord {
        let text = |slot: Slot, get: fn(&ActionKind) -> Option<&str>| {
            self.slot(slot)
                .and_then(|(p, kind)| get(kind).map(|v| self.decided(p, v.to_owned())))
        };
        let hold = self.slot(Slot::Hold).map(|(p, kind)| {
            let rule = self.rule(p);
            let (reason, note, release_at) = match kind {
                ActionKind::Hold {
                    reason,
                    note,
                    release_after_minutes,
                } => (
                    *reason,
                    note.to_string(),
                    release_after_minutes.map(|m| self.now + Duration::minutes(i64::from(m))),
                ),
                // Only a location that was missing when the rules ran holds the order.
                ActionKind::Location { id, .. } => (
                    HoldReason::Unroutable,
                    missing_location(&rule.name, id),
                    None,
                ),
                _ => (HoldReason::Unroutable, String::new(), None),
            };
            DecidedHold {
                reason,
                note,
                release_at,
                rule_id: rule.id.clone(),
                rule_name: rule.name.to_string(),
            }
        });
        let mut tags = Vec::new();
        let mut notes = Vec::new();
        for ri in self.fired.iter() {
            let rule = &self.ruleset.rules[ri];
            for (ai, action) in rule.actions.iter().enumerate() {
                if !self.accumulated.contains(action.global as usize) {
                    continue;
                }
                // The same tag or note from several rules is added once, credited to the first.
                let (list, value) = match &action.kind {
                    ActionKind::Tag(t) => (&mut tags, t),
                    ActionKind::Note(n) => (&mut notes, n),
                    _ => continue,
                };
                if !list.iter().any(|d: &Decided<String>| *d.value == **value) {
                    list.push(self.decided(Pick::new(ri, ai), value.to_string()));
                }
            }
        }
        if let Some(p) = self.unroutable
            && self.slots[Slot::Hold.index()] != Some(p)
            && let ActionKind::Location { id, .. } = &self.action(p).kind
        {
            notes.push(self.decided(p, missing_location(&self.rule(p).name, id)));
        }
        let kept = [
            OwnedField::ShipTo,
            OwnedField::Location,
            OwnedField::Carrier,
            OwnedField::Service,
            OwnedField::Options,
            OwnedField::Tags,
            OwnedField::Hold,
        ]
        .into_iter()
        .filter(|f| self.kept & owned_bit(*f) != 0)
        .collect();
        DecisionRecord {
            ruleset_version: self.ruleset.version,
            hold,
            location: self.slot(Slot::Location).and_then(|(p, kind)| match kind {
                ActionKind::Location { id, .. } => Some(self.decided(p, id.clone())),
                _ => None,
            }),
            location_strategy: self.slot(Slot::Location).and_then(|(p, kind)| match kind {
                ActionKind::Strategy(s) => Some(self.decided(p, (**s).clone())),
                _ => None,
            }),
            carrier: text(Slot::Carrier, |k| match k {
                ActionKind::Service { carrier, .. } => Some(carrier),
                _ => None,
            }),
            service: text(Slot::Service, |k| match k {
                ActionKind::Service { service, .. } => Some(service),
                _ => None,
            }),
            package: text(Slot::Service, |k| match k {
                ActionKind::Service { package, .. } => package.as_deref(),
                _ => None,
            }),
            signature: self
                .slot(Slot::Signature)
                .map(|(p, _)| self.decided(p, true)),
            insurance: self.slot(Slot::Insurance).and_then(|(p, kind)| match kind {
                ActionKind::Insurance(i) => {
                    let amount = match i {
                        Insurance::Amount(a) => *a,
                        Insurance::OrderValue => self.order_total,
                    };
                    let d = self.decided(p, ());
                    Some(DecidedAmount {
                        value: amount,
                        rule_id: d.rule_id,
                        rule_name: d.rule_name,
                    })
                }
                _ => None,
            }),
            batch_group: text(Slot::BatchGroup, |k| match k {
                ActionKind::BatchGroup(g) => Some(g),
                _ => None,
            }),
            tags,
            notes,
            fired: self
                .fired
                .iter()
                .map(|i| {
                    let r = &self.ruleset.rules[i];
                    FiredRule {
                        rule_id: r.id.clone(),
                        name: r.name.to_string(),
                        stage: r.stage,
                    }
                })
                .collect(),
            kept,
        }
    }
}

/// A value the rules decided, with the rule that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Decided<T> {
    pub value: T,
    pub rule_id: RuleId,
    pub rule_name: String,
}

/// An amount the rules decided (minor units), with the rule that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DecidedAmount {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub value: i64,
    pub rule_id: RuleId,
    pub rule_name: String,
}

/// The hold the rules placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DecidedHold {
    pub reason: HoldReason,
    pub note: String,
    pub release_at: Option<DateTime<Utc>>,
    pub rule_id: RuleId,
    pub rule_name: String,
}

/// A rule whose conditions matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FiredRule {
    pub rule_id: RuleId,
    pub name: String,
    pub stage: Stage,
}

/// A decision as plain data. Fields a person owns are never set here; `kept` lists the ones
/// that stopped a rule's action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DecisionRecord {
    pub ruleset_version: u32,
    pub hold: Option<DecidedHold>,
    pub location: Option<Decided<LocationId>>,
    /// Set instead of `location` when a rule chose a strategy: the routing transaction runs it
    /// against stock and sets the location (or splits the order). Absent from records made
    /// before strategies existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_strategy: Option<Decided<Strategy>>,
    pub carrier: Option<Decided<String>>,
    pub service: Option<Decided<String>>,
    pub package: Option<Decided<String>>,
    pub signature: Option<Decided<bool>>,
    pub insurance: Option<DecidedAmount>,
    pub batch_group: Option<Decided<String>>,
    /// Tags to add, in the order the rules ran.
    pub tags: Vec<Decided<String>>,
    /// Internal notes to add, in the order the rules ran.
    pub notes: Vec<Decided<String>>,
    /// Every rule whose conditions matched, in the order they ran.
    pub fired: Vec<FiredRule>,
    /// Fields a person owns that a rule would otherwise have changed.
    pub kept: Vec<OwnedField>,
}
