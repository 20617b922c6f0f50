//! A partner's adapter from its location's settings and the secrets in the credential store.
//!
//! `settings.adapter` picks the adapter (`simulated`, `mcf`, `threepl`, `dropship_folder`,
//! `dropship_email`); without it the location's kind decides, except in the demo workspace,
//! whose partners are simulated. Non-secret settings live in the database; secrets
//! ([`SECRET_KEYS`]) only in the credential store, keyed by the location id.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use waybill_core::{LocationId, LocationKind};
use waybill_store::LocationRow;
use waybill_sync::partners::SimulatedPartner;
use waybill_sync::partners::dropship::{
    DropShipConfig, DropShipVendor, EmailSettings, SmtpSecurity,
};
use waybill_sync::partners::mcf::{McfAdapter, McfConfig};
use waybill_sync::partners::threepl::{ThreePlAdapter, ThreePlConfig};
use waybill_sync::{HttpSettings, PartnerAdapter};

use super::{Partner, Partners};
use crate::credentials::Secret;
use crate::sync::connector_error;
use crate::{App, AppError, ErrorCode};

/// Setting names that are secrets: refused in a location's settings, kept in the credential
/// store instead.
pub const SECRET_KEYS: [&str; 4] = ["client_secret", "refresh_token", "token", "smtp_password"];

/// A whole-request time-out for partner APIs, unless `timeout_secs` says otherwise.
const HTTP_TIMEOUT: Duration = Duration::from_secs(30);
const LWA_URL: &str = "https://api.amazon.com";
const SHIPBOB_URL: &str = "https://api.shipbob.com";
/// A simulated partner ships about this long after a hand-off, unless `ship_after_minutes` says.
const SIMULATED_SHIP_AFTER_MINUTES: i64 = 30;

/// Which adapter talks to a partner location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AdapterKind {
    Simulated,
    Mcf,
    Threepl,
    DropshipFolder,
    DropshipEmail,
}

impl AdapterKind {
    const ALL: [AdapterKind; 5] = [
        AdapterKind::Simulated,
        AdapterKind::Mcf,
        AdapterKind::Threepl,
        AdapterKind::DropshipFolder,
        AdapterKind::DropshipEmail,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AdapterKind::Simulated => "simulated",
            AdapterKind::Mcf => "mcf",
            AdapterKind::Threepl => "threepl",
            AdapterKind::DropshipFolder => "dropship_folder",
            AdapterKind::DropshipEmail => "dropship_email",
        }
    }

    /// The adapter a location's settings name, or its kind's usual one.
    pub fn of(row: &LocationRow, demo: bool) -> Result<AdapterKind, AppError> {
        match row.settings.get("adapter").map(|a| a.trim()) {
            Some(name) => AdapterKind::ALL
                .into_iter()
                .find(|k| k.as_str() == name)
                .ok_or_else(|| {
                    let all: Vec<&str> = AdapterKind::ALL.iter().map(|k| k.as_str()).collect();
                    AppError::invalid(format!(
                        "adapter: `{name}` is not a partner adapter (one of: {})",
                        all.join(", ")
                    ))
                }),
            None if demo => Ok(AdapterKind::Simulated),
            None => match row.location.kind {
                LocationKind::AmazonMcf => Ok(AdapterKind::Mcf),
                LocationKind::ThirdPartyLogistics => Ok(AdapterKind::Threepl),
                LocationKind::DropShipVendor => Ok(AdapterKind::DropshipFolder),
                LocationKind::Warehouse | LocationKind::Store => Err(AppError::new(
                    ErrorCode::NotAllowed,
                    format!("{} is not a partner location", row.location.name),
                )),
            },
        }
    }
}

/// What an adapter is built from.
struct Parts<'a> {
    row: &'a LocationRow,
    secret: &'a dyn Fn(&str) -> Result<Option<Secret>, AppError>,
    /// `<database>.partners`: simulated partners' state files, drop-ship PO records.
    files: &'a Path,
    clock: crate::Clock,
}

