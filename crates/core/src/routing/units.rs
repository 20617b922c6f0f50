//! Units of assignment: a line on its own, or every line of a keep-together group, and the
//! ledger of stock an allocation in progress has already promised.

use std::collections::HashMap;

use crate::routing::allocation::{ShipLine, Shipment, Shortage};
use crate::routing::request::{Candidate, RouteLine};
use crate::routing::stock::StockView;

/// Lines that must ship from one location.
#[derive(Debug)]
pub(crate) struct Unit<'a> {
    /// Indices into the request's lines, ascending.
    pub lines: Vec<u32>,
    /// Units per SKU, added up over the unit's lines.
    pub wants: Vec<(&'a str, u32)>,
    pub value: i64,
    pub group: Option<&'a str>,
}

/// The lines as units, in the order their first line appears. Lines of quantity 0 (removed
/// or refunded) ship from nowhere and are left out.
pub(crate) fn units(lines: &[RouteLine]) -> Vec<Unit<'_>> {
    let mut out: Vec<Unit<'_>> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if line.quantity == 0 {
            continue;
        }
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        let group = line.group.as_deref();
        let unit = match group {
            Some(g) => match out.iter_mut().position(|u| u.group == Some(g)) {
                Some(pos) => &mut out[pos],
                None => push_unit(&mut out, group),
            },
            None => push_unit(&mut out, None),
        };
        unit.lines.push(index);
        unit.value = unit.value.saturating_add(line.value());
        match unit.wants.iter_mut().find(|(s, _)| *s == line.sku) {
            Some((_, q)) => *q = q.saturating_add(line.quantity),
            None => unit.wants.push((line.sku.as_str(), line.quantity)),
        }
    }
    out
}

fn push_unit<'u, 'a>(out: &'u mut Vec<Unit<'a>>, group: Option<&'a str>) -> &'u mut Unit<'a> {
    out.push(Unit {
        lines: Vec::new(),
        wants: Vec::new(),
        value: 0,
        group,
    });
    let last = out.len() - 1;
    &mut out[last]
}

/// Stock per (candidate, SKU) still free while an allocation is being built: read from the
/// view once, then decremented as units are placed, so two lines of one SKU cannot both count
/// the same unit.
pub(crate) struct Ledger<'a, 'c, S: StockView + ?Sized> {
    stock: &'a S,
    candidates: &'c [&'c Candidate],
    taken: HashMap<(usize, &'a str), u32>,
}

impl<'a, 'c, S: StockView + ?Sized> Ledger<'a, 'c, S> {
    pub(crate) fn new(stock: &'a S, candidates: &'c [&'c Candidate]) -> Self {
        Ledger {
            stock,
            candidates,
            taken: HashMap::new(),
        }
    }

    pub(crate) fn free(&self, at: usize, sku: &'a str) -> u32 {
        let total = self.stock.available(&self.candidates[at].id, sku);
        total.saturating_sub(self.taken.get(&(at, sku)).copied().unwrap_or(0))
    }

    pub(crate) fn fits(&self, at: usize, unit: &Unit<'a>) -> bool {
        unit.wants.iter().all(|(sku, q)| self.free(at, sku) >= *q)
    }

    pub(crate) fn take(&mut self, at: usize, unit: &Unit<'a>) {
        for (sku, q) in &unit.wants {
            let t = self.taken.entry((at, sku)).or_insert(0);
            *t = t.saturating_add(*q);
        }
    }

    pub(crate) fn give_back(&mut self, at: usize, unit: &Unit<'a>) {
        for (sku, q) in &unit.wants {
            if let Some(t) = self.taken.get_mut(&(at, sku)) {
                *t = t.saturating_sub(*q);
            }
        }
    }
}

/// SKUs the order needs more of than `best` (per SKU, over the candidates) can give.
pub(crate) fn shortages<'a, S: StockView + ?Sized>(
    units: &[Unit<'a>],
    candidates: &[&Candidate],
    stock: &S,
    best: impl Fn(&mut dyn Iterator<Item = u32>) -> u32,
) -> Vec<Shortage> {
    let mut wanted: Vec<(&str, u32)> = Vec::new();
    for (sku, q) in units.iter().flat_map(|u| u.wants.iter()) {
        match wanted.iter_mut().find(|(s, _)| s == sku) {
            Some((_, total)) => *total = total.saturating_add(*q),
            None => wanted.push((sku, *q)),
        }
    }
    wanted
        .into_iter()
        .filter_map(|(sku, requested)| {
            let available = best(&mut candidates.iter().map(|c| stock.available(&c.id, sku)));
            (available < requested).then(|| Shortage {
                sku: sku.to_owned(),
                requested,
                available,
            })
        })
        .collect()
}

/// Shipments from an assignment (`at[u]` = candidate of unit `u`), in candidate order, lines
/// in line order.
pub(crate) fn shipments(
    lines: &[RouteLine],
    units: &[Unit<'_>],
    candidates: &[&Candidate],
    at: &[usize],
) -> Vec<Shipment> {
    let mut used: Vec<usize> = at.to_vec();
    used.sort_unstable();
    used.dedup();
    used.into_iter()
        .map(|c| {
            let mut idx: Vec<u32> = units
                .iter()
                .zip(at)
                .filter(|(_, a)| **a == c)
                .flat_map(|(u, _)| u.lines.iter().copied())
                .collect();
            idx.sort_unstable();
            Shipment {
                location: candidates[c].id.clone(),
                lines: idx
                    .into_iter()
                    .filter_map(|i| {
                        let l = lines.get(i as usize)?;
                        Some(ShipLine {
                            line: i,
                            sku: l.sku.clone(),
                            quantity: l.quantity,
                        })
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Value shipped from each used candidate, for the minimum-value check.
pub(crate) fn values_by_candidate(units: &[Unit<'_>], at: &[usize]) -> Vec<(usize, i64)> {
    let mut out: Vec<(usize, i64)> = Vec::new();
    for (u, c) in units.iter().zip(at) {
        match out.iter_mut().find(|(x, _)| x == c) {
            Some((_, v)) => *v = v.saturating_add(u.value),
            None => out.push((*c, u.value)),
        }
    }
    out
}
