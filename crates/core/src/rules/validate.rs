//! Checking a ruleset before it is saved or run: every problem, each with its rule and place.
//!
//! Reading the JSON already refuses unknown fields, operators that do not fit a field and values
//! of the wrong type (see `parse`). What remains are problems only visible in the data itself:
//! empty criteria, blank values, unreadable patterns, actions in the wrong stage, rules that can
//! never match or never run, and references to locations or channels that do not exist.

use std::collections::{HashMap, HashSet};

use crate::channel::Channel;
use crate::hold::HoldReason;
use crate::ids::{ChannelId, LocationId};
use crate::location::{Location, LocationKind};
use crate::routing::Strategy;
use crate::rules::action::{Action, Insurance, LocationAction};
use crate::rules::analysis::{implies, never};
use crate::rules::condition::{ChoiceTest, Condition, LineCondition, ListTest, TextTest};
use crate::rules::describe;
use crate::rules::model::{Rule, Ruleset, Stage};
use crate::rules::pattern::Pattern;
use crate::rules::problem::{Problem, ProblemCode, rule_label};

/// Tags longer than this are refused, as when a person adds one by hand.
pub const MAX_TAG_LEN: usize = 64;

/// What the ruleset may refer to: the workspace's locations and channels. A part left unknown
/// (`None`) is not checked — `rules validate FILE` without a workspace checks only the rules.
#[derive(Debug, Clone, Default)]
pub struct ValidationContext {
    locations: Option<HashMap<LocationId, LocationKind>>,
    channels: Option<HashSet<ChannelId>>,
}

impl ValidationContext {
    /// Checks the rules alone, assuming every location and channel they name exists.
    pub fn offline() -> Self {
        Self::default()
    }

    /// Checks references against these locations and channels.
    pub fn new(
        locations: impl IntoIterator<Item = (LocationId, LocationKind)>,
        channels: impl IntoIterator<Item = ChannelId>,
    ) -> Self {
        ValidationContext {
            locations: Some(locations.into_iter().collect()),
            channels: Some(channels.into_iter().collect()),
        }
    }

    /// Checks references against the workspace's stored locations and channels.
    pub fn from_workspace(locations: &[Location], channels: &[Channel]) -> Self {
        Self::new(
            locations.iter().map(|l| (l.id.clone(), l.kind)),
            channels.iter().map(|c| c.id.clone()),
        )
    }

    /// `Some(None)`: the location is known not to exist; `None`: locations are not checked.
    pub(crate) fn location(&self, id: &LocationId) -> Option<Option<LocationKind>> {
        self.locations.as_ref().map(|l| l.get(id).copied())
    }

    fn channel_missing(&self, id: &ChannelId) -> bool {
        self.channels.as_ref().is_some_and(|c| !c.contains(id))
    }
}

impl Ruleset {
    /// Every problem in the ruleset, errors and warnings, in rule order. A ruleset with an
    /// [error](crate::rules::Severity::Error) must not be saved or run.
    pub fn validate(&self, ctx: &ValidationContext) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut seen_ids: HashMap<&str, usize> = HashMap::new();
        for (index, rule) in self.rules.iter().enumerate() {
            let mut check = Check {
                ctx,
                problems: &mut problems,
                index,
                rule,
            };
            if let Some(first) = seen_ids.insert(rule.id.as_str(), index) {
                let other = rule_label(first, Some(&self.rules[first].name));
                check.push(
                    ProblemCode::DuplicateRuleId,
                    format!("rules[{index}].id"),
                    format!("has the same id {} as {other} (rules[{first}])", rule.id),
                );
            }
            check.rule();
        }
        shadowing(self, &mut problems);
        problems
    }
}

struct Check<'a> {
    ctx: &'a ValidationContext,
    problems: &'a mut Vec<Problem>,
    index: usize,
    rule: &'a Rule,
}

