//! `waybill partners …`: handing shipments to fulfillment partners and reading back what they
//! did, each partner's health, and its latest hand-offs — the same use cases as the window's
//! partner screen and timers.

use chrono::{DateTime, Utc};
use clap::Subcommand;
use serde::Serialize;
use waybill_app::partners::{HandoffReport, PartnerSyncReport, Partners};
use waybill_app::{AppError, ErrorCode};

use crate::{Ctx, output};

#[derive(Subcommand)]
pub enum PartnersCommand {
    /// Deliver due hand-offs, then ask partners what became of their shipments and their stock
    Sync {
        /// Only this partner location (id or name)
        #[arg(long)]
        partner: Option<String>,
        /// Do it once and exit (the only mode: `waybill serve` runs it on a timer)
        #[arg(long)]
        once: bool,
    },
    /// Each partner's health: backlog, what is late, how talking to it went
    List,
    /// A partner's latest hand-offs, newest first
    Handoffs {
        /// The partner location (id or name)
        partner: String,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Enter a partner's confirmation by hand: the shipment left with this tracking
    Confirm {
        /// The shipment id (`waybill partners handoffs PARTNER` lists them)
        shipment: String,
        #[arg(long)]
        carrier: String,
        #[arg(long)]
        tracking: String,
    },
}

pub async fn run(ctx: &Ctx, command: PartnersCommand) -> Result<(), AppError> {
    match command {
        PartnersCommand::Confirm {
            shipment,
            carrier,
            tracking,
        } => {
            ctx.app
                .confirm_shipment(&shipment, &carrier, &tracking)
                .await?;
            println!("{shipment} shipped with {carrier} {tracking}");
            Ok(())
        }
        PartnersCommand::Sync { partner, once } => {
            if !once {
                return Err(AppError::invalid(
                    "only `waybill partners sync --once` is supported; `waybill serve` syncs on a timer",
                ));
            }
            sync(ctx, partner.as_deref()).await
        }
        PartnersCommand::List => list(ctx).await,
        PartnersCommand::Handoffs { partner, limit } => handoffs(ctx, &partner, limit).await,
    }
}

#[derive(Serialize)]
struct SyncOutput {
    handoffs: HandoffReport,
    sync: PartnerSyncReport,
}

async fn sync(ctx: &Ctx, partner: Option<&str>) -> Result<(), AppError> {
    let all = ctx.app.partners().await?;
    let only = match partner {
        Some(p) => Some(ctx.app.find_location(p).await?.location.id),
        None => None,
    };
    let partners: Partners = match &only {
        Some(id) => all.only(id),
        None => all,
    };
    if let Some(id) = &only
        && let Some((_, why)) = partners.not_configured.iter().find(|(l, _)| l == id)
    {
        return Err(AppError::invalid(why.clone()));
    }
    let handoffs = ctx.app.deliver_handoffs(&partners).await?;
    let sync = ctx.app.sync_partners(&partners, only.as_ref()).await?;
    if ctx.json {
        return output::json(&SyncOutput { handoffs, sync });
    }
    let h = &handoffs;
    println!(
        "handed off {} ({} the partner already had)  rejected {}  retrying later {}  dead {}  skipped {}",
        h.handed_off.len(),
        h.repeats,
        h.rejected.len(),
        h.retrying.len(),
        h.dead.len(),
        h.skipped.len()
    );
    for id in &h.rejected {
        println!("  rejected: shipment {id} (its order is held partner_rejected)");
    }
    for (location, n) in &h.not_configured {
        println!("  {n} hand-off(s) wait for {location}: not configured on this machine");
    }
    let s = &sync;
    println!(
        "polled {}  accepted {}  parcels {}  shipped {}  rejected {}  cancelled {}",
        s.polled,
        s.accepted.len(),
        s.parcels.len(),
        s.shipped.len(),
        s.rejected.len(),
        s.cancelled.len()
    );
    for tracking in &s.parcels {
        println!("  parcel {tracking}");
    }
    for id in &s.rejected {
        println!("  rejected: shipment {id} (its order is held partner_rejected)");
    }
    for (location, rows) in &s.reconciled {
        println!("  stock of {location}: {rows} row(s) changed by the partner's report");
    }
    for (location, error) in &s.errors {
        eprintln!("  {location}: {error}");
    }
    for (location, why) in &s.not_configured {
        eprintln!("  {location} not configured: {why}");
    }
    if !h.dead.is_empty() {
        println!("see `waybill outbox list`; retry or skip the dead hand-offs");
    }
    Ok(())
}

fn when(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(|| "-".into(), |t| t.format("%Y-%m-%d %H:%M").to_string())
}

async fn list(ctx: &Ctx) -> Result<(), AppError> {
    let view = ctx.app.partners_view().await?;
    if ctx.json {
        return output::json(&view);
    }
    let rows: Vec<Vec<String>> = view
        .partners
        .iter()
        .map(|p| {
            vec![
                p.id.to_string(),
                p.name.clone(),
                p.adapter.map_or("-", |a| a.as_str()).to_owned(),
                p.backlog.to_string(),
                format!("{}/{}", p.counts.handed_off, p.counts.accepted),
                when(p.oldest_unacknowledged_at),
                p.sla_breaches.to_string(),
                format!("{:.0}% of {}", p.error_rate * 100.0, p.exchanges),
                when(p.last_success_at),
                p.problem
                    .clone()
                    .or_else(|| p.last_error.clone())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    output::table(
        &[
            "ID",
            "NAME",
            "ADAPTER",
            "BACKLOG",
            "HANDED/ACCEPTED",
            "OLDEST UNACKED",
            "SLA",
            "ERRORS",
            "LAST OK",
            "PROBLEM",
        ],
        &rows,
    );
    Ok(())
}

async fn handoffs(ctx: &Ctx, partner: &str, limit: u32) -> Result<(), AppError> {
    let location = ctx.app.find_location(partner).await?;
    if !location.location.kind.is_partner() {
        return Err(AppError::new(
            ErrorCode::NotAllowed,
            format!("{} is not a partner location", location.location.name),
        ));
    }
    let list = ctx
        .app
        .partner_handoffs(&location.location.id, limit)
        .await?;
    if ctx.json {
        return output::json(&list);
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|s| {
            vec![
                s.id.clone(),
                s.order_number.clone(),
                s.status.as_str().to_owned(),
                s.partner_ref.clone().unwrap_or_default(),
                s.tracking.clone().unwrap_or_default(),
                when(s.handed_off_at),
                s.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    output::table(
        &[
            "SHIPMENT",
            "ORDER",
            "STATUS",
            "PARTNER REF",
            "TRACKING",
            "HANDED OFF",
            "NOTE",
        ],
        &rows,
    );
    Ok(())
}
