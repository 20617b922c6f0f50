//! The bundled US ZIP3 centroid table (`data/us_zip3_centroids.csv`; source and licence in
//! `data/README.md`), parsed once on first use.

use std::sync::OnceLock;

const CSV: &str = include_str!("../../data/us_zip3_centroids.csv");

/// Latitude and longitude in degrees, indexed by the ZIP3 prefix as a number (0–999).
type Table = Vec<Option<(f64, f64)>>;

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: Table = vec![None; 1000];
        for row in CSV.lines().skip(1) {
            let mut cols = row.split(',');
            let parsed = (|| {
                let zip3: usize = cols.next()?.parse().ok()?;
                let lat: f64 = cols.next()?.parse().ok()?;
                let lng: f64 = cols.next()?.parse().ok()?;
                Some((zip3, lat, lng))
            })();
            if let Some((zip3, lat, lng)) = parsed
                && let Some(slot) = t.get_mut(zip3)
            {
                *slot = Some((lat, lng));
            }
        }
        t
    })
}

/// The centroid of a US ZIP code's three-digit prefix (`94107`, `94107-1234`); `None` when the
/// code does not start with five digits or its prefix is not in the table.
pub(crate) fn centroid(zip: &str) -> Option<(f64, f64)> {
    let digits: Vec<u32> = zip
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(5)
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    if digits.len() != 5 {
        return None;
    }
    let zip3 = digits[0] * 100 + digits[1] * 10 + digits[2];
    table().get(zip3 as usize).copied().flatten()
}

/// Rows loaded from the table (for its test).
#[cfg(test)]
pub(crate) fn known_prefixes() -> usize {
    table().iter().filter(|c| c.is_some()).count()
}
