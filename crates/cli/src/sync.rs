//! `waybill sync [--channel ID] --once`: pull new and changed orders now — from one channel, or
//! from every configured channel that is not paused.

use clap::Args;
use serde_json::json;
use waybill_app::channels::Which;
use waybill_app::sync::SyncReport;
use waybill_app::{AppError, ErrorCode};

use crate::channels::channel_id;
use crate::{Ctx, output};

#[derive(Args)]
pub struct SyncArgs {
    /// The channel to pull (`chn_…`); without it, every configured channel that is not paused
    #[arg(long)]
    channel: Option<String>,
    /// Fetch until the channel has nothing more, then exit (the only mode so far)
    #[arg(long)]
    once: bool,
}

pub async fn run(ctx: &Ctx, args: SyncArgs) -> Result<(), AppError> {
    if !args.once {
        return Err(AppError::invalid(
            "only `waybill sync [--channel ID] --once` is supported so far",
        ));
    }
    let Some(channel) = args.channel else {
        return sync_all(ctx).await;
    };
    let report = ctx.app.sync_channel_now(&channel_id(&channel)?).await?;
    if ctx.json {
        return output::json(&report);
    }
    print_report(&report);
    Ok(())
}

async fn sync_all(ctx: &Ctx) -> Result<(), AppError> {
    let runs = ctx.app.sync_channels(Which::All).await?;
    let failed = runs.iter().filter(|r| r.result.is_err()).count();
    if ctx.json {
        let rows: Vec<_> = runs
            .iter()
            .map(|r| match &r.result {
                Ok(report) => json!({ "channel": r.channel.id, "report": report }),
                Err(e) => json!({ "channel": r.channel.id, "error": e }),
            })
            .collect();
        output::json(&rows)?;
    } else {
        if runs.is_empty() {
            println!("no configured channel to sync (paused ones are left alone)");
        }
        for r in &runs {
            print!("{} ({}): ", r.channel.name, r.channel.id);
            match &r.result {
                Ok(report) => print_report(report),
                Err(e) => println!("failed: {}", e.message),
            }
        }
    }
    if failed > 0 {
        return Err(AppError::new(
            ErrorCode::Internal,
            format!("{failed} of {} channel(s) failed to sync", runs.len()),
        ));
    }
    Ok(())
}

fn print_report(report: &SyncReport) {
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
}
