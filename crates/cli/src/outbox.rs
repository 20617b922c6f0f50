//! `waybill outbox …`: what Waybill still owes the channels, delivering it, and settling what
//! failed — the same use cases as the window's outbox screen.

use clap::Subcommand;
use waybill_app::AppError;

use crate::{Ctx, output};

#[derive(Subcommand)]
pub enum OutboxCommand {
    /// Pending and dead effects, oldest first, with counts per status
    List,
    /// Deliver every due effect through the channels' connectors
    Run {
        /// Deliver what is due now and exit (the only mode so far)
        #[arg(long)]
        once: bool,
    },
    /// Queue a dead effect again
    Retry { id: i64 },
    /// Mark an effect done without sending it
    Skip {
        id: i64,
        /// Why it is not owed (recorded with your name)
        #[arg(long)]
        reason: String,
    },
}

pub async fn run(ctx: &Ctx, command: OutboxCommand) -> Result<(), AppError> {
    match command {
        OutboxCommand::List => list(ctx).await,
        OutboxCommand::Run { once } => {
            if !once {
                return Err(AppError::invalid(
                    "only `waybill outbox run --once` is supported so far",
                ));
            }
            deliver(ctx).await
        }
        OutboxCommand::Retry { id } => {
            ctx.app.retry_effect(id).await?;
            println!("effect {id} queued again");
            Ok(())
        }
        OutboxCommand::Skip { id, reason } => {
            ctx.app.skip_effect(id, &reason, &ctx.actor).await?;
            println!("effect {id} skipped");
            Ok(())
        }
    }
}

async fn list(ctx: &Ctx) -> Result<(), AppError> {
    let view = ctx.app.outbox().await?;
    if ctx.json {
        return output::json(&view);
    }
    println!(
        "pending {}  dead {}  done {}",
        view.counts.pending, view.counts.dead, view.counts.done
    );
    let rows: Vec<Vec<String>> = view
        .effects
        .iter()
        .map(|e| {
            vec![
                e.id.to_string(),
                e.kind.as_str().to_owned(),
                e.status.as_str().to_owned(),
                e.order_id
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                e.attempts.to_string(),
                e.next_attempt_at.to_rfc3339(),
                e.last_error.clone().unwrap_or_default(),
            ]
        })
        .collect();
    output::table(
        &[
            "ID",
            "KIND",
            "STATUS",
            "ORDER",
            "ATTEMPTS",
            "NEXT",
            "LAST ERROR",
        ],
        &rows,
    );
    Ok(())
}

async fn deliver(ctx: &Ctx) -> Result<(), AppError> {
    let set = ctx.app.channel_connectors().await?;
    let report = ctx.app.deliver_outbox(&set.connectors).await?;
    if ctx.json {
        return output::json(&report);
    }
    println!(
        "delivered {}  retrying later {}  dead {}",
        report.delivered.len(),
        report.retrying.len(),
        report.dead.len()
    );
    for (channel, n) in &report.not_configured {
        let name = set
            .not_configured
            .iter()
            .find(|c| &c.id == channel)
            .map_or_else(|| channel.to_string(), |c| format!("{} ({})", c.name, c.id));
        println!("{n} effect(s) wait for {name}: not configured on this machine");
    }
    if !report.dead.is_empty() {
        println!("see `waybill outbox list`; retry or skip the dead ones");
    }
    Ok(())
}
