//! What a ruleset decided for one order, in a form every engine can produce: the rule that won
//! each slot and the rules that fired (which tags and notes apply follows from those). Used to check that the peers
//! reach exactly Waybill's decisions before their speed is compared, and as the peers' merge
//! step (timed: turning matched rows into a decision is part of deciding).

use waybill_core::ids::RuleId;
use waybill_core::rules::{Action, Decision, Rule, Stage};

/// Rules are named by their position in the list of enabled rules, in run order.
pub type RuleNo = u32;

/// The slots a later rule's action overrides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Hold,
    Location,
    Service,
    Signature,
    Insurance,
    BatchGroup,
}

pub const SLOTS: usize = 6;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub slots: [Option<RuleNo>; SLOTS],
    pub fired: Vec<RuleNo>,
}

/// A rule as the merge needs it.
#[derive(Debug, Clone)]
pub struct Plan {
    pub stage: Stage,
    pub stop: bool,
    pub slots: Vec<Slot>,
}

impl Plan {
    pub fn of(rule: &Rule) -> Plan {
        let mut slots = Vec::new();
        for a in &rule.then {
            match a {
                Action::Hold(_) => slots.push(Slot::Hold),
                Action::AssignLocation(_) | Action::RouteToPartner(_) | Action::ChooseLocation(_) => {
                    slots.push(Slot::Location)
                }
                Action::SetService(_) => slots.push(Slot::Service),
                Action::RequireSignature => slots.push(Slot::Signature),
                Action::AddInsurance(_) => slots.push(Slot::Insurance),
                Action::SetBatchGroup(_) => slots.push(Slot::BatchGroup),
                Action::AddTag(_) | Action::AddNote(_) => {}
            }
        }
        Plan {
            stage: rule.stage,
            stop: rule.stop_processing,
            slots,
        }
    }
}

impl Outcome {
    /// Rule `no` matched: it fires and its actions override earlier ones slot by slot.
    /// Returns whether it stops its stage.
    #[inline]
    pub fn fire(&mut self, no: RuleNo, plan: &Plan) -> bool {
        self.fired.push(no);
        for s in &plan.slots {
            self.slots[*s as usize] = Some(no);
        }
        plan.stop
    }

    /// Waybill's decision in the same form; `numbers` maps a rule id to its number.
    pub fn of_decision(d: &Decision<'_>, numbers: &dyn Fn(&str) -> RuleNo) -> Outcome {
        let r = d.record();
        let no = |id: &RuleId| numbers(id.as_str());
        let mut out = Outcome::default();
        out.slots[Slot::Hold as usize] = r.hold.as_ref().map(|h| no(&h.rule_id));
        out.slots[Slot::Location as usize] = r.location.as_ref().map(|x| no(&x.rule_id));
        out.slots[Slot::Service as usize] = r.service.as_ref().map(|x| no(&x.rule_id));
        out.slots[Slot::Signature as usize] = r.signature.as_ref().map(|x| no(&x.rule_id));
        out.slots[Slot::Insurance as usize] = r.insurance.as_ref().map(|x| no(&x.rule_id));
        out.slots[Slot::BatchGroup as usize] = r.batch_group.as_ref().map(|x| no(&x.rule_id));
        out.fired = r.fired.iter().map(|f| no(&f.rule_id)).collect();
        out
    }
}
