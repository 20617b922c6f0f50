//! Products: what a SKU is, physically, for routing and packing decisions.

use serde::{Deserialize, Serialize};

/// Outer dimensions of one unit, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Dimensions {
    pub length_mm: u32,
    pub width_mm: u32,
    pub height_mm: u32,
}

/// A product as the catalogue knows it. Tags such as `oversized` and `hazmat` are what rules
/// and location strategies look at; they are kept normalised (trimmed, lower case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Product {
    pub sku: String,
    pub name: String,
    /// Weight of one unit in grams.
    pub weight_g: u32,
    pub dimensions: Option<Dimensions>,
    pub tags: Vec<String>,
}

impl Product {
    /// A product with its tags normalised the way order tags are, so `Hazmat` from a catalogue
    /// import and `hazmat` in a rule are one tag.
    pub fn new(
        sku: impl Into<String>,
        name: impl Into<String>,
        weight_g: u32,
        dimensions: Option<Dimensions>,
        tags: &[String],
    ) -> Self {
        Product {
            sku: sku.into().trim().to_owned(),
            name: name.into(),
            weight_g,
            dimensions,
            tags: crate::order::normalise_tags(tags),
        }
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t.eq_ignore_ascii_case(tag.trim()))
    }

    /// Too big for a standard parcel: tagged so, or longest side over 1.2 m (a common carrier
    /// oversize threshold), so an unlabelled catalogue entry is still caught.
    pub fn is_oversized(&self) -> bool {
        self.has_tag("oversized")
            || self
                .dimensions
                .is_some_and(|d| d.length_mm.max(d.width_mm).max(d.height_mm) > OVERSIZE_SIDE_MM)
    }

    /// Dangerous goods: only ground services and partners that accept them.
    pub fn is_hazmat(&self) -> bool {
        self.has_tag("hazmat")
    }
}

const OVERSIZE_SIDE_MM: u32 = 1_200;
