//! Drop-ship vendors: a purchase order per hand-off, delivered as a CSV file into a folder the
//! vendor picks up from, or by email with the CSV attached; confirmations come back as the
//! vendor's tracking CSV.
//!
//! Idempotency: a PO's file name and Message-ID come from the hand-off's reference, and Waybill
//! keeps its own copy of every PO it delivered in `records` (a folder the vendor never touches).
//! A repeated hand-off finds that copy and delivers nothing new. A crash after delivery and
//! before the copy is written re-delivers once: into the folder under the same name (the same
//! PO rewritten), or as an email with the same Message-ID and PO number — a duplicate anyone
//! can see, never a second PO.
//!
//! Status: a folder vendor drops tracking CSVs into `inbox` (by default the `inbox` folder
//! inside its folder); `status()` reads every CSV there and holds it to the PO on record. With
//! no inbox, or none from the vendor yet, a delivered PO is `Pending` — nobody confirmed it. An
//! email vendor's tracking files reach Waybill some other way (an import the app runs with
//! [`read_tracking`]). A vendor holds no stock Waybill can see: `inventory()` is `None`.

mod email;
mod inbox;
mod po;
mod tracking;

pub use email::{EmailSettings, SmtpSecurity};
pub use po::{PO_HEADERS, ordered_lines, purchase_order_csv};
pub use tracking::{TRACKING_HEADERS, TrackingImport, read_tracking};

use std::collections::BTreeSet;
use std::path::PathBuf;

use async_trait::async_trait;
use waybill_core::LocationKind;

use self::email::Mail;
use crate::connector::ConnectorError;
use crate::partners::escape::escape;
use crate::partners::files;
use crate::partners::{HandOff, HandOffReceipt, PartnerAdapter, PartnerStatus};

/// How the vendor receives POs.
#[derive(Debug, Clone)]
pub enum PoDelivery {
    /// Written into this folder (a shared drive, an SFTP drop) for the vendor to pick up.
    Folder(PathBuf),
    Email(EmailSettings),
}

#[derive(Debug, Clone)]
pub struct DropShipConfig {
    /// The vendor's name, printed on each PO.
    pub vendor: String,
    pub delivery: PoDelivery,
    /// Waybill's own copies of the POs it delivered; never shared with the vendor.
    pub records: PathBuf,
    /// Where the vendor's tracking CSVs arrive; `None`: statuses stay `Pending`.
    pub inbox: Option<PathBuf>,
    /// The SKUs the vendor supplies, when known: a hand-off with any other is refused whole
    /// rather than sent short.
    pub catalog: Option<BTreeSet<String>>,
}

impl DropShipConfig {
    /// A vendor who picks POs up from `dir` and drops tracking files into `dir/inbox`.
    pub fn folder(
        vendor: impl Into<String>,
        dir: impl Into<PathBuf>,
        records: impl Into<PathBuf>,
    ) -> Self {
        let dir = dir.into();
        Self {
            vendor: vendor.into(),
            inbox: Some(dir.join("inbox")),
            delivery: PoDelivery::Folder(dir),
            records: records.into(),
            catalog: None,
        }
    }

    /// A vendor who receives POs by email.
    pub fn email(
        vendor: impl Into<String>,
        settings: EmailSettings,
        records: impl Into<PathBuf>,
    ) -> Self {
        Self {
            vendor: vendor.into(),
            delivery: PoDelivery::Email(settings),
            records: records.into(),
            inbox: None,
            catalog: None,
        }
    }
}

pub struct DropShipVendor {
    config: DropShipConfig,
}

/// `PO-<reference>.csv`: the file name of a PO, in the vendor's folder and in the records.
pub fn po_file_name(reference: &str) -> String {
    format!("PO-{}.csv", escape(reference))
}

impl DropShipVendor {
    pub fn new(config: DropShipConfig) -> Result<Self, ConnectorError> {
        if let PoDelivery::Email(s) = &config.delivery {
            email::message_id("po", "check", &s.from)?;
            if s.to.is_empty() {
                return Err(ConnectorError::Config(
                    "the vendor has no order email address".into(),
                ));
            }
        }
        Ok(Self { config })
    }

    fn record(&self, reference: &str) -> PathBuf {
        self.config.records.join(po_file_name(reference))
    }

    fn cancel_marker(&self, reference: &str) -> PathBuf {
        self.config
            .records
            .join(format!("PO-{}.cancelled", escape(reference)))
    }

    fn check(&self, h: &HandOff) -> Result<(), ConnectorError> {
        if h.lines.is_empty() {
            return Err(ConnectorError::Rejected(
                "a purchase order needs at least one line".into(),
            ));
        }
        if let Some(catalog) = &self.config.catalog {
            let foreign: Vec<&str> = h
                .lines
                .iter()
                .map(|l| l.sku.as_str())
                .filter(|sku| !catalog.contains(*sku))
                .collect();
            if !foreign.is_empty() {
                return Err(ConnectorError::Rejected(format!(
                    "{} does not supply {}",
                    self.config.vendor,
                    foreign.join(", ")
                )));
            }
        }
        Ok(())
    }

