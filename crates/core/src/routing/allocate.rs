//! The entry point: order the candidates as the strategy says, drop the ones at capacity, and
//! hand the units to the strategy's search.

use crate::routing::allocation::{Allocation, Shortage};
use crate::routing::preference::{self, Preference};
use crate::routing::request::{Candidate, RouteRequest};
use crate::routing::stock::StockView;
use crate::routing::strategy::Strategy;
use crate::routing::units::{Unit, shipments, shortages, units};
use crate::routing::{fewest, split};

/// Why a strategy found no allocation: the hold's note and the missing quantities.
pub(crate) type Refusal = (String, Vec<Shortage>);

/// Places every line of `request` by `strategy`, reading availability from `stock`.
///
/// Candidates with no daily capacity left are skipped; each shipment uses one unit of a
/// location's capacity (the caller decrements it when it commits the allocation). Nothing
/// here reserves anything: the caller reserves the shipments' lines in the same transaction.
pub fn allocate<S: StockView + ?Sized>(
    strategy: &Strategy,
    request: &RouteRequest,
    candidates: &[Candidate],
    stock: &S,
) -> Allocation {
    let Preference { list, mut notes } = match strategy {
        Strategy::Fixed { location_id } => {
            preference::ranked(candidates, std::slice::from_ref(location_id))
        }
        Strategy::Ranked { locations } => preference::ranked(candidates, locations),
        _ => preference::nearest(candidates, &request.ship_to),
    };
    let (list, full): (Vec<&Candidate>, Vec<&Candidate>) =
        list.into_iter().partition(|c| c.has_capacity());
    for c in &full {
        notes.push(format!("{} is at its daily capacity", c.id));
    }
    if list.is_empty() {
        return unroutable(
            "no candidate location can take the order".to_owned(),
            vec![],
            notes,
        );
    }
    let units = units(&request.lines);
    if units.is_empty() {
        return unroutable("the order has no lines to ship".to_owned(), vec![], vec![]);
    }
    let min_value = strategy.min_shipment_value();
    let result = match strategy {
        Strategy::Fixed { .. } | Strategy::Ranked { .. } | Strategy::NearestInStock {} => {
            whole(&units, &list, stock)
        }
        Strategy::FewestShipments { .. } => {
            fewest::assign(&units, &list, stock, min_value, &request.currency)
        }
        // Folding a small shipment into the others is not the only way to meet the minimum
        // (the big part might move instead): before refusing, search the fewest-shipment sets,
        // which check the minimum exactly.
        Strategy::SplitByAvailability { .. } => {
            split::assign(&units, &list, stock, min_value, &request.currency).or_else(|why| {
                fewest::assign(&units, &list, stock, min_value, &request.currency).map_err(|_| why)
            })
        }
    };
    match result {
        Ok(at) => Allocation::Routed {
            shipments: shipments(&request.lines, &units, &list, &at),
            notes,
        },
        Err((reason, shortages)) => unroutable(reason, shortages, notes),
    }
}

fn unroutable(reason: String, shortages: Vec<Shortage>, notes: Vec<String>) -> Allocation {
    let reason = if notes.is_empty() {
        reason
    } else {
        format!("{reason} ({})", notes.join("; "))
    };
    Allocation::Unroutable { reason, shortages }
}

/// Everything from the first location in `list` that has every line.
fn whole<S: StockView + ?Sized>(
    units: &[Unit<'_>],
    list: &[&Candidate],
    stock: &S,
) -> Result<Vec<usize>, Refusal> {
    let mut wants: Vec<(&str, u32)> = Vec::new();
    for (sku, q) in units.iter().flat_map(|u| u.wants.iter()) {
        match wants.iter_mut().find(|(s, _)| s == sku) {
            Some((_, t)) => *t = t.saturating_add(*q),
            None => wants.push((sku, *q)),
        }
    }
    let found = list.iter().position(|c| {
        wants
            .iter()
            .all(|(sku, q)| stock.available(&c.id, sku) >= *q)
    });
    if let Some(at) = found {
        return Ok(vec![at; units.len()]);
    }
    let short = shortages(units, list, stock, |it| it.max().unwrap_or(0));
    let reason = match (list, short.is_empty()) {
        ([only], false) => format!("not enough stock at {}: {}", only.id, join(&short)),
        (_, false) => format!("no one location has every line: {}", join(&short)),
        (_, true) => "no one location has every line in stock (each line is in stock somewhere: \
                      a splitting strategy could ship it)"
            .to_owned(),
    };
    Err((reason, short))
}

pub(crate) fn join(short: &[Shortage]) -> String {
    short
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
