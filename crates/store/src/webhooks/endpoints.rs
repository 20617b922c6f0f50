//! Outbound webhook endpoints: add, list, remove, and what the delivery worker needs.

use sqlx::Row;
use waybill_core::WebhookEndpointId;
use waybill_core::webhook::WebhookEventType;

use super::{NewWebhookEndpoint, WebhookEndpoint};
use crate::codec::{ms, time};
use crate::{Store, StoreError, WriteTx};

fn decode(r: &sqlx::sqlite::SqliteRow) -> Result<WebhookEndpoint, StoreError> {
    let id: String = r.try_get("id")?;
    let events: String = r.try_get("events")?;
    let enabled: i64 = r.try_get("enabled")?;
    Ok(WebhookEndpoint {
        id: id.parse().map_err(|e| StoreError::Decode(format!("{e}")))?,
        url: r.try_get("url")?,
        events: WebhookEventType::parse_list(&events).map_err(StoreError::Decode)?,
        enabled: enabled != 0,
        disabled_reason: r.try_get("disabled_reason")?,
        created_at: time(r.try_get("created_at")?)?,
    })
}

const COLUMNS: &str = "id, url, events, enabled, disabled_reason, created_at";

impl Store {
    /// Every endpoint, oldest first.
    pub async fn webhook_endpoints(&self) -> Result<Vec<WebhookEndpoint>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM webhook_endpoints ORDER BY created_at, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(decode).collect()
    }

    /// One endpoint by id.
    pub async fn webhook_endpoint(
        &self,
        id: &WebhookEndpointId,
    ) -> Result<Option<WebhookEndpoint>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM webhook_endpoints WHERE id = ?"
        ))
        .bind(id.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(decode).transpose()
    }

    /// Where and with which secret to deliver to an endpoint: `(url, secret)`.
    pub async fn webhook_target(
        &self,
        id: &WebhookEndpointId,
    ) -> Result<Option<(String, String)>, StoreError> {
        Ok(
            sqlx::query_as("SELECT url, secret FROM webhook_endpoints WHERE id = ?")
                .bind(id.as_str())
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}

impl WriteTx {
    pub async fn insert_webhook_endpoint(
        &mut self,
        e: &NewWebhookEndpoint,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO webhook_endpoints (id, url, secret, events, enabled, created_at) \
             VALUES (?, ?, ?, ?, 1, ?)",
        )
        .bind(e.id.as_str())
        .bind(&e.url)
        .bind(&e.secret)
        .bind(WebhookEventType::join(&e.events))
        .bind(ms(e.created_at))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Removes an endpoint and everything owed to it. Returns how many undelivered messages
    /// (pending or dead) went with it, or `None` when there is no such endpoint.
    pub async fn delete_webhook_endpoint(
        &mut self,
        id: &WebhookEndpointId,
    ) -> Result<Option<u64>, StoreError> {
        let open: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM outbox WHERE endpoint_id = ? AND status <> 'done'",
        )
        .bind(id.as_str())
        .fetch_one(&mut *self.tx)
        .await?;
        let done = sqlx::query("DELETE FROM webhook_endpoints WHERE id = ?")
            .bind(id.as_str())
            .execute(&mut *self.tx)
            .await?;
        Ok((done.rows_affected() == 1).then_some(open.max(0).unsigned_abs()))
    }

    /// Stops delivering to an endpoint, saying why: nothing new is enqueued for it, and what is
    /// pending waits until a person enables it again. Returns false when there is no such
    /// endpoint.
    pub async fn disable_webhook_endpoint(
        &mut self,
        id: &WebhookEndpointId,
        reason: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE webhook_endpoints SET enabled = 0, disabled_reason = ? WHERE id = ?",
        )
        .bind(reason)
        .bind(id.as_str())
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Delivers to an endpoint again (after its receiver was fixed): what waited for it goes
    /// out. Returns false when there is no such endpoint.
    pub async fn enable_webhook_endpoint(
        &mut self,
        id: &WebhookEndpointId,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE webhook_endpoints SET enabled = 1, disabled_reason = NULL WHERE id = ?",
        )
        .bind(id.as_str())
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
