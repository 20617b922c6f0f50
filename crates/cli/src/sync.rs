//! `waybill sync --channel ID --once`: pull a channel's new and changed orders now.

use clap::Args;
use waybill_app::{AppError, ErrorCode};
use waybill_core::{ChannelId, ChannelKind};

use crate::{Ctx, output};

#[derive(Args)]
pub struct SyncArgs {
    /// The channel to pull (`chn_…`)
    #[arg(long)]
    channel: String,
    /// Fetch until the channel has nothing more, then exit (the only mode so far)
    #[arg(long)]
    once: bool,
}

pub async fn run(ctx: &Ctx, args: SyncArgs) -> Result<(), AppError> {
    if !args.once {
        return Err(AppError::invalid(
            "only `waybill sync --channel ID --once` is supported so far",
        ));
    }
    let channel: ChannelId = args
        .channel
        .parse()
        .map_err(|e| AppError::invalid(format!("{e}")))?;
    let mut set = ctx.app.channel_connectors().await?;
    let Some(connector) = set.connectors.remove(&channel) else {
        return Err(match set.not_configured.iter().find(|c| c.id == channel) {
            Some(c) if c.kind == ChannelKind::Csv => AppError::new(
                ErrorCode::NotAllowed,
                format!(
                    "channel {} ({}) takes orders from files: use `waybill import`",
                    c.name, c.id
                ),
            ),
            Some(c) => AppError::new(
                ErrorCode::NotAllowed,
                format!(
                    "channel {} ({}) is not configured on this machine: no credentials are stored",
                    c.name, c.id
                ),
            ),
            None => AppError::not_found(format!("channel {channel}")),
        });
    };
    let report = ctx
        .app
        .sync_channel_once(&channel, connector.as_ref())
        .await?;
    if ctx.json {
        return output::json(&report);
    }
    println!(
        "{} page(s): imported {}, updated {}, unchanged {}, rejected {}",
        report.pages,
        report.imported,
        report.updated,
        report.unchanged,
        report.rejected.len()
    );
    for r in &report.rejected {
        eprintln!(
            "not imported: {} {}: {}",
            r.external_id,
            r.number.as_deref().unwrap_or(""),
            r.reason
        );
    }
    Ok(())
}
