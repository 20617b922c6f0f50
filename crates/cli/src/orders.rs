//! `waybill orders …`

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use waybill_app::{AppError, BulkOutcome};
use waybill_core::edit::ManualAction;
use waybill_core::query::{OrderFilter, OrderQuery, SortKey};
use waybill_core::{HoldReason, OrderId, OrderStatus};

use crate::{Ctx, output};

#[derive(Subcommand)]
pub enum OrdersCommand {
    /// List orders, newest first
    List(ListArgs),
    /// How many orders each status holds
    Counts,
    /// One order with its lines, addresses and timeline
    Show { id: String },
    /// Put orders on hold
    Hold {
        #[arg(required = true)]
        ids: Vec<String>,
        /// fraud_risk, address_invalid, payment_pending, out_of_stock, manual_review, partner_rejected, unroutable, custom
        #[arg(long, default_value = "manual_review")]
        reason: String,
        #[arg(long, default_value = "")]
        note: String,
        /// Release automatically at this time (RFC 3339)
        #[arg(long)]
        until: Option<DateTime<Utc>>,
    },
    /// Release held orders
    Release {
        #[arg(required = true)]
        ids: Vec<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Cancel orders
    Cancel {
        #[arg(required = true)]
        ids: Vec<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Add a tag to orders
    Tag {
        tag: String,
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Add an internal note to an order
    Note { id: String, note: String },
    /// Run the rules in force again on orders (fields a person set stay)
    Rerun {
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Release a partner_rejected, out_of_stock or unroutable hold and route the orders again
    Route {
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Mark an order shipped
    Ship {
        id: String,
        #[arg(long)]
        carrier: String,
        #[arg(long)]
        service: Option<String>,
        /// Tracking number (repeat for several packages)
        #[arg(long, required = true)]
        tracking: Vec<String>,
    },
}

#[derive(Args)]
pub struct ListArgs {
    #[arg(long)]
    status: Option<String>,
    /// Full-text search: order number, customer name, email, SKU
    #[arg(long)]
    search: Option<String>,
    #[arg(long)]
    channel: Option<String>,
    #[arg(long)]
    tag: Option<String>,
    #[arg(long)]
    hold_reason: Option<String>,
    #[arg(long)]
    carrier: Option<String>,
    /// placed_at, ship_by or total
    #[arg(long, default_value = "placed_at")]
    sort: String,
    /// Oldest (or smallest) first
    #[arg(long)]
    asc: bool,
    #[arg(long, default_value_t = 50)]
    limit: u32,
    /// Continue after this cursor (printed by the previous page)
    #[arg(long)]
    after: Option<String>,
}

/// Prints what a bulk change did; any refusal makes the command fail (with the first code).
pub(crate) fn report_bulk(ctx: &Ctx, outcome: &BulkOutcome, asked: usize) -> Result<(), AppError> {
    if ctx.json {
        output::json(outcome)?;
    } else {
        for r in &outcome.refused {
            eprintln!("refused {} {}: {}", r.number, r.id, r.message);
        }
        println!(
            "{} changed, {} refused",
            outcome.applied.len(),
            outcome.refused.len()
        );
    }
    match outcome.refused.first() {
        None => Ok(()),
        Some(first) => Err(AppError::new(
            first.code,
            format!("{} of {asked} orders were refused", outcome.refused.len()),
        )),
    }
}

pub fn parse<T: std::str::FromStr>(value: &str) -> Result<T, AppError>
where
    T::Err: std::fmt::Display,
{
    value
        .parse()
        .map_err(|e: T::Err| AppError::invalid(e.to_string()))
}

pub fn ids(raw: &[String]) -> Result<Vec<OrderId>, AppError> {
    raw.iter().map(|s| parse(s)).collect()
}

fn list_query(a: ListArgs) -> Result<OrderQuery, AppError> {
    let sort = match a.sort.as_str() {
        "placed_at" => SortKey::PlacedAt,
        "ship_by" => SortKey::ShipBy,
        "total" => SortKey::Total,
        other => {
            return Err(AppError::invalid(format!(
                "`{other}` is not a sort (placed_at, ship_by or total)"
            )));
        }
    };
    Ok(OrderQuery {
        filter: OrderFilter {
            status: a.status.as_deref().map(parse::<OrderStatus>).transpose()?,
            channel_id: a.channel.as_deref().map(parse).transpose()?,
            hold_reason: a
                .hold_reason
                .as_deref()
                .map(parse::<HoldReason>)
                .transpose()?,
            tag: a.tag,
            carrier: a.carrier,
            search: a.search,
            ..OrderFilter::default()
        },
        sort,
        descending: !a.asc,
        after: a.after,
        limit: a.limit,
    })
}

pub async fn run(ctx: &Ctx, cmd: OrdersCommand) -> Result<(), AppError> {
    let app = &ctx.app;
    let action = |ids: Vec<String>, action: ManualAction| async move {
        let outcome = app
            .apply_action(&self::ids(&ids)?, &action, &ctx.actor)
            .await?;
        report_bulk(ctx, &outcome, ids.len())
    };
    match cmd {
        OrdersCommand::Rerun { ids } => {
            let outcome = app.rerun_rules(&self::ids(&ids)?).await?;
            report_bulk(ctx, &outcome, ids.len())
        }
        OrdersCommand::Route { ids } => {
            let outcome = app.reroute_orders(&self::ids(&ids)?, &ctx.actor).await?;
            report_bulk(ctx, &outcome, ids.len())
        }
        OrdersCommand::List(args) => {
            let page = app.list_orders(&list_query(args)?).await?;
            if ctx.json {
                return output::json(&page);
            }
            let rows: Vec<Vec<String>> = page
                .items
                .iter()
                .map(|o| {
                    vec![
                        o.number.clone(),
                        o.status.to_string(),
                        o.customer_name.clone(),
                        format!("{}, {}", o.ship_city, o.ship_country),
                        output::money(o.total, &o.currency),
                        o.placed_at.format("%Y-%m-%d %H:%M").to_string(),
                        o.hold_reason
                            .map(|r| r.as_str().to_owned())
                            .unwrap_or_default(),
                        o.id.to_string(),
                    ]
                })
                .collect();
            output::table(
                &[
                    "number",
                    "status",
                    "customer",
                    "ship to",
                    "total",
                    "placed (UTC)",
                    "hold",
                    "id",
                ],
                &rows,
            );
            if let Some(c) = page.next_cursor {
                println!("\nmore: --after {c}");
            }
            Ok(())
        }
        OrdersCommand::Counts => {
            let counts = app.tab_counts(&OrderFilter::default()).await?;
            if ctx.json {
                return output::json(&counts);
            }
            let rows: Vec<Vec<String>> = counts
                .iter()
                .map(|c| vec![c.status.to_string(), c.count.to_string()])
                .collect();
            output::table(&["status", "orders"], &rows);
            Ok(())
        }
        OrdersCommand::Show { id } => {
            let detail = app.order_detail(&parse(&id)?).await?;
            if ctx.json {
                return output::json(&detail);
            }
            let o = &detail.order;
            println!(
                "{} ({})  {}  via {}",
                o.number, o.id, o.status, detail.channel.name
            );
            if let Some(h) = &o.hold {
                println!(
                    "on hold: {} — {} (by {})",
                    h.reason.as_str(),
                    h.note,
                    h.placed_by
                );
            }
            println!(
                "customer: {} {}",
                o.customer.name,
                o.customer.email.as_deref().unwrap_or("")
            );
            let a = &o.ship_to;
            println!(
                "ship to:  {}, {}, {} {} {}",
                a.name, a.line1, a.city, a.postal_code, a.country
            );
            println!("total:    {}", output::money(o.total, &o.currency));
            if let (Some(c), Some(s)) = (&o.carrier, &o.service) {
                println!(
                    "ships:    {c} {s} from {}",
                    detail.location.as_ref().map_or("—", |l| l.name.as_str())
                );
            }
            println!();
            let lines: Vec<Vec<String>> = o
                .lines
                .iter()
                .map(|l| {
                    vec![
                        l.sku.clone(),
                        l.name.clone(),
                        l.quantity.to_string(),
                        output::money(l.unit_price, &o.currency),
                    ]
                })
                .collect();
            output::table(&["sku", "item", "qty", "unit price"], &lines);
            println!("\ntimeline:");
            for e in &detail.timeline {
                let data = serde_json::to_string(&e.kind).unwrap_or_default();
                println!(
                    "  {}  {:<22} {:<18} {}",
                    e.at.format("%Y-%m-%d %H:%M:%S"),
                    e.kind.name(),
                    e.actor,
                    data
                );
            }
            Ok(())
        }
        OrdersCommand::Hold {
            ids,
            reason,
            note,
            until,
        } => {
            action(
                ids,
                ManualAction::Hold {
                    reason: parse(&reason)?,
                    note,
                    release_at: until,
                },
            )
            .await
        }
        OrdersCommand::Release { ids, note } => action(ids, ManualAction::Release { note }).await,
        OrdersCommand::Cancel { ids, note } => action(ids, ManualAction::Cancel { note }).await,
        OrdersCommand::Tag { tag, ids } => action(ids, ManualAction::AddTag { tag }).await,
        OrdersCommand::Note { id, note } => action(vec![id], ManualAction::AddNote { note }).await,
        OrdersCommand::Ship {
            id,
            carrier,
            service,
            tracking,
        } => {
            action(
                vec![id],
                ManualAction::Ship {
                    carrier,
                    service,
                    tracking,
                },
            )
            .await
        }
    }
}
