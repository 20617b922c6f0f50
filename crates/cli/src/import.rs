//! `waybill import json FILE --channel ID`: orders from a file, through the same import path
//! (idempotent by external id, malformed orders refused, rules run) as a channel's orders.

use std::path::PathBuf;

use clap::Subcommand;
use waybill_app::AppError;
use waybill_core::{ChannelId, NewOrder};

use crate::orders::parse;
use crate::{Ctx, output};

#[derive(Subcommand)]
pub enum ImportCommand {
    /// A JSON array of orders in Waybill's channel-order shape
    Json {
        file: PathBuf,
        #[arg(long)]
        channel: String,
    },
}

pub async fn run(ctx: &Ctx, cmd: ImportCommand) -> Result<(), AppError> {
    match cmd {
        ImportCommand::Json { file, channel } => {
            let channel: ChannelId = parse(&channel)?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| AppError::invalid(format!("cannot read {}: {e}", file.display())))?;
            let orders: Vec<NewOrder> = serde_json::from_str(&text).map_err(|e| {
                AppError::invalid(format!("{} is not a list of orders: {e}", file.display()))
            })?;
            let outcome = ctx.app.import_orders(&channel, orders, None).await?;
            if ctx.json {
                return output::json(&serde_json::json!({
                    "inserted": outcome.inserted,
                    "updated": outcome.updated,
                    "unchanged": outcome.unchanged,
                    "rejected": outcome.rejected,
                }));
            }
            for (id, why) in &outcome.rejected {
                eprintln!("refused order {id}: {why}");
            }
            println!(
                "{} new, {} updated, {} unchanged, {} refused",
                outcome.inserted.len(),
                outcome.updated.len(),
                outcome.unchanged,
                outcome.rejected.len()
            );
            Ok(())
        }
    }
}
