//! `waybill webhooks …`: the endpoints that receive Waybill's events (order imported, held,
//! released, routed, shipped, cancelled; sync failed), signed the Standard Webhooks way.

use clap::Subcommand;
use waybill_app::AppError;
use waybill_core::WebhookEndpointId;

use crate::{Ctx, output};

#[derive(Subcommand)]
pub enum WebhooksCommand {
    /// Send events to URL; prints the signing secret once
    Add {
        url: String,
        /// Comma-separated: order.imported, order.held, order.released, order.routed,
        /// order.shipped, order.cancelled, sync.failed
        #[arg(long)]
        events: String,
        /// `whsec_<base64>` to sign with [default: a new random secret]
        #[arg(long)]
        secret: Option<String>,
    },
    /// Every endpoint, with what it receives and whether it is enabled
    List,
    /// Stop sending to an endpoint and drop what it is still owed
    Remove { id: String },
    /// Send to a disabled endpoint again (it answered 410 Gone, or a person disabled it)
    Enable { id: String },
    /// Stop sending to an endpoint for now; what it is owed waits until it is enabled
    Disable { id: String },
}

fn endpoint_id(id: &str) -> Result<WebhookEndpointId, AppError> {
    id.parse().map_err(|e| AppError::invalid(format!("{e}")))
}

pub async fn run(ctx: &Ctx, command: WebhooksCommand) -> Result<(), AppError> {
    match command {
        WebhooksCommand::Add {
            url,
            events,
            secret,
        } => {
            let added = ctx
                .app
                .add_webhook_endpoint(&url, &events, secret.as_deref())
                .await?;
            if ctx.json {
                return output::json(&added);
            }
            println!("added {} → {}", added.endpoint.id, added.endpoint.url);
            println!("signing secret (shown only now): {}", added.secret);
            Ok(())
        }
        WebhooksCommand::List => {
            let endpoints = ctx.app.webhook_endpoints().await?;
            if ctx.json {
                return output::json(&endpoints);
            }
            let rows: Vec<Vec<String>> = endpoints
                .iter()
                .map(|e| {
                    vec![
                        e.id.to_string(),
                        e.url.clone(),
                        e.events
                            .iter()
                            .map(|t| t.as_str())
                            .collect::<Vec<_>>()
                            .join(","),
                        match (&e.enabled, &e.disabled_reason) {
                            (true, _) => "enabled".to_owned(),
                            (false, Some(why)) => format!("disabled: {why}"),
                            (false, None) => "disabled".to_owned(),
                        },
                    ]
                })
                .collect();
            output::table(&["ID", "URL", "EVENTS", "STATE"], &rows);
            Ok(())
        }
        WebhooksCommand::Enable { id } => {
            let id = endpoint_id(&id)?;
            ctx.app.enable_webhook_endpoint(&id).await?;
            println!("enabled {id}");
            Ok(())
        }
        WebhooksCommand::Disable { id } => {
            let id = endpoint_id(&id)?;
            ctx.app.disable_webhook_endpoint(&id, &ctx.actor).await?;
            println!("disabled {id}");
            Ok(())
        }
        WebhooksCommand::Remove { id } => {
            let id = endpoint_id(&id)?;
            let dropped = ctx.app.remove_webhook_endpoint(&id).await?;
            println!("removed {id}; {dropped} undelivered message(s) dropped");
            Ok(())
        }
    }
}
