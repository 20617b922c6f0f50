//! Channels and locations: small tables read whole.

use sqlx::Row;
use waybill_core::{Channel, ChannelId, ChannelKind, Location, LocationKind};

use crate::codec::{ms, time};
use crate::{Store, StoreError, WriteTx};

impl Store {
    pub async fn channels(&self) -> Result<Vec<Channel>, StoreError> {
        let rows = sqlx::query("SELECT id, name, kind, created_at FROM channels ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                Ok(Channel {
                    id: r
                        .try_get::<String, _>("id")?
                        .parse()
                        .map_err(|e| StoreError::Decode(format!("{e}")))?,
                    name: r.try_get("name")?,
                    kind: ChannelKind::parse(&kind).ok_or_else(|| {
                        StoreError::Decode(format!("unknown channel kind {kind}"))
                    })?,
                    created_at: time(r.try_get("created_at")?)?,
                })
            })
            .collect()
    }

    pub async fn locations(&self) -> Result<Vec<Location>, StoreError> {
        let rows =
            sqlx::query("SELECT id, name, kind, postal_code, country FROM locations ORDER BY name")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                Ok(Location {
                    id: r
                        .try_get::<String, _>("id")?
                        .parse()
                        .map_err(|e| StoreError::Decode(format!("{e}")))?,
                    name: r.try_get("name")?,
                    kind: LocationKind::parse(&kind).ok_or_else(|| {
                        StoreError::Decode(format!("unknown location kind {kind}"))
                    })?,
                    postal_code: r.try_get("postal_code")?,
                    country: r.try_get("country")?,
                })
            })
            .collect()
    }
}

impl WriteTx {
    pub async fn insert_channel(&mut self, c: &Channel) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO channels (id, name, kind, created_at) VALUES (?, ?, ?, ?)")
            .bind(c.id.as_str())
            .bind(&c.name)
            .bind(c.kind.as_str())
            .bind(ms(c.created_at))
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Gives a channel a new name; false when there is no such channel. Its orders keep their
    /// channel id, so nothing else moves.
    pub async fn rename_channel(
        &mut self,
        channel: &ChannelId,
        name: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE channels SET name = ? WHERE id = ?")
            .bind(name)
            .bind(channel.as_str())
            .execute(&mut *self.tx)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn insert_location(&mut self, l: &Location) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO locations (id, name, kind, postal_code, country) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(l.id.as_str())
        .bind(&l.name)
        .bind(l.kind.as_str())
        .bind(&l.postal_code)
        .bind(&l.country)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}

impl WriteTx {
    /// A channel's kind, read inside the transaction (`None` for an unknown channel).
    pub async fn channel_kind(
        &mut self,
        id: &waybill_core::ChannelId,
    ) -> Result<Option<ChannelKind>, StoreError> {
        let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM channels WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(&mut *self.tx)
            .await?;
        kind.map(|k| {
            ChannelKind::parse(&k)
                .ok_or_else(|| StoreError::Decode(format!("unknown channel kind {k}")))
        })
        .transpose()
    }
}