impl Check<'_> {
    fn push(&mut self, code: ProblemCode, path: String, what: impl std::fmt::Display) {
        let label = rule_label(self.index, Some(&self.rule.name));
        let mut p = Problem::new(code, path.clone(), format!("{label} at {path}: {what}"));
        p.rule_id = Some(self.rule.id.to_string());
        p.rule_name = Some(self.rule.name.clone());
        self.problems.push(p);
    }

    fn rule(&mut self) {
        let base = format!("rules[{}]", self.index);
        if self.rule.name.trim().is_empty() {
            self.push(
                ProblemCode::InvalidValue,
                format!("{base}.name"),
                "has no name; give it one people will recognise in traces and timelines",
            );
        }
        let when = format!("{base}.when");
        self.condition(&self.rule.when, &when);
        if let Some((path, why)) = never(&self.rule.when, &when) {
            self.push(
                ProblemCode::NeverMatches,
                path,
                format!("never matches: {why}"),
            );
        }
        if self.rule.then.is_empty() {
            self.push(
                ProblemCode::EmptyCriteria,
                format!("{base}.then"),
                "has no actions; add at least one to `then`",
            );
        }
        for (i, action) in self.rule.then.iter().enumerate() {
            self.action(action, format!("{base}.then[{i}]"));
        }
    }

    fn condition(&mut self, cond: &Condition, path: &str) {
        match cond {
            Condition::Always => {}
            Condition::All(children) | Condition::Any(children) => {
                let group = if matches!(cond, Condition::All(_)) {
                    "all"
                } else {
                    "any"
                };
                if children.is_empty() {
                    self.push(
                        ProblemCode::EmptyCriteria,
                        path.to_owned(),
                        format!(
                            "the `{group}` group is empty; add a condition, or use \"always\" \
                             to match every order"
                        ),
                    );
                }
                for (i, child) in children.iter().enumerate() {
                    self.condition(child, &format!("{path}.{group}[{i}]"));
                }
            }
            Condition::Not(inner) => self.condition(inner, &format!("{path}.not")),
            Condition::AnyLine(l) => self.line(l, &format!("{path}.any_line")),
            Condition::AllLines(l) => self.line(l, &format!("{path}.all_lines")),
            Condition::NoLine(l) => self.line(l, &format!("{path}.no_line")),
            Condition::Channel(t) => {
                self.choice(t, path, describe::field_label(cond));
                let ids: Vec<&ChannelId> = match t {
                    ChoiceTest::Equals(v) | ChoiceTest::NotEquals(v) => vec![v],
                    ChoiceTest::OneOf(v) | ChoiceTest::NotOneOf(v) => v.iter().collect(),
                };
                for id in ids {
                    if self.ctx.channel_missing(id) {
                        self.push(
                            ProblemCode::UnknownChannel,
                            path.to_owned(),
                            format!("refers to channel {id}, which does not exist (deleted?)"),
                        );
                    }
                }
            }
            Condition::PaymentStatus(t) => self.choice(t, path, describe::field_label(cond)),
            Condition::AddressCheck(t) => self.choice(t, path, describe::field_label(cond)),
            Condition::Currency(t)
            | Condition::ShipToCountry(t)
            | Condition::ShipToRegion(t)
            | Condition::ShipToCity(t)
            | Condition::ShipToPostalCode(t)
            | Condition::RequestedService(t)
            | Condition::CustomerName(t)
            | Condition::CustomerEmail(t)
            | Condition::CustomerNotes(t)
            | Condition::InternalNotes(t) => self.text(t, path, describe::field_label(cond)),
            Condition::Tags(t) => self.list(t, path, describe::field_label(cond)),
            Condition::Total(_)
            | Condition::LineCount(_)
            | Condition::TotalQuantity(_)
            | Condition::TotalWeightG(_)
            | Condition::ShipToResidential(_)
            | Condition::Gift(_)
            | Condition::PlacedAt(_)
            | Condition::ShipBy(_) => {}
        }
    }

    fn line(&mut self, cond: &LineCondition, path: &str) {
        match cond {
            LineCondition::All(children) | LineCondition::Any(children) => {
                let group = if matches!(cond, LineCondition::All(_)) {
                    "all"
                } else {
                    "any"
                };
                if children.is_empty() {
                    self.push(
                        ProblemCode::EmptyCriteria,
                        path.to_owned(),
                        format!("the `{group}` group of line conditions is empty"),
                    );
                }
                for (i, child) in children.iter().enumerate() {
                    self.line(child, &format!("{path}.{group}[{i}]"));
                }
            }
            LineCondition::Not(inner) => self.line(inner, &format!("{path}.not")),
            LineCondition::Sku(t) | LineCondition::Name(t) => {
                self.text(t, path, describe::line_field_label(cond));
            }
            LineCondition::ProductTags(t) => self.list(t, path, describe::line_field_label(cond)),
            LineCondition::Quantity(_)
            | LineCondition::UnitPrice(_)
            | LineCondition::UnitWeightG(_)
            | LineCondition::WeightG(_) => {}
        }
    }

    fn blank_value(&mut self, value: &str, path: &str, field: &str, op: &str) {
        if value.trim().is_empty() {
            self.push(
                ProblemCode::InvalidValue,
                path.to_owned(),
                format!(
                    "`{op}` on {field} has a blank value; to test for a missing value use \
                     `is_blank`"
                ),
            );
        }
    }

    fn values(&mut self, values: &[String], path: &str, field: &str, op: &str) {
        if values.is_empty() {
            self.push(
                ProblemCode::EmptyCriteria,
                path.to_owned(),
                format!("`{op}` on {field} has an empty list; add at least one value"),
            );
        }
        for v in values {
            self.blank_value(v, path, field, op);
        }
    }

    fn pattern(&mut self, source: &str, path: &str, field: &str) {
        self.blank_value(source, path, field, "matches");
        if let Err(e) = Pattern::parse(source) {
            self.push(
                ProblemCode::InvalidPattern,
                path.to_owned(),
                format!("the pattern \"{source}\" for {field} cannot be read: {e}"),
            );
        }
    }

    fn text(&mut self, t: &TextTest, path: &str, field: &str) {
        match t {
            TextTest::Equals(v) => self.blank_value(v, path, field, "equals"),
            TextTest::NotEquals(v) => self.blank_value(v, path, field, "not_equals"),
            TextTest::Contains(v) => self.blank_value(v, path, field, "contains"),
            TextTest::NotContains(v) => self.blank_value(v, path, field, "not_contains"),
            TextTest::StartsWith(v) => self.blank_value(v, path, field, "starts_with"),
            TextTest::EndsWith(v) => self.blank_value(v, path, field, "ends_with"),
            TextTest::OneOf(v) => self.values(v, path, field, "one_of"),
            TextTest::NotOneOf(v) => self.values(v, path, field, "not_one_of"),
            TextTest::Matches(p) => self.pattern(p, path, field),
            TextTest::IsBlank(_) => {}
        }
    }

    fn list(&mut self, t: &ListTest, path: &str, field: &str) {
        match t {
            ListTest::Contains(v) => self.blank_value(v, path, field, "contains"),
            ListTest::NotContains(v) => self.blank_value(v, path, field, "not_contains"),
            ListTest::ContainsAny(v) => self.values(v, path, field, "contains_any"),
            ListTest::ContainsAll(v) => self.values(v, path, field, "contains_all"),
            ListTest::ContainsNone(v) => self.values(v, path, field, "contains_none"),
            ListTest::AnyMatches(p) => self.pattern(p, path, field),
            ListTest::IsBlank(_) => {}
        }
    }

    fn choice<T>(&mut self, t: &ChoiceTest<T>, path: &str, field: &str) {
        let (op, empty) = match t {
            ChoiceTest::OneOf(v) => ("one_of", v.is_empty()),
            ChoiceTest::NotOneOf(v) => ("not_one_of", v.is_empty()),
            _ => return,
        };
        if empty {
            self.push(
                ProblemCode::EmptyCriteria,
                path.to_owned(),
                format!("`{op}` on {field} has an empty list; add at least one value"),
            );
        }
    }

    fn action(&mut self, action: &Action, path: String) {
        let stage = action.stage();
        if stage != self.rule.stage {
            self.push(
                ProblemCode::ActionNotAllowedInStage,
                path.clone(),
                format!(
                    "`{}` belongs to the `{stage}` stage, but this rule is in the `{}` stage; \
                     move the action to a {stage} rule",
                    action.name(),
                    self.rule.stage
                ),
            );
        }
        let blank = |s: &str| s.trim().is_empty();
        match action {
            Action::Hold(h) => {
                if h.reason == HoldReason::Custom && blank(&h.note) {
                    self.push(
                        ProblemCode::InvalidValue,
                        path.clone(),
                        "a `custom` hold needs a note saying why",
                    );
                }
                if h.release_after_minutes == Some(0) {
                    self.push(
                        ProblemCode::InvalidValue,
                        path,
                        "`release_after_minutes` must be at least 1 (leave it out for a hold \
                         a person releases)",
                    );
                }
            }
            Action::AssignLocation(l) => self.location(l, false, path),
            Action::RouteToPartner(l) => self.location(l, true, path),
            Action::ChooseLocation(s) => self.strategy(s, &format!("{path}.choose_location")),
            Action::SetService(s) => {
                if blank(&s.carrier) || blank(&s.service) {
                    self.push(
                        ProblemCode::InvalidValue,
                        path.clone(),
                        "`set_service` needs both a carrier and a service",
                    );
                }
                if s.package.as_deref().is_some_and(blank) {
                    self.push(
                        ProblemCode::InvalidValue,
                        path,
                        "the package is blank; leave it out to keep the carrier's default",
                    );
                }
            }
            Action::RequireSignature => {}
            Action::AddInsurance(Insurance::Amount(a)) if *a <= 0 => self.push(
                ProblemCode::InvalidValue,
                path,
                format!("insurance of {a} is not a positive amount (minor units)"),
            ),
            Action::AddInsurance(_) => {}
            Action::AddTag(t) => {
                if blank(&t.tag) {
                    self.push(ProblemCode::InvalidValue, path, "the tag is blank");
                } else if t.tag.trim().chars().count() > MAX_TAG_LEN {
                    self.push(
                        ProblemCode::InvalidValue,
                        path,
                        format!("the tag is longer than {MAX_TAG_LEN} characters"),
                    );
                }
            }
            Action::AddNote(n) if blank(&n.note) => {
                self.push(ProblemCode::InvalidValue, path, "the note is blank");
            }
            Action::AddNote(_) => {}
            Action::SetBatchGroup(g) if blank(&g.group) => {
                self.push(ProblemCode::InvalidValue, path, "the batch group is blank");
            }
            Action::SetBatchGroup(_) => {}
        }
    }

    /// A location strategy: its locations exist and are listed once, its amounts and tags make
    /// sense. Partners may be ranked with our own locations: a strategy is about stock, and a
    /// 3PL's stock is as good as ours.
    fn strategy(&mut self, strategy: &Strategy, path: &str) {
        if let Strategy::Ranked { locations } = strategy
            && locations.is_empty()
        {
            self.push(
                ProblemCode::InvalidValue,
                format!("{path}.locations"),
                "a ranked list needs at least one location",
            );
        }
        let many = matches!(strategy, Strategy::Ranked { .. });
        for (i, id) in strategy.locations().iter().enumerate() {
            let at = if many {
                format!("{path}.locations[{i}]")
            } else {
                format!("{path}.location_id")
            };
            if strategy.locations()[..i].contains(id) {
                self.push(
                    ProblemCode::InvalidValue,
                    at,
                    format!("{id} is ranked twice; each location once"),
                );
            } else if self.ctx.location(id) == Some(None) {
                let then = if many {
                    "it is skipped when orders are routed"
                } else {
                    "orders this rule matches will be held as unroutable until the rule is fixed"
                };
                self.push(
                    ProblemCode::UnknownLocation,
                    at,
                    format!("names location {id}, which does not exist (deleted?); {then}"),
                );
            }
        }
        let min = strategy.min_shipment_value();
        if min < 0 {
            self.push(
                ProblemCode::InvalidValue,
                format!("{path}.min_shipment_value"),
                format!("a minimum shipment value of {min} is negative; use 0 for no minimum"),
            );
        }
        for (i, tag) in strategy.keep_together_tags().iter().enumerate() {
            if tag.trim().is_empty() {
                self.push(
                    ProblemCode::InvalidValue,
                    format!("{path}.keep_together_tags[{i}]"),
                    "a keep-together tag is blank",
                );
            }
        }
    }

    fn location(&mut self, action: &LocationAction, partner: bool, path: String) {
        let id = &action.location_id;
        match self.ctx.location(id) {
            None => {}
            Some(None) => self.push(
                ProblemCode::UnknownLocation,
                path,
                format!(
                    "routes to location {id}, which does not exist (deleted?); orders this rule \
                     matches will be held as unroutable until the rule is fixed"
                ),
            ),
            Some(Some(kind)) if kind.is_partner() != partner => {
                let (verb, should) = if partner {
                    ("route_to_partner", "assign_location")
                } else {
                    ("assign_location", "route_to_partner")
                };
                self.push(
                    ProblemCode::LocationKindMismatch,
                    path,
                    format!(
                        "`{verb}` names {id}, a {} location; use `{should}` for it",
                        kind.as_str()
                    ),
                );
            }
            Some(Some(_)) => {}
        }
    }
}

