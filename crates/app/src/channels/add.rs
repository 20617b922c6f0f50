//! Adding a channel, and trying a new channel's settings before saving them.

use std::collections::BTreeMap;
use std::time::Instant;

use waybill_core::{Channel, ChannelId, ChannelKind};
use waybill_store::ChannelConfig;
use waybill_sync::Connector;

use super::build::{self, FIRST_SYNC_DAYS};
use super::forms;
use super::types::{ChannelStatus, ConnectionCheck, NewChannel};
use crate::{App, AppError};

impl App {
    /// Adds a channel: checks its settings against its kind's form (a missing required field is
    /// named), puts its secrets in the credential store and the rest in the database.
    pub async fn add_channel(&self, new: &NewChannel) -> Result<ChannelStatus, AppError> {
        let checked = forms::check(new)?;
        let now = self.now();
        let channel = Channel {
            id: ChannelId::new(),
            name: checked.name,
            kind: checked.kind,
            created_at: now,
        };
        let mut settings = checked.settings;
        if matches!(
            channel.kind,
            ChannelKind::Shopify | ChannelKind::WooCommerce
        ) {
            // Written down, so the first sync starts at the same place after a restart.
            settings
                .entry("start_from".into())
                .or_insert_with(|| (now - chrono::Duration::days(FIRST_SYNC_DAYS)).to_rfc3339());
        }
        // Secrets first: if the database write fails they are removed again; a channel row
        // whose secrets failed to store would look configured and never work.
        let mut stored = Vec::new();
        for (key, secret) in &checked.secrets {
            if let Err(e) = self.credentials.set(&channel.id, key, secret) {
                self.forget_secrets(&channel.id, &stored);
                return Err(e);
            }
            stored.push(key.clone());
        }
        let config = ChannelConfig {
            channel_id: channel.id.clone(),
            settings,
            secret_keys: stored.clone(),
            paused: false,
            sync_every_secs: checked.sync_every_secs,
        };
        let written = async {
            let mut tx = self.store.begin().await?;
            tx.insert_channel(&channel).await?;
            tx.put_channel_config(&config).await?;
            tx.commit().await
        }
        .await;
        if let Err(e) = written {
            self.forget_secrets(&channel.id, &stored);
            return Err(e.into());
        }
        tracing::info!(channel = %channel.id, kind = channel.kind.as_str(), "channel added");
        self.channel_status(&channel.id).await
    }

    fn forget_secrets(&self, channel: &ChannelId, keys: &[String]) {
        for key in keys {
            if let Err(e) = self.credentials.delete(channel, key) {
                tracing::warn!(channel = %channel, key, "secret not removed: {}", e.message);
            }
        }
    }

    /// Tries `new`'s settings against the channel's API before anything is saved: one page of
    /// one order. A refused login or an unreachable shop is `ok: false` with what went wrong,
    /// not an error; only settings that fail the form's checks are.
    pub async fn test_connection(&self, new: &NewChannel) -> Result<ConnectionCheck, AppError> {
        self.try_settings(forms::check(new)?).await
    }

    /// Tries settings that passed the form's checks (a new channel's, or a saved one's with a
    /// person's changes) against the channel's API, saving nothing.
    pub(super) async fn try_settings(
        &self,
        checked: forms::Checked,
    ) -> Result<ConnectionCheck, AppError> {
        if checked.kind == ChannelKind::Csv {
            return Ok(ConnectionCheck {
                ok: true,
                message: "a CSV channel takes orders from files: there is nothing to connect to"
                    .into(),
                took_ms: 0,
            });
        }
        let secrets = checked.secrets;
        let secret = move |key: &str| Ok(secrets.get(key).cloned());
        let settings: BTreeMap<String, String> = checked.settings;
        let connector = build::connector(&build::Parts {
            kind: checked.kind,
            settings: &settings,
            secret: &secret,
            start_default: self.now() - chrono::Duration::days(FIRST_SYNC_DAYS),
            page_size: Some(1),
        })?;
        Ok(self.check_connector(connector.as_ref()).await)
    }

    /// One cheap authenticated call: the first page of orders.
    pub(super) async fn check_connector(&self, connector: &dyn Connector) -> ConnectionCheck {
        let started = Instant::now();
        let fetched = connector.fetch_orders(None).await;
        let took_ms = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
        self.note_exchange(fetched.as_ref().map(|_| ()));
        match fetched {
            Ok(_) => ConnectionCheck {
                ok: true,
                message: format!("connected: the channel answered in {took_ms} ms"),
                took_ms,
            },
            Err(e) => ConnectionCheck {
                ok: false,
                message: e.to_string(),
                took_ms,
            },
        }
    }
}
