//! Turning a validated ruleset into its compiled form (see `program`).
//!
//! Compilation refuses a ruleset with errors and keeps its warnings; everything evaluation would
//! otherwise do per order — reading operators, folding text, parsing patterns, sorting rules,
//! formatting descriptions — happens here, once.

use std::sync::Arc;

use crate::ids::LocationId;
use crate::rules::action::Action;
use crate::rules::condition::{
    ChoiceTest, Condition, DateTest, FlagTest, LineCondition, ListTest, MaybeFlagTest, NumberTest,
    TextTest,
};
use crate::rules::describe;
use crate::rules::memo;
use crate::rules::model::{Rule, Ruleset, Stage};
use crate::rules::pattern::{Pattern, PatternError};
use crate::rules::prefilter::{self, Prefilter};
use crate::rules::problem::{Problem, ProblemCode};
use crate::rules::program::{
    ActionKind, CAction, CRule, ChoiceOp, CompiledRuleset, DateField, DateOp, FlagField, FlagOp,
    LineNode, LineNumberField, LineTextField, ListOp, ListOpKind, NO_MEMO, NO_SEEN, Node, NodeKind,
    NodeMeta, NumberField, NumberOp, Quantifier, TextField, TextOp, TextOpKind,
};
use crate::rules::seen::seen_key;
use crate::rules::text::Folded;
use crate::rules::validate::{ValidationContext, run_order};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

impl Ruleset {
    /// Validates and compiles. Errors refuse the ruleset (all problems are returned, warnings
    /// included, so one screen shows everything); warnings are kept on the result.
    pub fn compile(&self, ctx: &ValidationContext) -> Result<CompiledRuleset, Vec<Problem>> {
        let problems = self.validate(ctx);
        if problems.iter().any(Problem::is_error) {
            return Err(problems);
        }
        let mut rules = Vec::with_capacity(self.rules.len());
        let mut stages = [(0, 0); 4];
        let mut global = 0u32;
        for stage in Stage::ALL {
            let start = rules.len();
            for index in run_order(self, stage) {
                let rule = &self.rules[index];
                let compiled = compile_rule(rule, ctx, &mut global).map_err(|e| {
                    vec![Problem::new(
                        ProblemCode::InvalidPattern,
                        format!("rules[{index}]"),
                        format!("a pattern in rule \"{}\" cannot be read: {e}", rule.name),
                    )]
                })?;
                rules.push(compiled);
            }
            stages[stage.index()] = (start, rules.len());
        }
        memo::assign(rules.iter_mut().map(|r| &mut r.fast));
        // The traced path walks the full conditions; it shares their costly leaves too.
        memo::assign(rules.iter_mut().map(|r| &mut r.when));
        let prefilter = Prefilter::build(rules.iter().map(|r: &CRule| (&r.when, r.enabled)));
        let sizes = (
            rules.iter().map(|r| r.metas.len()).sum(),
            rules.iter().map(|r| r.actions.len()).sum(),
        );
        Ok(CompiledRuleset {
            version: self.version,
            prefilter,
            sizes,
            rules: rules.into_boxed_slice(),
            stages,
            warnings: problems,
        })
    }
}

fn compile_rule(
    rule: &Rule,
    ctx: &ValidationContext,
    global: &mut u32,
) -> Result<CRule, PatternError> {
    let mut metas = Vec::new();
    let when = node(&rule.when, "when".to_owned(), &mut metas)?;
    let fast = prefilter::residual(node(&rule.when, "when".to_owned(), &mut Vec::new())?);
    let actions = rule
        .then
        .iter()
        .map(|a| {
            let g = *global;
            *global += 1;
            let kind = action(a, rule, ctx);
            CAction {
                desc: describe::action(a).into(),
                global: g,
                slots: kind.slots().iter().fold(0, |bits, s| bits | 1 << s.index()),
                accumulates: matches!(kind, ActionKind::Tag(_) | ActionKind::Note(_)),
                kind,
            }
        })
        .collect();
    Ok(CRule {
        id: rule.id.clone(),
        id_text: rule.id.as_str().into(),
        name: rule.name.trim().into(),
        stage: rule.stage,
        priority: rule.priority,
        enabled: rule.enabled,
        stop: rule.stop_processing,
        when,
        fast,
        metas: metas.into_boxed_slice(),
        actions,
    })
}

