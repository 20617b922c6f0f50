//! Partners' confirmations: each partner's open shipments (handed off or accepted) are polled
//! for their status and what changed is applied; then the partner's stock report, when it has
//! one, becomes that location's stock.

use futures_util::StreamExt;
use serde::Serialize;
use waybill_core::LocationId;
use waybill_store::ShipmentRow;
use waybill_sync::{ConnectorError, PartnerStatus};

use super::apply::{Applied, News, Word};
use super::exchanges::Tally;
use super::{Partner, Partners};
use crate::inventory::router::StockRouter;
use crate::{App, AppError, ErrorCode};

/// Status polls in flight per partner (the adapters pace themselves to the partner's rate).
const IN_FLIGHT: usize = 4;
/// Statuses applied per transaction: a partner with a large backlog does not hold the write
/// lock for long.
const APPLY_BATCH: usize = 200;

/// What a partner sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PartnerSyncReport {
    /// Shipments whose status was asked.
    pub polled: u32,
    pub accepted: Vec<String>,
    /// Tracking numbers of the parcels recorded.
    pub parcels: Vec<String>,
    /// Shipments the partner finished shipping.
    pub shipped: Vec<String>,
    pub rejected: Vec<String>,
    pub cancelled: Vec<String>,
    /// Stock rows each partner's stock report changed.
    pub reconciled: Vec<(LocationId, u32)>,
    /// What could not be read, per partner (at most `MAX_ERRORS` each).
    pub errors: Vec<(LocationId, String)>,
    /// Partner locations with no adapter here, and why.
    pub not_configured: Vec<(LocationId, String)>,
}

impl App {
    /// Polls the open shipments of every partner in `partners` (or only `only`, by id) and
    /// applies what they report; then takes each partner's stock report as that location's
    /// stock. One partner's failures are reported and never stop the others.
    pub async fn sync_partners(
        &self,
        partners: &Partners,
        only: Option<&LocationId>,
    ) -> Result<PartnerSyncReport, AppError> {
        let mut report = PartnerSyncReport {
            not_configured: partners
                .not_configured
                .iter()
                .filter(|(l, _)| only.is_none_or(|o| o == l))
                .cloned()
                .collect(),
            ..PartnerSyncReport::default()
        };
        if let Some(o) = only
            && partners.get(o).is_none()
            && report.not_configured.is_empty()
        {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("there is no partner location {o}"),
            ));
        }
        for partner in partners.iter() {
            if only.is_some_and(|o| o != &partner.location.id) {
                continue;
            }
            self.sync_partner(partners, partner, &mut report).await?;
        }
        Ok(report)
    }

    async fn sync_partner(
        &self,
        partners: &Partners,
        partner: &Partner,
        report: &mut PartnerSyncReport,
    ) -> Result<(), AppError> {
        let location = &partner.location.id;
        let open = self.store.shipments_with_partner(location).await?;
        report.polled += open.len() as u32;
        let mut tally = Tally::default();
        tally.synced(location);
        let answers = poll(partner, open).await;
        let mut news = Vec::with_capacity(answers.len());
        for (shipment, answer) in answers {
            tally.count(location, &answer);
            match answer {
                Ok(status) => news.push(News {
                    shipment_id: shipment.id,
                    word: Word::Said(status),
                }),
                Err(e) => {
                    tracing::warn!(%location, shipment = %shipment.id, error = %e, "partner status unread");
                    note_error(report, location, format!("shipment {}: {e}", shipment.id));
                }
            }
        }
        for chunk in news.chunks(APPLY_BATCH) {
            let mut tx = self.store.begin().await?;
            let mut router = StockRouter::new(&mut tx, self.now()).await?;
            let mut applied = Applied::default();
            self.apply_news(&mut tx, &mut router, partners, chunk, &mut applied)
                .await?;
            self.commit_partner_round(tx, router, &applied.changed_orders)
                .await?;
            report.accepted.extend(applied.accepted);
            report.parcels.extend(applied.parcels);
            report.shipped.extend(applied.shipped);
            report.rejected.extend(applied.rejected);
            report.cancelled.extend(applied.cancelled);
        }
        // After the parcels: the report already counts them gone, and so does our stock.
        let stock = partner.adapter.inventory().await;
        tally.count(location, &stock);
        match stock {
            Ok(Some(snapshot)) => {
                let source = format!("partner:{}", partner.location.name);
                match self.reconcile_stock(location, &snapshot, &source).await {
                    Ok(outcome) => report
                        .reconciled
                        .push((location.clone(), outcome.changed_rows)),
                    Err(e) => note_error(report, location, format!("stock report: {}", e.message)),
                }
            }
            Ok(None) => {}
            Err(e) => note_error(report, location, format!("stock report: {e}")),
        }
        let mut tx = self.store.begin().await?;
        tally.write(&mut tx, self.now()).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Problems listed per partner in a report: a partner that is down fails every poll the same way.
pub const MAX_ERRORS: usize = 10;

fn note_error(report: &mut PartnerSyncReport, location: &LocationId, message: String) {
    if report.errors.iter().filter(|(l, _)| l == location).count() < MAX_ERRORS {
        report.errors.push((location.clone(), message));
    }
}

/// Each shipment's status from the partner, a few at a time.
async fn poll(
    partner: &Partner,
    open: Vec<ShipmentRow>,
) -> Vec<(ShipmentRow, Result<PartnerStatus, ConnectorError>)> {
    futures_util::stream::iter(open)
        .map(|s| async move {
            let answer = partner.adapter.status(&s.id).await;
            (s, answer)
        })
        .buffered(IN_FLIGHT)
        .collect()
        .await
}
