//! Changing a saved channel: its name, its settings, its secrets.
//!
//! The stored settings with a person's changes applied are checked whole by the same form rules
//! as a new channel, so an edit never saves what adding would refuse. The sync cursor, the
//! pause and the orders are left alone. No connector outlives its use (each sync, delivery round
//! and webhook builds its own from what is stored), so the next one after a save uses the new
//! settings and secrets: there is nothing cached to forget.

use std::collections::BTreeMap;

use waybill_core::{Channel, ChannelId};
use waybill_store::ChannelConfig;

use super::forms::{self, Checked, Role};
use super::types::{
    ChannelEdit, ChannelForm, ChannelSettings, ChannelStatus, ConnectionCheck, NewChannel, Setting,
};
use crate::credentials::Secret;
use crate::{App, AppError, ErrorCode};

/// The schedule is a column of its own, but the form shows it as a setting.
const SYNC_EVERY: &str = "sync_every_secs";

/// A saved channel with a person's changes applied, checked.
struct Edited {
    channel: Channel,
    config: Option<ChannelConfig>,
    checked: Checked,
    /// The secrets the person typed, to store in place of the old ones.
    replaced: BTreeMap<String, Secret>,
}

/// The form a channel is edited with; kinds set up elsewhere (the demo storefront) have none.
fn editable_form(channel: &Channel) -> Result<ChannelForm, AppError> {
    forms::form(channel.kind).ok_or_else(|| {
        AppError::new(
            ErrorCode::NotAllowed,
            format!(
                "channel {} ({}) is a {} channel: it has no settings to edit here",
                channel.name,
                channel.id,
                channel.kind.as_str()
            ),
        )
    })
}

/// The stored non-secret settings as the form shows them, the schedule included when the kind
/// has one.
fn stored_values(channel: &Channel, config: Option<&ChannelConfig>) -> BTreeMap<String, String> {
    let Some(config) = config else {
        return BTreeMap::new();
    };
    let mut values = config.settings.clone();
    if forms::role(channel.kind, SYNC_EVERY).is_ok() {
        values.insert(SYNC_EVERY.into(), config.sync_every_secs.to_string());
    }
    values
}

impl App {
    /// A saved channel's form filled with its stored values; secrets only say they are set.
    pub async fn channel_settings(&self, id: &ChannelId) -> Result<ChannelSettings, AppError> {
        let channel = self.find_channel(id).await?;
        let form = editable_form(&channel)?;
        let config = self.store.channel_config(id).await?;
        let values = stored_values(&channel, config.as_ref())
            .into_iter()
            .map(|(key, value)| Setting { key, value })
            .collect();
        Ok(ChannelSettings {
            id: channel.id,
            name: channel.name,
            kind: channel.kind,
            form,
            values,
            secrets_set: config.map(|c| c.secret_keys).unwrap_or_default(),
        })
    }

    /// Saves a person's changes to a channel (see [`ChannelEdit`]): refused whole, naming the
    /// field, when the result would not pass the kind's form; new secrets replace the stored
    /// ones in the credential store.
    pub async fn update_channel(
        &self,
        id: &ChannelId,
        edit: &ChannelEdit,
    ) -> Result<ChannelStatus, AppError> {
        let Edited {
            channel,
            config,
            checked,
            replaced,
        } = self.edited(id, edit).await?;
        // The old secrets are read before anything is written, to put back if the database
        // write fails: the row and the credential store must describe the same channel.
        let mut before = Vec::with_capacity(replaced.len());
        for key in replaced.keys() {
            before.push((key.clone(), self.credentials.get(id, key)?));
        }
        for (done, (key, secret)) in replaced.iter().enumerate() {
            if let Err(e) = self.credentials.set(id, key, secret) {
                self.put_back_secrets(id, &before[..done]);
                return Err(e);
            }
        }
        let new_config = ChannelConfig {
            channel_id: id.clone(),
            settings: checked.settings,
            secret_keys: checked.secrets.keys().cloned().collect(),
            paused: config.is_some_and(|c| c.paused),
            sync_every_secs: checked.sync_every_secs,
        };
        let written = async {
            let mut tx = self.store.begin().await?;
            let renamed = tx.rename_channel(id, &checked.name).await?;
            if renamed {
                tx.put_channel_config(&new_config).await?;
                tx.commit().await?;
            }
            Ok::<_, waybill_store::StoreError>(renamed)
        }
        .await;
        match written {
            Ok(true) => {}
            Ok(false) => {
                self.put_back_secrets(id, &before);
                return Err(AppError::not_found(format!("channel {id}")));
            }
            Err(e) => {
                self.put_back_secrets(id, &before);
                return Err(e.into());
            }
        }
        let replaced: Vec<&str> = replaced.keys().map(String::as_str).collect();
        tracing::info!(channel = %id, kind = channel.kind.as_str(), ?replaced, "channel settings changed");
        self.channel_status(id).await
    }

