//! Fewest shipments: the smallest set of locations that can ship every unit together, found by
//! trying every set of one location, then of two, and so on, nearest sets first.

use crate::money::Money;
use crate::routing::allocate::{Refusal, join};
use crate::routing::request::Candidate;
use crate::routing::split;
use crate::routing::stock::StockView;
use crate::routing::units::{Ledger, Unit, shortages, values_by_candidate};

/// Past this many candidates the exhaustive search could take too long for a routing
/// transaction: the greedy fill (nearest first) is used instead.
const MAX_EXACT_CANDIDATES: usize = 12;
/// Assignments tried before giving up on the exact search.
const BUDGET: usize = 200_000;

pub(crate) fn assign<S: StockView + ?Sized>(
    units: &[Unit<'_>],
    list: &[&Candidate],
    stock: &S,
    min_value: i64,
    currency: &str,
) -> Result<Vec<usize>, Refusal> {
    if list.len() > MAX_EXACT_CANDIDATES {
        return split::assign(units, list, stock, min_value, currency);
    }
    let mut budget = BUDGET;
    let mut ledger = Ledger::new(stock, list);
    for k in 1..=list.len().min(units.len().max(1)) {
        let mut combo: Vec<usize> = (0..k).collect();
        loop {
            let mut at = Vec::with_capacity(units.len());
            if search(units, &combo, &mut ledger, &mut at, min_value, &mut budget) {
                return Ok(at);
            }
            if budget == 0 {
                return split::assign(units, list, stock, min_value, currency);
            }
            if !next_combination(&mut combo, list.len()) {
                break;
            }
        }
    }
    let short = shortages(units, list, stock, |it| it.sum());
    let reason = if short.is_empty() {
        let min = Money::new(min_value, currency);
        format!(
            "no set of locations can ship every line with keep-together groups whole and each \
             shipment worth at least {min}"
        )
    } else {
        format!("not enough stock over every location: {}", join(&short))
    };
    Err((reason, short))
}

/// Depth-first: places unit `at.len()` at each location of `combo` that has it, and at the end
/// checks every location of the set is used and split shipments are worth the minimum.
fn search<'a, S: StockView + ?Sized>(
    units: &[Unit<'a>],
    combo: &[usize],
    ledger: &mut Ledger<'a, '_, S>,
    at: &mut Vec<usize>,
    min_value: i64,
    budget: &mut usize,
) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    let Some(unit) = units.get(at.len()) else {
        let values = values_by_candidate(units, at);
        return values.len() == combo.len()
            && (combo.len() == 1 || values.iter().all(|(_, v)| *v >= min_value));
    };
    for &c in combo {
        if ledger.fits(c, unit) {
            ledger.take(c, unit);
            at.push(c);
            if search(units, combo, ledger, at, min_value, budget) {
                ledger.give_back(c, unit);
                return true;
            }
            at.pop();
            ledger.give_back(c, unit);
        }
    }
    false
}

/// The next k-combination of 0..n in lexicographic order; false after the last.
fn next_combination(combo: &mut [usize], n: usize) -> bool {
    let k = combo.len();
    for i in (0..k).rev() {
        if combo[i] < n - k + i {
            combo[i] += 1;
            for j in i + 1..k {
                combo[j] = combo[j - 1] + 1;
            }
            return true;
        }
    }
    false
}