/// What a location action naming a missing location tells people. Made from the rule alone, so
/// a trace read back later (against the ruleset compiled without the workspace) says the same.
pub(crate) fn missing_location(rule_name: &str, id: &LocationId) -> String {
    format!(
        "rule \"{rule_name}\" routes to location {id}, which does not exist (deleted?); fix the \
         rule or choose a location by hand"
    )
}

fn arc(s: &str) -> Arc<str> {
    s.trim().into()
}

fn action(a: &Action, rule: &Rule, ctx: &ValidationContext) -> ActionKind {
    match a {
        Action::Hold(h) => ActionKind::Hold {
            reason: h.reason,
            note: arc(&h.note),
            release_after_minutes: h.release_after_minutes,
        },
        Action::AssignLocation(l) | Action::RouteToPartner(l) => {
            let missing = matches!(ctx.location(&l.location_id), Some(None))
                .then(|| missing_location(rule.name.trim(), &l.location_id).into());
            ActionKind::Location {
                id: l.location_id.clone(),
                missing,
            }
        }
        Action::ChooseLocation(s) => ActionKind::Strategy(Arc::new(s.clone())),
        Action::SetService(s) => ActionKind::Service {
            carrier: arc(&s.carrier),
            service: arc(&s.service),
            package: s.package.as_deref().map(arc),
        },
        Action::RequireSignature => ActionKind::Signature,
        Action::AddInsurance(i) => ActionKind::Insurance(*i),
        // Tags are stored as a person's edit stores them: trimmed and lower case.
        Action::AddTag(t) => ActionKind::Tag(t.tag.trim().to_lowercase().into()),
        Action::AddNote(n) => ActionKind::Note(arc(&n.note)),
        Action::SetBatchGroup(g) => ActionKind::BatchGroup(arc(&g.group)),
    }
}

fn meta(cond: &Condition, path: &str, metas: &mut Vec<NodeMeta>) -> u32 {
    metas.push(NodeMeta {
        path: path.into(),
        test: describe::condition(cond).into(),
    });
    u32::try_from(metas.len() - 1).unwrap_or(u32::MAX)
}

fn node(cond: &Condition, path: String, metas: &mut Vec<NodeMeta>) -> Result<Node, PatternError> {
    let meta = meta(cond, &path, metas);
    let kind = match cond {
        Condition::Always => NodeKind::Always,
        Condition::All(children) => NodeKind::All(group(children, &path, "all", metas)?),
        Condition::Any(children) => NodeKind::Any(group(children, &path, "any", metas)?),
        Condition::Not(inner) => {
            NodeKind::Not(Box::new(node(inner, format!("{path}.not"), metas)?))
        }
        Condition::AnyLine(l) => NodeKind::Lines(Quantifier::Any, Box::new(line(l)?)),
        Condition::AllLines(l) => NodeKind::Lines(Quantifier::All, Box::new(line(l)?)),
        Condition::NoLine(l) => NodeKind::Lines(Quantifier::None, Box::new(line(l)?)),
        Condition::Channel(t) => NodeKind::Channel(choice(t)),
        Condition::PaymentStatus(t) => NodeKind::Payment(choice(t)),
        Condition::AddressCheck(t) => NodeKind::Address(choice(t)),
        Condition::Total(t) => NodeKind::Number(NumberField::Total, number(t)),
        Condition::LineCount(t) => NodeKind::Number(NumberField::LineCount, number(t)),
        Condition::TotalQuantity(t) => NodeKind::Number(NumberField::TotalQuantity, number(t)),
        Condition::TotalWeightG(t) => NodeKind::Number(NumberField::TotalWeightG, number(t)),
        Condition::Currency(t) => NodeKind::Text(TextField::Currency, text(t)?),
        Condition::ShipToCountry(t) => NodeKind::Text(TextField::Country, text(t)?),
        Condition::ShipToRegion(t) => NodeKind::Text(TextField::Region, text(t)?),
        Condition::ShipToCity(t) => NodeKind::Text(TextField::City, text(t)?),
        Condition::ShipToPostalCode(t) => NodeKind::Text(TextField::PostalCode, text(t)?),
        Condition::RequestedService(t) => NodeKind::Text(TextField::RequestedService, text(t)?),
        Condition::CustomerName(t) => NodeKind::Text(TextField::CustomerName, text(t)?),
        Condition::CustomerEmail(t) => NodeKind::Text(TextField::CustomerEmail, text(t)?),
        Condition::CustomerNotes(t) => NodeKind::Text(TextField::CustomerNotes, text(t)?),
        Condition::InternalNotes(t) => NodeKind::Text(TextField::InternalNotes, text(t)?),
        Condition::ShipToResidential(t) => NodeKind::Flag(
            FlagField::Residential,
            match *t {
                MaybeFlagTest::Equals(b) => FlagOp::Equals(b),
                MaybeFlagTest::IsUnknown(b) => FlagOp::IsUnknown(b),
            },
        ),
        Condition::Gift(FlagTest::Equals(b)) => NodeKind::Flag(FlagField::Gift, FlagOp::Equals(*b)),
        Condition::Tags(t) => NodeKind::Tags(list(t)?),
        Condition::PlacedAt(t) => NodeKind::Date(DateField::PlacedAt, date(t)),
        Condition::ShipBy(t) => NodeKind::Date(DateField::ShipBy, date(t)),
    };
    Ok(Node {
        meta,
        memo: NO_MEMO,
        seen: seen_key(&kind)
            .and_then(|k| u8::try_from(k.slot()).ok())
            .unwrap_or(NO_SEEN),
        kind,
    })
}

