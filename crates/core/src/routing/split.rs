//! Split by availability: take every unit the first location can ship, then what the next one
//! can of the rest, and so on; then fold shipments worth less than the minimum into the others.

use crate::money::Money;
use crate::routing::allocate::{Refusal, join};
use crate::routing::request::Candidate;
use crate::routing::stock::StockView;
use crate::routing::units::{Ledger, Unit, shortages, values_by_candidate};

const UNPLACED: usize = usize::MAX;

pub(crate) fn assign<S: StockView + ?Sized>(
    units: &[Unit<'_>],
    list: &[&Candidate],
    stock: &S,
    min_value: i64,
    currency: &str,
) -> Result<Vec<usize>, Refusal> {
    let mut ledger = Ledger::new(stock, list);
    let mut at = vec![UNPLACED; units.len()];
    for c in 0..list.len() {
        for (u, unit) in units.iter().enumerate() {
            if at[u] == UNPLACED && ledger.fits(c, unit) {
                ledger.take(c, unit);
                at[u] = c;
            }
        }
    }
    if at.contains(&UNPLACED) {
        return Err(unplaced(units, list, stock, &at));
    }
    fold_small(units, &mut ledger, &mut at, min_value, currency, list)?;
    Ok(at)
}

/// Moves every unit of the smallest shipment under the minimum into the other shipments, until
/// every shipment is worth the minimum or one cannot be moved.
fn fold_small<'a, S: StockView + ?Sized>(
    units: &[Unit<'a>],
    ledger: &mut Ledger<'a, '_, S>,
    at: &mut [usize],
    min_value: i64,
    currency: &str,
    list: &[&Candidate],
) -> Result<(), Refusal> {
    loop {
        let values = values_by_candidate(units, at);
        if values.len() < 2 {
            return Ok(());
        }
        // The smallest first; between equals, the farther (later) location gives way.
        let Some(&(small, value)) = values
            .iter()
            .filter(|(_, v)| *v < min_value)
            .min_by_key(|(c, v)| (*v, std::cmp::Reverse(*c)))
        else {
            return Ok(());
        };
        let mut others: Vec<usize> = values
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| *c != small)
            .collect();
        others.sort_unstable();
        let moving: Vec<usize> = (0..units.len()).filter(|u| at[*u] == small).collect();
        for &u in &moving {
            ledger.give_back(small, &units[u]);
        }
        let mut moved = Vec::with_capacity(moving.len());
        for &u in &moving {
            if let Some(&c) = others.iter().find(|c| ledger.fits(**c, &units[u])) {
                ledger.take(c, &units[u]);
                moved.push((u, c));
            } else {
                break;
            }
        }
        if moved.len() < moving.len() {
            return Err((
                format!(
                    "the shipment from {} would be worth {}, below the minimum of {}, and its \
                     lines are not in stock where the rest ships from",
                    list[small].id,
                    Money::new(value, currency),
                    Money::new(min_value, currency)
                ),
                vec![],
            ));
        }
        for (u, c) in moved {
            at[u] = c;
        }
    }
}

/// The refusal when some units fit nowhere: missing stock over every location, or else the
/// units that no single location can ship whole.
fn unplaced<S: StockView + ?Sized>(
    units: &[Unit<'_>],
    list: &[&Candidate],
    stock: &S,
    at: &[usize],
) -> Refusal {
    let short = shortages(units, list, stock, |it| it.sum());
    if !short.is_empty() {
        return (
            format!("not enough stock over every location: {}", join(&short)),
            short,
        );
    }
    let named: Vec<String> = units
        .iter()
        .zip(at)
        .filter(|(_, a)| **a == UNPLACED)
        .map(|(u, _)| {
            let what = u
                .wants
                .iter()
                .map(|(sku, q)| format!("{sku} × {q}"))
                .collect::<Vec<_>>()
                .join(", ");
            match u.group {
                Some(g) => format!("keep-together group \"{g}\" ({what})"),
                None => what,
            }
        })
        .collect();
    (
        format!(
            "no one location can ship {} whole (the stock is spread over several)",
            named.join("; ")
        ),
        vec![],
    )
}