    /// Tries a saved channel's settings with a person's changes against its API before they are
    /// saved (one order); like [`App::test_connection`], a refused login is `ok: false`.
    pub async fn test_channel_edit(
        &self,
        id: &ChannelId,
        edit: &ChannelEdit,
    ) -> Result<ConnectionCheck, AppError> {
        let edited = self.edited(id, edit).await?;
        self.try_settings(edited.checked).await
    }

    /// The channel's stored settings and secrets with `edit` applied, checked by its form.
    async fn edited(&self, id: &ChannelId, edit: &ChannelEdit) -> Result<Edited, AppError> {
        let channel = self.find_channel(id).await?;
        editable_form(&channel)?;
        let config = self.store.channel_config(id).await?;
        let mut values = stored_values(&channel, config.as_ref());
        let mut replaced = BTreeMap::new();
        for s in &edit.settings {
            let (key, value) = (s.key.trim(), s.value.trim());
            match forms::role(channel.kind, key)? {
                // Left empty: the stored secret stays (the form never shows it).
                Role::Secret if value.is_empty() => {}
                Role::Secret => {
                    replaced.insert(key.to_owned(), Secret::new(value));
                }
                Role::Setting if value.is_empty() => {
                    values.remove(key);
                }
                Role::Setting => {
                    values.insert(key.to_owned(), value.to_owned());
                }
            }
        }
        let mut settings: Vec<Setting> = values
            .into_iter()
            .map(|(key, value)| Setting { key, value })
            .collect();
        // Kept secrets count for the form's required fields (and a connection test needs them).
        let stored = config.as_ref().map(|c| c.secret_keys.clone());
        for key in stored.unwrap_or_default() {
            let kept = !replaced.contains_key(&key)
                && matches!(forms::role(channel.kind, &key), Ok(Role::Secret));
            if kept && let Some(secret) = self.credentials.get(id, &key)? {
                settings.push(Setting {
                    key,
                    value: secret.expose().to_owned(),
                });
            }
        }
        settings.extend(replaced.iter().map(|(key, secret)| Setting {
            key: key.clone(),
            value: secret.expose().to_owned(),
        }));
        let checked = forms::check(&NewChannel {
            kind: channel.kind,
            name: edit.name.clone().unwrap_or_else(|| channel.name.clone()),
            settings,
        })?;
        Ok(Edited {
            channel,
            config,
            checked,
            replaced,
        })
    }

    /// Puts secrets back as they were (`None`: there was none) after a failed save.
    fn put_back_secrets(&self, channel: &ChannelId, before: &[(String, Option<Secret>)]) {
        for (key, old) in before {
            let restored = match old {
                Some(secret) => self.credentials.set(channel, key, secret),
                None => self.credentials.delete(channel, key),
            };
            if let Err(e) = restored {
                tracing::warn!(channel = %channel, key, "secret not put back: {}", e.message);
            }
        }
    }
}
