//! The order in which candidates are tried: by distance to the ship-to, or as ranked.

use crate::ids::LocationId;
use crate::routing::distance::{Distance, distance_km, is_known};
use crate::routing::request::{Candidate, Destination};

/// Candidates in the order to try them, and what a person should know about that order.
pub(crate) struct Preference<'c> {
    pub list: Vec<&'c Candidate>,
    pub notes: Vec<String>,
}

/// Nearest first by ZIP3 distance. Where a distance is unknown (a code outside the table, a
/// non-US address) those candidates come after every known one: same country as the ship-to
/// first, then in the order given. The notes name each unknown code.
pub(crate) fn nearest<'c>(candidates: &'c [Candidate], to: &Destination) -> Preference<'c> {
    let mut notes = Vec::new();
    let to_known = is_known(&to.postal_code, &to.country);
    if !to_known {
        notes.push(format!(
            "distance unknown for {} {}: locations in {} first, then in the listed order",
            to.country.trim(),
            to.postal_code.trim(),
            to.country.trim()
        ));
    }
    let mut keyed: Vec<(Distance, bool, usize, &Candidate)> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let d = distance_km((&c.postal_code, &c.country), (&to.postal_code, &to.country));
            if to_known && d == Distance::Unknown {
                notes.push(format!(
                    "distance unknown for {}'s postal code {} {}",
                    c.id,
                    c.country.trim(),
                    c.postal_code.trim()
                ));
            }
            let other_country = !c.country.trim().eq_ignore_ascii_case(to.country.trim());
            (d, other_country, i, c)
        })
        .collect();
    keyed.sort_by_key(|(d, other, i, _)| (*d, *other, *i));
    Preference {
        list: keyed.into_iter().map(|(_, _, _, c)| c).collect(),
        notes,
    }
}

/// The ranked locations, in rank order; names that are not candidates (deleted, inactive) are
/// skipped with a note.
pub(crate) fn ranked<'c>(candidates: &'c [Candidate], ranks: &[LocationId]) -> Preference<'c> {
    let mut list = Vec::with_capacity(ranks.len());
    let mut notes = Vec::new();
    for id in ranks {
        match candidates.iter().find(|c| &c.id == id) {
            Some(c) if !list.iter().any(|l: &&Candidate| l.id == c.id) => list.push(c),
            Some(_) => {}
            None => notes.push(format!("{id} is not a candidate location (deleted?)")),
        }
    }
    Preference { list, notes }
}
