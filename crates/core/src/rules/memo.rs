//! Common conditions evaluated once per order.
//!
//! Real rulesets repeat their costly tests across stages — "any line is hazmat" decides a hold,
//! a location, a service and a tag. Compilation gives each costly leaf that appears in more than
//! one rule a slot; evaluation remembers the leaf's result per order in two small bit sets, so
//! the line scan or pattern match runs once. Evaluation is pure, so a remembered result is the
//! result. The traced path uses it too: the trace still records every condition it reaches.

use crate::rules::compile::cost;
use crate::rules::program::{NO_MEMO, Node, NodeKind};

/// Slots available; leaves beyond this many are simply evaluated each time.
pub(crate) const SLOTS: usize = 256;

/// Leaves cheaper than this are faster to evaluate than to look up.
const MIN_COST: u32 = 3;

/// Per-evaluation results of the shared leaves.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    known: [u64; SLOTS / 64],
    value: [u64; SLOTS / 64],
}

impl Memo {
    #[inline]
    pub(crate) fn get(&self, slot: u16) -> Option<bool> {
        let (w, b) = (usize::from(slot) / 64, slot % 64);
        let known = self.known.get(w).is_some_and(|k| k & (1 << b) != 0);
        known.then(|| self.value.get(w).is_some_and(|v| v & (1 << b) != 0))
    }

    #[inline]
    pub(crate) fn set(&mut self, slot: u16, result: bool) {
        let (w, b) = (usize::from(slot) / 64, slot % 64);
        if let (Some(k), Some(v)) = (self.known.get_mut(w), self.value.get_mut(w)) {
            *k |= 1 << b;
            if result {
                *v |= 1 << b;
            }
        }
    }
}

fn is_leaf(kind: &NodeKind) -> bool {
    !matches!(
        kind,
        NodeKind::All(_) | NodeKind::Any(_) | NodeKind::Not(_) | NodeKind::Always
    )
}

/// The costly leaves of `node`, in a fixed walking order.
fn leaves<'a>(node: &'a Node, out: &mut Vec<&'a NodeKind>) {
    match &node.kind {
        NodeKind::All(c) | NodeKind::Any(c) => c.iter().for_each(|n| leaves(n, out)),
        NodeKind::Not(n) => leaves(n, out),
        kind if is_leaf(kind) && cost(node) >= MIN_COST => out.push(kind),
        _ => {}
    }
}

/// Gives the costly leaves of `node` their slots, in the same walking order as [`leaves`].
fn mark(node: &mut Node, slots: &mut impl Iterator<Item = u16>) {
    let costly = is_leaf(&node.kind) && cost(node) >= MIN_COST;
    match &mut node.kind {
        NodeKind::All(c) | NodeKind::Any(c) => c.iter_mut().for_each(|n| mark(n, slots)),
        NodeKind::Not(n) => mark(n, slots),
        _ if costly => node.memo = slots.next().unwrap_or(NO_MEMO),
        _ => {}
    }
}

/// Gives every costly leaf that occurs more than once among `roots` a memo slot.
pub(crate) fn assign<'a>(roots: impl Iterator<Item = &'a mut Node>) {
    let mut roots: Vec<&mut Node> = roots.collect();
    let per_root: Vec<Vec<u16>> = {
        let lists: Vec<Vec<&NodeKind>> = roots
            .iter()
            .map(|r| {
                let mut l = Vec::new();
                leaves(r, &mut l);
                l
            })
            .collect();
        let all: Vec<&NodeKind> = lists.iter().flatten().copied().collect();
        let mut shared: Vec<&NodeKind> = Vec::new();
        for (n, kind) in all.iter().enumerate() {
            let repeated = all[..n].contains(kind);
            if repeated && !shared.contains(kind) && shared.len() < SLOTS {
                shared.push(kind);
            }
        }
        lists
            .iter()
            .map(|l| {
                l.iter()
                    .map(|k| {
                        shared
                            .iter()
                            .position(|s| s == k)
                            .and_then(|p| u16::try_from(p).ok())
                            .unwrap_or(NO_MEMO)
                    })
                    .collect()
            })
            .collect()
    };
    for (root, slots) in roots.iter_mut().zip(per_root) {
        mark(root, &mut slots.into_iter());
    }
}
