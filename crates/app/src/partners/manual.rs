//! A partner's confirmation entered by a person: a drop-ship vendor that emails or phones its
//! tracking, a 3PL's parcel typed in from its portal. It goes through the same path as a
//! confirmation the adapter reads — the parcel is recorded once, its units leave the shelf, the
//! order moves on and the tracking is written back to the channel.

use waybill_sync::partners::{PartnerStatus, ShippedPackage};

use super::apply::{Applied, News, Word};
use crate::inventory::router::StockRouter;
use crate::{App, AppError, ErrorCode};

impl App {
    /// Records that the partner shipped the whole of `shipment` with `carrier` and `tracking`.
    pub async fn confirm_shipment(
        &self,
        shipment: &str,
        carrier: &str,
        tracking: &str,
    ) -> Result<(), AppError> {
        let (carrier, tracking) = (carrier.trim(), tracking.trim());
        if carrier.is_empty() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "carrier: name the carrier",
            ));
        }
        if tracking.is_empty() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "tracking: enter the tracking number",
            ));
        }
        // Built before the transaction: only their names are needed, for the timeline.
        let partners = self.partners().await.unwrap_or_default();
        let mut tx = self.store.begin().await?;
        let row = tx.shipment(shipment).await?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("there is no shipment {shipment}"),
            )
        })?;
        if !row.status.is_open() {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!(
                    "shipment {shipment} is {}: only an open shipment can be confirmed",
                    row.status.as_str().replace('_', " ")
                ),
            ));
        }
        let news = [News {
            shipment_id: row.id.clone(),
            word: Word::Said(PartnerStatus::Shipped {
                packages: vec![ShippedPackage {
                    carrier: carrier.to_owned(),
                    tracking: tracking.to_owned(),
                    shipped_at: self.now(),
                    lines: row
                        .lines
                        .iter()
                        .map(|l| (l.sku.clone(), l.quantity))
                        .collect(),
                }],
                complete: true,
            }),
        }];
        let mut router = StockRouter::new(&mut tx, self.now()).await?;
        let mut applied = Applied::default();
        self.apply_news(&mut tx, &mut router, &partners, &news, &mut applied)
            .await?;
        self.commit_partner_round(tx, router, &applied.changed_orders)
            .await
    }
}