/// The children of a group, cheapest test first: `all` stops at the first false and `any` at
/// the first true, so cheap tests shield the dearer ones. The result cannot change (evaluation
/// is pure); the trace puts conditions back in written order.
fn group(
    children: &[Condition],
    path: &str,
    name: &str,
    metas: &mut Vec<NodeMeta>,
) -> Result<Box<[Node]>, PatternError> {
    let mut nodes = children
        .iter()
        .enumerate()
        .map(|(i, c)| node(c, format!("{path}.{name}[{i}]"), metas))
        .collect::<Result<Vec<_>, _>>()?;
    nodes.sort_by_key(cost);
    Ok(nodes.into_boxed_slice())
}

/// A rough relative price of evaluating a node.
pub(crate) fn cost(node: &Node) -> u32 {
    match &node.kind {
        NodeKind::Always => 0,
        NodeKind::Number(..) | NodeKind::Flag(..) | NodeKind::Payment(_) | NodeKind::Date(..) => 1,
        NodeKind::Channel(_) => 2,
        NodeKind::Text(_, op) => text_cost(op),
        NodeKind::Tags(_) => 4,
        NodeKind::Address(_) => 6,
        NodeKind::Lines(_, line) => 6 + 2 * line_cost(line),
        NodeKind::Not(inner) => cost(inner),
        NodeKind::All(c) | NodeKind::Any(c) => c.iter().map(cost).sum(),
    }
}

fn text_cost(op: &TextOp) -> u32 {
    match op.kind {
        TextOpKind::IsBlank => 1,
        TextOpKind::Equals(_) | TextOpKind::StartsWith(_) | TextOpKind::EndsWith(_) => 3,
        TextOpKind::OneOf(ref v) => 2 + u32::try_from(v.len()).unwrap_or(u32::MAX).min(20),
        TextOpKind::Contains(_) | TextOpKind::Matches(_) => 5,
    }
}

fn line_cost(node: &LineNode) -> u32 {
    match node {
        LineNode::Number(..) => 1,
        LineNode::Text(_, op) => text_cost(op),
        LineNode::Tags(_) => 4,
        LineNode::Not(inner) => line_cost(inner),
        LineNode::All(c) | LineNode::Any(c) => c.iter().map(line_cost).sum(),
    }
}

fn line(cond: &LineCondition) -> Result<LineNode, PatternError> {
    let lines = |c: &[LineCondition]| {
        let mut nodes = c.iter().map(line).collect::<Result<Vec<_>, _>>()?;
        nodes.sort_by_key(line_cost);
        Ok::<_, PatternError>(nodes.into_boxed_slice())
    };
    Ok(match cond {
        LineCondition::All(c) => LineNode::All(lines(c)?),
        LineCondition::Any(c) => LineNode::Any(lines(c)?),
        LineCondition::Not(c) => LineNode::Not(Box::new(line(c)?)),
        LineCondition::Sku(t) => LineNode::Text(LineTextField::Sku, text(t)?),
        LineCondition::Name(t) => LineNode::Text(LineTextField::Name, text(t)?),
        LineCondition::ProductTags(t) => LineNode::Tags(list(t)?),
        LineCondition::Quantity(t) => LineNode::Number(LineNumberField::Quantity, number(t)),
        LineCondition::UnitPrice(t) => LineNode::Number(LineNumberField::UnitPrice, number(t)),
        LineCondition::UnitWeightG(t) => LineNode::Number(LineNumberField::UnitWeightG, number(t)),
        LineCondition::WeightG(t) => LineNode::Number(LineNumberField::WeightG, number(t)),
    })
}

