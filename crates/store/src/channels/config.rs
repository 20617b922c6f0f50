//! `channel_config`: what a person set up for a channel, minus its secrets.

use std::collections::BTreeMap;

use sqlx::Row;
use waybill_core::ChannelId;

use crate::{Store, StoreError, WriteTx};

/// A channel's stored configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelConfig {
    pub channel_id: ChannelId,
    /// Non-secret settings by name (shop domain, base URL, location id, ...).
    pub settings: BTreeMap<String, String>,
    /// Names of the secrets kept in the credential store for this channel.
    pub secret_keys: Vec<String>,
    pub paused: bool,
    pub sync_every_secs: u32,
}

fn decode(r: &sqlx::sqlite::SqliteRow) -> Result<ChannelConfig, StoreError> {
    let settings: String = r.try_get("settings")?;
    let secret_keys: String = r.try_get("secret_keys")?;
    let every: i64 = r.try_get("sync_every_secs")?;
    Ok(ChannelConfig {
        channel_id: r
            .try_get::<String, _>("channel_id")?
            .parse()
            .map_err(|e| StoreError::Decode(format!("{e}")))?,
        settings: serde_json::from_str(&settings)?,
        secret_keys: serde_json::from_str(&secret_keys)?,
        paused: r.try_get::<i64, _>("paused")? != 0,
        sync_every_secs: u32::try_from(every).unwrap_or(u32::MAX),
    })
}

const COLUMNS: &str = "channel_id, settings, secret_keys, paused, sync_every_secs";

impl Store {
    /// Every configured channel's configuration.
    pub async fn channel_configs(&self) -> Result<Vec<ChannelConfig>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM channel_config"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(decode).collect()
    }

    /// One channel's configuration (`None` when it has none: the demo storefront, old channels).
    pub async fn channel_config(
        &self,
        channel: &ChannelId,
    ) -> Result<Option<ChannelConfig>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM channel_config WHERE channel_id = ?"
        ))
        .bind(channel.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(decode).transpose()
    }
}

impl WriteTx {
    /// Writes a channel's whole configuration (insert or replace).
    pub async fn put_channel_config(&mut self, c: &ChannelConfig) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO channel_config (channel_id, settings, secret_keys, paused, sync_every_secs) \
             VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel_id) DO UPDATE SET \
             settings = excluded.settings, secret_keys = excluded.secret_keys, \
             paused = excluded.paused, sync_every_secs = excluded.sync_every_secs",
        )
        .bind(c.channel_id.as_str())
        .bind(serde_json::to_string(&c.settings)?)
        .bind(serde_json::to_string(&c.secret_keys)?)
        .bind(i64::from(c.paused))
        .bind(i64::from(c.sync_every_secs))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Pauses or resumes a configured channel; false when the channel has no configuration.
    pub async fn set_channel_paused(
        &mut self,
        channel: &ChannelId,
        paused: bool,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE channel_config SET paused = ? WHERE channel_id = ?")
            .bind(i64::from(paused))
            .bind(channel.as_str())
            .execute(&mut *self.tx)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