impl Parts<'_> {
    fn setting(&self, key: &str) -> Option<&str> {
        self.row
            .settings
            .get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    fn required(&self, key: &str, what: &str) -> Result<&str, AppError> {
        self.setting(key).ok_or_else(|| {
            AppError::invalid(format!(
                "{key}: {what} is required for partner {}",
                self.row.location.name
            ))
        })
    }

    fn number<T: std::str::FromStr>(&self, key: &str) -> Result<Option<T>, AppError> {
        self.setting(key)
            .map(|v| {
                v.parse()
                    .map_err(|_| AppError::invalid(format!("{key}: `{v}` is not a number")))
            })
            .transpose()
    }

    fn secret(&self, key: &str) -> Result<String, AppError> {
        (self.secret)(key)?
            .map(|s| s.expose().to_owned())
            .ok_or_else(|| {
                AppError::invalid(format!(
                    "{key}: not in the credential store; enter partner {}'s {key} again",
                    self.row.location.name
                ))
            })
    }

    fn http(&self, key: &str, default: Option<&str>) -> Result<HttpSettings, AppError> {
        let timeout = self
            .number::<u64>("timeout_secs")?
            .map_or(HTTP_TIMEOUT, Duration::from_secs);
        let url = match default {
            Some(d) => self.setting(key).unwrap_or(d),
            None => self.required(key, "the API's address")?,
        };
        HttpSettings::new(url, timeout).map_err(|e| connector_error(&e))
    }

    /// A folder of Waybill's own for this partner, beside the database.
    fn own_folder(&self, suffix: &str) -> PathBuf {
        self.files.join(format!("{}{suffix}", self.row.location.id))
    }
}

fn build(kind: AdapterKind, p: &Parts<'_>) -> Result<Arc<dyn PartnerAdapter>, AppError> {
    let location = &p.row.location;
    let adapter: Arc<dyn PartnerAdapter> = match kind {
        AdapterKind::Simulated => {
            let seed = match p.number::<u64>("seed")? {
                Some(s) => s,
                None => location
                    .id
                    .as_str()
                    .bytes()
                    .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))),
            };
            let minutes = p
                .number::<i64>("ship_after_minutes")?
                .unwrap_or(SIMULATED_SHIP_AFTER_MINUTES);
            let partner = SimulatedPartner::new(
                location.kind,
                seed,
                chrono::Duration::minutes(minutes.max(1)),
                p.clock.clone(),
            )
            .with_state_file(p.own_folder(".json"))
            .map_err(|e| connector_error(&e))?;
            Arc::new(partner)
        }
        AdapterKind::Mcf => {
            let config = McfConfig::new(
                p.http("base_url", None)?,
                p.http("lwa_url", Some(LWA_URL))?,
                p.required("marketplace_id", "the Amazon marketplace id")?,
                p.required("client_id", "the Login with Amazon client id")?,
                p.secret("client_secret")?,
                p.secret("refresh_token")?,
            );
            Arc::new(McfAdapter::new(config).map_err(|e| connector_error(&e))?)
        }
        AdapterKind::Threepl => {
            let config = ThreePlConfig::new(
                p.http("base_url", Some(SHIPBOB_URL))?,
                p.secret("token")?,
                p.required("channel_id", "the 3PL channel id")?,
            );
            Arc::new(ThreePlAdapter::new(config).map_err(|e| connector_error(&e))?)
        }
        AdapterKind::DropshipFolder => {
            let folder = p.required("folder", "the vendor's pick-up folder")?;
            let mut config =
                DropShipConfig::folder(&location.name, folder, p.own_folder("-records"));
            if let Some(inbox) = p.setting("inbox") {
                config.inbox = Some(inbox.into());
            }
            Arc::new(DropShipVendor::new(config).map_err(|e| connector_error(&e))?)
        }
        AdapterKind::DropshipEmail => {
            let security = match p.setting("smtp_security").unwrap_or("starttls") {
                "tls" => SmtpSecurity::Tls,
                "starttls" => SmtpSecurity::StartTls,
                "none" => SmtpSecurity::None,
                other => {
                    return Err(AppError::invalid(format!(
                        "smtp_security: `{other}` is not one of tls, starttls, none"
                    )));
                }
            };
            let credentials = match p.setting("smtp_user") {
                Some(user) => Some((user.to_owned(), p.secret("smtp_password")?)),
                None => None,
            };
            let settings = EmailSettings {
                host: p.required("smtp_host", "the mail server")?.to_owned(),
                port: p.number("smtp_port")?.unwrap_or(587),
                security,
                credentials,
                from: p.required("smtp_from", "the sender address")?.to_owned(),
                to: p
                    .required("smtp_to", "the vendor's order address")?
                    .split(',')
                    .map(|a| a.trim().to_owned())
                    .filter(|a| !a.is_empty())
                    .collect(),
                timeout: p
                    .number::<u64>("timeout_secs")?
                    .map_or(HTTP_TIMEOUT, Duration::from_secs),
            };
            let config = DropShipConfig::email(&location.name, settings, p.own_folder("-records"));
            Arc::new(DropShipVendor::new(config).map_err(|e| connector_error(&e))?)
        }
    };
    Ok(adapter)
}

