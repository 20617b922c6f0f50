//! The vendor's inbox: every tracking CSV it dropped, read together for one PO.
//!
//! Each file is held to the PO on record ([`read_tracking`]); a parcel that appears in two
//! files (a resent confirmation) counts once, and parcels spread over several files complete
//! the PO together. A file that cannot be read at all is logged and skipped: one bad file must
//! not hide the others' parcels.

use std::path::Path;

use super::po::ordered_lines;
use super::{po_file_name, read_tracking};
use crate::connector::ConnectorError;
use crate::partners::ShippedPackage;
use crate::partners::files;
use crate::partners::status::add_units;

/// The lines of the PO on record for `reference`, or `None` if none was delivered.
pub(super) fn ordered(records: &Path, reference: &str) -> Option<Vec<(String, u32)>> {
    let bytes = files::read_if_exists(&records.join(po_file_name(reference))).ok()??;
    ordered_lines(bytes.as_slice()).ok()
}

/// The parcels the vendor reported for `reference`, and whether they cover the whole PO.
pub(super) fn parcels(
    inbox: &Path,
    records: &Path,
    reference: &str,
) -> Result<(Vec<ShippedPackage>, bool), ConnectorError> {
    let mut packages: Vec<ShippedPackage> = Vec::new();
    for file in files::csv_files(inbox)? {
        let Some(bytes) = files::read_if_exists(&file)? else {
            continue;
        };
        let Ok(import) = read_tracking(bytes.as_slice(), |r| ordered(records, r)) else {
            tracing::warn!(file = %file.display(), "unreadable tracking file from the vendor");
            continue;
        };
        let found = import
            .updates
            .into_iter()
            .filter(|(r, _)| r == reference)
            .filter_map(|(_, status)| match status {
                crate::partners::PartnerStatus::Shipped { packages, .. } => Some(packages),
                _ => None,
            })
            .flatten();
        for p in found {
            if !packages
                .iter()
                .any(|q| q.carrier == p.carrier && q.tracking == p.tracking)
            {
                packages.push(p);
            }
        }
    }
    let mut shipped = Vec::new();
    for (sku, q) in packages.iter().flat_map(|p| &p.lines) {
        add_units(&mut shipped, sku, *q);
    }
    let complete = ordered(records, reference).is_some_and(|lines| {
        lines.iter().all(|(sku, q)| {
            shipped
                .iter()
                .find(|(s, _)| s == sku)
                .map_or(0, |(_, u)| *u)
                >= *q
        })
    });
    Ok((packages, complete))
}
