//! What a matching rule does, and which stage each kind of action belongs to.
//!
//! Actions are grouped by stage so a ruleset reads the way the operation thinks (hold, then
//! place, then choose the service, then enhance). An action in the wrong stage is a validation
//! error rather than something that silently runs out of order.

use serde::{Deserialize, Serialize};

use crate::hold::HoldReason;
use crate::ids::LocationId;
use crate::order::OwnedField;
use crate::routing::Strategy;
use crate::rules::model::Stage;
use crate::rules::program::ActionKind;

/// One action of a rule. In JSON: `{"hold": {…}}`, `"require_signature"`, `{"add_tag": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// `holds` stage: stop the order for a person to look at.
    Hold(HoldAction),
    /// `location` stage: ship from one of our own locations (warehouse, store).
    AssignLocation(LocationAction),
    /// `location` stage: hand the order to a fulfillment partner (vendor, 3PL, Amazon MCF).
    RouteToPartner(LocationAction),
    /// `location` stage: let a strategy choose the location(s) from stock when the order is
    /// routed (nearest in stock, fewest shipments, split by availability, ranked, fixed). The
    /// rules record the strategy; the routing transaction runs it against stock, because stock
    /// is read and reserved there and nowhere else.
    ChooseLocation(Strategy),
    /// `service` stage: carrier, service and optionally the package.
    SetService(ServiceAction),
    /// `enhance` stage.
    RequireSignature,
    /// `enhance` stage.
    AddInsurance(Insurance),
    /// `enhance` stage: tags accumulate over every matching rule.
    AddTag(TagAction),
    /// `enhance` stage: notes accumulate over every matching rule.
    AddNote(NoteAction),
    /// `enhance` stage: pick orders of one group together.
    SetBatchGroup(BatchGroupAction),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct HoldAction {
    pub reason: HoldReason,
    /// What a person reviewing the hold reads first. Required for `custom` holds.
    #[serde(default)]
    pub note: String,
    /// The hold lifts itself this long after the rules ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_after_minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct LocationAction {
    pub location_id: LocationId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct ServiceAction {
    pub carrier: String,
    pub service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
}

/// How much to insure: a fixed amount or whatever the order is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Insurance {
    /// Minor units of the order's currency.
    Amount(#[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))] i64),
    /// The order total.
    OrderValue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct TagAction {
    pub tag: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct NoteAction {
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct BatchGroupAction {
    pub group: String,
}

/// A part of the decision that one value fills: a later rule's action in the same slot
/// overrides an earlier one's. Tags and notes have no slot: they accumulate. The package goes
/// with the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Hold,
    Location,
    Carrier,
    Service,
    Signature,
    Insurance,
    BatchGroup,
}

impl Slot {
    pub(crate) const COUNT: usize = 7;

    /// Every slot, in [`Slot::index`] order.
    pub(crate) const ALL: [Slot; Slot::COUNT] = [
        Slot::Hold,
        Slot::Location,
        Slot::Carrier,
        Slot::Service,
        Slot::Signature,
        Slot::Insurance,
        Slot::BatchGroup,
    ];

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The slot in words (`carrier`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Slot::Hold => "hold",
            Slot::Location => "location",
            Slot::Carrier => "carrier",
            Slot::Service => "service",
            Slot::Signature => "signature",
            Slot::Insurance => "insurance",
            Slot::BatchGroup => "batch group",
        }
    }

    /// The order field a person owns for this slot.
    pub(crate) fn owned_field(self) -> OwnedField {
        match self {
            Slot::Hold => OwnedField::Hold,
            Slot::Location => OwnedField::Location,
            Slot::Carrier => OwnedField::Carrier,
            Slot::Service => OwnedField::Service,
            Slot::Signature | Slot::Insurance | Slot::BatchGroup => OwnedField::Options,
        }
    }
}

impl ActionKind {
    /// The slots this action fills, in the order a trace names them; none for tags and notes.
    pub(crate) fn slots(&self) -> &'static [Slot] {
        match self {
            ActionKind::Hold { .. } => &[Slot::Hold],
            ActionKind::Location { .. } | ActionKind::Strategy(_) => &[Slot::Location],
            ActionKind::Service { .. } => &[Slot::Carrier, Slot::Service],
            ActionKind::Signature => &[Slot::Signature],
            ActionKind::Insurance(_) => &[Slot::Insurance],
            ActionKind::BatchGroup(_) => &[Slot::BatchGroup],
            ActionKind::Tag(_) | ActionKind::Note(_) => &[],
        }
    }
}

impl Action {
    /// The stage this action belongs to.
    pub fn stage(&self) -> Stage {
        match self {
            Action::Hold(_) => Stage::Holds,
            Action::AssignLocation(_) | Action::RouteToPartner(_) | Action::ChooseLocation(_) => {
                Stage::Location
            }
            Action::SetService(_) => Stage::Service,
            Action::RequireSignature
            | Action::AddInsurance(_)
            | Action::AddTag(_)
            | Action::AddNote(_)
            | Action::SetBatchGroup(_) => Stage::Enhance,
        }
    }

    /// The JSON name of the action (`set_service`).
    pub fn name(&self) -> &'static str {
        match self {
            Action::Hold(_) => "hold",
            Action::AssignLocation(_) => "assign_location",
            Action::RouteToPartner(_) => "route_to_partner",
            Action::ChooseLocation(_) => "choose_location",
            Action::SetService(_) => "set_service",
            Action::RequireSignature => "require_signature",
            Action::AddInsurance(_) => "add_insurance",
            Action::AddTag(_) => "add_tag",
            Action::AddNote(_) => "add_note",
            Action::SetBatchGroup(_) => "set_batch_group",
        }
    }
}