/// Refuses a secret among settings: it would be written to the database in clear.
pub(crate) fn check_no_secrets(settings: &BTreeMap<String, String>) -> Result<(), AppError> {
    match settings.keys().find(|k| SECRET_KEYS.contains(&k.trim())) {
        Some(k) => Err(AppError::invalid(format!(
            "{k}: a secret; it goes to the credential store, never into the location's settings"
        ))),
        None => Ok(()),
    }
}

impl App {
    /// `<database>.partners`: where simulated partners keep their state and drop-ship vendors'
    /// POs are recorded.
    fn partner_files(&self) -> PathBuf {
        let mut name = self.store.path().as_os_str().to_owned();
        name.push(".partners");
        PathBuf::from(name)
    }

    /// An adapter for every partner location (active or not: open shipments still need their
    /// confirmations); the ones that cannot be built are listed with why.
    pub async fn partners(&self) -> Result<Partners, AppError> {
        let demo: Vec<LocationId> = self
            .demo_workspace()
            .await?
            .map(|ws| ws.locations.into_iter().map(|l| l.id).collect())
            .unwrap_or_default();
        let files = self.partner_files();
        let mut out = Partners::default();
        for row in self.store.location_rows().await? {
            if !row.location.kind.is_partner() {
                continue;
            }
            match self.partner_from(&row, demo.contains(&row.location.id), &files) {
                Ok(p) => out.insert(p),
                Err(e) => {
                    tracing::debug!(location = %row.location.id, "partner not configured: {}", e.message);
                    out.not_configured
                        .push((row.location.id.clone(), e.message));
                }
            }
        }
        Ok(out)
    }

    fn partner_from(
        &self,
        row: &LocationRow,
        demo: bool,
        files: &Path,
    ) -> Result<Partner, AppError> {
        let kind = AdapterKind::of(row, demo)?;
        let id = row.location.id.clone();
        let credentials = self.credentials.clone();
        let secret = move |key: &str| credentials.location_secret(&id, key);
        let adapter = build(
            kind,
            &Parts {
                row,
                secret: &secret,
                files,
                clock: self.clock.clone(),
            },
        )?;
        Ok(Partner {
            location: row.location.clone(),
            adapter_kind: kind,
            adapter,
        })
    }

    /// Sets a partner location's adapter settings (replacing them) and stores `secrets` in the
    /// credential store under the location (an empty value removes one). A secret offered as a
    /// setting is refused.
    pub async fn set_partner_settings(
        &self,
        location: &LocationId,
        settings: &BTreeMap<String, String>,
        secrets: &BTreeMap<String, String>,
    ) -> Result<(), AppError> {
        check_no_secrets(settings)?;
        if let Some(k) = secrets.keys().find(|k| !SECRET_KEYS.contains(&k.as_str())) {
            return Err(AppError::invalid(format!(
                "{k}: not a partner secret (one of: {})",
                SECRET_KEYS.join(", ")
            )));
        }
        let mut tx = self.store.begin().await?;
        let mut row = tx
            .location_rows()
            .await?
            .into_iter()
            .find(|r| &r.location.id == location)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!("there is no location {location}"),
                )
            })?;
        if !row.location.kind.is_partner() {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!("{} is not a partner location", row.location.name),
            ));
        }
        row.settings = settings.clone();
        AdapterKind::of(&row, false)?;
        for (key, value) in secrets {
            if value.is_empty() {
                self.credentials.delete_location_secret(location, key)?;
            } else {
                self.credentials
                    .set_location_secret(location, key, &Secret::new(value.clone()))?;
            }
        }
        tx.update_location(&row).await?;
        tx.commit().await?;
        tracing::info!(location = %location, "partner settings saved");
        Ok(())
    }

    /// Checks that the partner can be reached with its settings and secrets.
    pub async fn test_partner(&self, location: &LocationId) -> Result<(), AppError> {
        let partners = self.partners().await?;
        if let Some((_, why)) = partners.not_configured.iter().find(|(l, _)| l == location) {
            return Err(AppError::invalid(why.clone()));
        }
        let partner = partners.get(location).ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("there is no partner location {location}"),
            )
        })?;
        partner
            .adapter
            .test_connection()
            .await
            .map_err(|e| connector_error(&e))
    }
}
