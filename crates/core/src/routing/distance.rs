//! Distance between a ship-from and a ship-to postal code: great-circle kilometres between
//! US ZIP3 centroids, or unknown.

use crate::routing::zip3;

/// Countries whose postal codes are US ZIP codes (the territories share the system).
const ZIP_COUNTRIES: [&str; 4] = ["US", "PR", "VI", "GU"];

/// How far apart two postal codes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Distance {
    /// Whole kilometres, great circle between ZIP3 centroids.
    Km(u32),
    /// One of the codes is not in the bundled table (or not a US ZIP).
    Unknown,
}

/// The distance between `(postal_code, country)` pairs; [`Distance::Unknown`] unless both are
/// known US ZIP codes.
pub fn distance_km(from: (&str, &str), to: (&str, &str)) -> Distance {
    match (point(from), point(to)) {
        (Some(a), Some(b)) => Distance::Km(haversine_km(a, b)),
        _ => Distance::Unknown,
    }
}

/// Whether a postal code can be placed on the map.
pub(crate) fn is_known(postal_code: &str, country: &str) -> bool {
    point((postal_code, country)).is_some()
}

fn point((postal_code, country): (&str, &str)) -> Option<(f64, f64)> {
    let country = country.trim();
    if !ZIP_COUNTRIES
        .iter()
        .any(|c| c.eq_ignore_ascii_case(country))
    {
        return None;
    }
    zip3::centroid(postal_code)
}

fn haversine_km((lat1, lng1): (f64, f64), (lat2, lng2): (f64, f64)) -> u32 {
    const EARTH_RADIUS_KM: f64 = 6_371.0;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lng2 - lng1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    let km = 2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin();
    // Half the Earth's circumference fits u32 many times over; `as` saturates anyway.
    km.round() as u32
}