    async fn deliver(&self, h: &HandOff, csv: &[u8]) -> Result<(), ConnectorError> {
        let name = po_file_name(&h.reference);
        match &self.config.delivery {
            PoDelivery::Folder(dir) => files::write_atomic(&dir.join(&name), csv),
            PoDelivery::Email(settings) => {
                let mail = Mail {
                    kind: "po",
                    reference: &h.reference,
                    subject: format!("Purchase order {} (order {})", h.reference, h.order_number),
                    text: format!(
                        "Please ship purchase order {} for order {} to {}.\n\
                         The lines are in the attached {name}.\n\
                         Send tracking back as CSV: {}.\n",
                        h.reference,
                        h.order_number,
                        h.recipient,
                        TRACKING_HEADERS.join(",")
                    ),
                    attachment: Some((name, csv.to_vec())),
                    in_reply_to: None,
                };
                email::send(settings, mail).await
            }
        }
    }
}

#[async_trait]
impl PartnerAdapter for DropShipVendor {
    fn kind(&self) -> LocationKind {
        LocationKind::DropShipVendor
    }

    async fn hand_off(&self, h: &HandOff) -> Result<HandOffReceipt, ConnectorError> {
        self.check(h)?;
        let receipt = |already_existed| HandOffReceipt {
            partner_ref: h.reference.clone(),
            already_existed,
        };
        if files::read_if_exists(&self.record(&h.reference))?.is_some() {
            return Ok(receipt(true));
        }
        let csv = purchase_order_csv(h, &self.config.vendor)
            .map_err(|e| ConnectorError::Config(e.to_string()))?;
        self.deliver(h, &csv).await?;
        files::write_atomic(&self.record(&h.reference), &csv)?;
        Ok(receipt(false))
    }

    async fn status(&self, reference: &str) -> Result<PartnerStatus, ConnectorError> {
        if files::read_if_exists(&self.record(reference))?.is_none() {
            return Err(ConnectorError::NotFound(format!(
                "purchase order {reference}"
            )));
        }
        if let Some(inbox) = &self.config.inbox {
            let (packages, complete) = inbox::parcels(inbox, &self.config.records, reference)?;
            if !packages.is_empty() {
                return Ok(PartnerStatus::Shipped { packages, complete });
            }
        }
        if files::read_if_exists(&self.cancel_marker(reference))?.is_some() {
            return Ok(PartnerStatus::Cancelled);
        }
        Ok(PartnerStatus::Pending)
    }

    /// Withdraws a PO the vendor has not picked up (the file is removed); otherwise tells the
    /// vendor (a `CANCEL-…` file beside the POs, or an email answering the PO's). Either way
    /// the PO reads `Cancelled` until the vendor reports a parcel.
    async fn cancel(&self, reference: &str) -> Result<(), ConnectorError> {
        if files::read_if_exists(&self.record(reference))?.is_none() {
            return Err(ConnectorError::NotFound(format!(
                "purchase order {reference}"
            )));
        }
        if files::read_if_exists(&self.cancel_marker(reference))?.is_some() {
            return Ok(());
        }
        match &self.config.delivery {
            PoDelivery::Folder(dir) => {
                if !files::remove_if_exists(&dir.join(po_file_name(reference)))? {
                    let notice = format!("PO Number,Action\n{reference},cancel\n");
                    files::write_atomic(
                        &dir.join(format!("CANCEL-{}.csv", escape(reference))),
                        notice.as_bytes(),
                    )?;
                }
            }
            PoDelivery::Email(settings) => {
                let mail = Mail {
                    kind: "cancel",
                    reference,
                    subject: format!("CANCEL purchase order {reference}"),
                    text: format!("Please do not ship purchase order {reference}.\n"),
                    attachment: None,
                    in_reply_to: Some("po"),
                };
                email::send(settings, mail).await?;
            }
        }
        files::write_atomic(&self.cancel_marker(reference), b"cancelled\n")
    }

    async fn inventory(&self) -> Result<Option<Vec<(String, u32)>>, ConnectorError> {
        Ok(None)
    }

    async fn test_connection(&self) -> Result<(), ConnectorError> {
        match &self.config.delivery {
            PoDelivery::Folder(dir) => {
                let probe = dir.join(".waybill-probe");
                files::write_atomic(&probe, b"")?;
                files::remove_if_exists(&probe)?;
            }
            PoDelivery::Email(settings) => email::test(settings).await?,
        }
        std::fs::create_dir_all(&self.config.records).map_err(|e| {
            ConnectorError::Config(format!(
                "records folder `{}`: {e}",
                self.config.records.display()
            ))
        })
    }
}