fn folded(values: &[String]) -> Box<[Folded]> {
    values.iter().map(|v| Folded::new(v)).collect()
}

fn text(t: &TextTest) -> Result<TextOp, PatternError> {
    let (kind, negate) = match t {
        TextTest::Equals(v) => (TextOpKind::Equals(Folded::new(v)), false),
        TextTest::NotEquals(v) => (TextOpKind::Equals(Folded::new(v)), true),
        TextTest::OneOf(v) => (TextOpKind::OneOf(folded(v)), false),
        TextTest::NotOneOf(v) => (TextOpKind::OneOf(folded(v)), true),
        TextTest::Contains(v) => (TextOpKind::Contains(Folded::new(v)), false),
        TextTest::NotContains(v) => (TextOpKind::Contains(Folded::new(v)), true),
        TextTest::StartsWith(v) => (TextOpKind::StartsWith(Folded::new(v)), false),
        TextTest::EndsWith(v) => (TextOpKind::EndsWith(Folded::new(v)), false),
        TextTest::Matches(p) => (TextOpKind::Matches(Pattern::parse(p)?), false),
        TextTest::IsBlank(b) => (TextOpKind::IsBlank, !b),
    };
    Ok(TextOp { kind, negate })
}

fn list(t: &ListTest) -> Result<ListOp, PatternError> {
    let (kind, negate) = match t {
        ListTest::Contains(v) => (ListOpKind::Contains(Folded::new(v)), false),
        ListTest::NotContains(v) => (ListOpKind::Contains(Folded::new(v)), true),
        ListTest::ContainsAny(v) => (ListOpKind::ContainsAny(folded(v)), false),
        ListTest::ContainsNone(v) => (ListOpKind::ContainsAny(folded(v)), true),
        ListTest::ContainsAll(v) => (ListOpKind::ContainsAll(folded(v)), false),
        ListTest::AnyMatches(p) => (ListOpKind::AnyMatches(Pattern::parse(p)?), false),
        ListTest::IsBlank(b) => (ListOpKind::IsBlank, !b),
    };
    Ok(ListOp { kind, negate })
}

fn number(t: &NumberTest) -> NumberOp {
    let range = |lo, hi| NumberOp {
        lo,
        hi,
        negate: false,
    };
    match *t {
        NumberTest::Equals(v) => range(v, v),
        NumberTest::NotEquals(v) => NumberOp {
            lo: v,
            hi: v,
            negate: true,
        },
        NumberTest::Lt(v) => range(i64::MIN, v.saturating_sub(1)),
        NumberTest::Lte(v) => range(i64::MIN, v),
        NumberTest::Gt(v) => range(v.saturating_add(1), i64::MAX),
        NumberTest::Gte(v) => range(v, i64::MAX),
        NumberTest::Between(r) => range(r.min, r.max),
    }
}

fn choice<T: Clone>(t: &ChoiceTest<T>) -> ChoiceOp<T> {
    let (values, negate): (Box<[T]>, bool) = match t {
        ChoiceTest::Equals(v) => (Box::new([v.clone()]), false),
        ChoiceTest::NotEquals(v) => (Box::new([v.clone()]), true),
        ChoiceTest::OneOf(v) => (v.clone().into_boxed_slice(), false),
        ChoiceTest::NotOneOf(v) => (v.clone().into_boxed_slice(), true),
    };
    ChoiceOp { values, negate }
}

fn date(t: &DateTest) -> DateOp {
    let days = |n: u32| i64::from(n) * DAY_MS;
    match *t {
        DateTest::Before(at) => DateOp::Before(at.timestamp_millis()),
        DateTest::After(at) => DateOp::After(at.timestamp_millis()),
        DateTest::MoreThanDaysAgo(n) => DateOp::Window {
            from: None,
            to: Some(-days(n)),
            strict_to: true,
        },
        DateTest::WithinLastDays(n) => DateOp::Window {
            from: Some(-days(n)),
            to: Some(0),
            strict_to: false,
        },
        DateTest::WithinNextDays(n) => DateOp::Window {
            from: Some(0),
            to: Some(days(n)),
            strict_to: false,
        },
        DateTest::DueWithinDays(n) => DateOp::Window {
            from: None,
            to: Some(days(n)),
            strict_to: false,
        },
        DateTest::IsBlank(b) => DateOp::IsBlank(b),
    }
}