/// Rules that never run because an earlier enabled rule of the same stage stops processing
/// whenever they would match.
fn shadowing(ruleset: &Ruleset, problems: &mut Vec<Problem>) {
    for stage in Stage::ALL {
        let order = run_order(ruleset, stage);
        for (pos, &b) in order.iter().enumerate() {
            let later = &ruleset.rules[b];
            if !later.enabled {
                continue;
            }
            let shadow = order[..pos].iter().copied().find(|&a| {
                let earlier = &ruleset.rules[a];
                earlier.enabled && earlier.stop_processing && implies(&later.when, &earlier.when)
            });
            if let Some(a) = shadow {
                let earlier = &ruleset.rules[a];
                let what = if earlier.when == crate::rules::condition::Condition::Always {
                    "matches every order"
                } else {
                    "matches every order this rule would match"
                };
                let label = rule_label(b, Some(&later.name));
                let mut p = Problem::new(
                    ProblemCode::Shadowed,
                    format!("rules[{b}]"),
                    format!(
                        "{label} at rules[{b}] never runs: {} (rules[{a}]) runs before it in the \
                         `{stage}` stage, stops processing and {what}; give this rule a lower \
                         priority number or narrow the earlier rule",
                        rule_label(a, Some(&earlier.name)),
                    ),
                );
                p.rule_id = Some(later.id.to_string());
                p.rule_name = Some(later.name.clone());
                problems.push(p);
            }
        }
    }
}

/// Indices of the stage's rules in the order they run: by priority, then list position.
pub(crate) fn run_order(ruleset: &Ruleset, stage: Stage) -> Vec<usize> {
    let mut order: Vec<usize> = (0..ruleset.rules.len())
        .filter(|&i| ruleset.rules[i].stage == stage)
        .collect();
    order.sort_by_key(|&i| (ruleset.rules[i].priority, i));
    order
}
