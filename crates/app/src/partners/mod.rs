//! Fulfillment partners as use cases: adapters built from each partner location's settings and
//! secrets (`settings`), hand-offs delivered from the outbox (`deliver`), the partners'
//! confirmations polled and applied to shipments, orders and stock (`confirm`, `apply`), orders
//! routed again after a rejection (`reroute`), and each partner's health (`health`).
//!
//! Partner calls happen outside any transaction (a slow partner must not hold SQLite's write
//! lock); what they came to is written afterwards in one transaction per round, through the
//! same stock router as routing, so reservations and shipments never disagree.

mod apply;
mod confirm;
mod deliver;
mod exchanges;
mod health;
mod manual;
mod reroute;
mod settings;

pub use confirm::{MAX_ERRORS, PartnerSyncReport};
pub use deliver::HandoffReport;
pub use health::{
    ACKNOWLEDGE_WITHIN, PackageView, PartnerHealth, PartnersView, SHIP_WITHIN, ShipmentCounts,
    ShipmentLineView, ShipmentView,
};
pub use settings::{AdapterKind, SECRET_KEYS};

pub(crate) use settings::check_no_secrets;

use std::collections::BTreeMap;
use std::sync::Arc;

use waybill_core::{Location, LocationId};
use waybill_sync::PartnerAdapter;

/// One partner location with the adapter that talks to it.
#[derive(Clone)]
pub struct Partner {
    pub location: Location,
    pub adapter_kind: AdapterKind,
    pub adapter: Arc<dyn PartnerAdapter>,
}

impl std::fmt::Debug for Partner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Partner")
            .field("location", &self.location.id)
            .field("adapter", &self.adapter_kind)
            .finish_non_exhaustive()
    }
}

/// The partners this machine can talk to, and those it cannot (with why), as built by
/// [`App::partners`](crate::App::partners). Tests insert adapters of their own.
#[derive(Debug, Clone, Default)]
pub struct Partners {
    partners: BTreeMap<LocationId, Partner>,
    /// Partner locations whose adapter could not be built: a missing setting or secret.
    pub not_configured: Vec<(LocationId, String)>,
}

impl Partners {
    pub fn insert(&mut self, partner: Partner) {
        self.partners.insert(partner.location.id.clone(), partner);
    }

    pub fn get(&self, id: &LocationId) -> Option<&Partner> {
        self.partners.get(id)
    }

    pub fn ids(&self) -> Vec<LocationId> {
        self.partners.keys().cloned().collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Partner> {
        self.partners.values()
    }

    /// Just the partner `id` (and why it is not configured, if it is not).
    pub fn only(&self, id: &LocationId) -> Partners {
        Partners {
            partners: self
                .partners
                .iter()
                .filter(|(l, _)| *l == id)
                .map(|(l, p)| (l.clone(), p.clone()))
                .collect(),
            not_configured: self
                .not_configured
                .iter()
                .filter(|(l, _)| l == id)
                .cloned()
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.partners.is_empty()
    }

    /// Keeps only the partners `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(&Partner) -> bool) {
        self.partners.retain(|_, p| keep(p));
    }

    /// The partner's name for timelines, or its id when it is not configured here.
    pub(crate) fn name(&self, id: &LocationId) -> String {
        self.get(id)
            .map_or_else(|| id.to_string(), |p| p.location.name.clone())
    }
}
