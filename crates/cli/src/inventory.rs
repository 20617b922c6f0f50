//! `waybill inventory …`: stock per location and SKU — set a count, adjust with a reason,
//! import counts from CSV, list.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use waybill_app::AppError;
use waybill_app::inventory::stock::{StockChange, StockOutcome};
use waybill_app::inventory::views::InventoryQuery;
use waybill_core::inventory::AdjustmentReason;

use crate::{Ctx, output};

#[derive(Subcommand)]
pub enum InventoryCommand {
    /// Set on hand at a location to what a count found
    Set {
        sku: String,
        on_hand: u32,
        /// Location id or name
        #[arg(long)]
        location: String,
    },
    /// Change on hand by a delta (+received, −damaged) with a reason
    Adjust {
        sku: String,
        /// Units to add (negative to remove), e.g. 12 or -3
        #[arg(allow_hyphen_values = true)]
        delta: i32,
        #[arg(long)]
        location: String,
        #[arg(long, value_enum)]
        reason: Reason,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Apply counts from a CSV (sku, location, on_hand[, name]); any bad row refuses the file
    Import {
        file: PathBuf,
        /// Location for rows without one (or a file without a location column)
        #[arg(long)]
        location: Option<String>,
    },
    /// Stock per SKU: on hand, reserved, available per location
    List {
        /// Only SKUs whose SKU or name contains these words
        #[arg(long, default_value = "")]
        search: String,
        /// Only SKUs at or below their low-stock threshold
        #[arg(long)]
        low: bool,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Reason {
    Received,
    Returned,
    Damaged,
    Lost,
    Found,
    Correction,
    Other,
}

impl From<Reason> for AdjustmentReason {
    fn from(r: Reason) -> Self {
        match r {
            Reason::Received => AdjustmentReason::Received,
            Reason::Returned => AdjustmentReason::Returned,
            Reason::Damaged => AdjustmentReason::Damaged,
            Reason::Lost => AdjustmentReason::Lost,
            Reason::Found => AdjustmentReason::Found,
            Reason::Correction => AdjustmentReason::Correction,
            Reason::Other => AdjustmentReason::Other,
        }
    }
}

fn report(ctx: &Ctx, outcome: &StockOutcome) -> Result<(), AppError> {
    if ctx.json {
        return output::json(outcome);
    }
    println!("{} stock row(s) changed", outcome.changed_rows);
    if !outcome.rerouted.is_empty() {
        println!(
            "routed {} order(s) that were waiting for stock: {}",
            outcome.rerouted.len(),
            outcome.rerouted.join(", ")
        );
    }
    for s in &outcome.shortfalls {
        println!("shortfall: {s}");
    }
    Ok(())
}

pub async fn run(ctx: &Ctx, command: InventoryCommand) -> Result<(), AppError> {
    match command {
        InventoryCommand::Set {
            sku,
            on_hand,
            location,
        } => {
            let at = ctx.app.find_location(&location).await?.location.id;
            let change = StockChange::Count {
                location_id: at,
                sku,
                on_hand,
            };
            let outcome = ctx.app.change_stock(&[change], &ctx.actor).await?;
            report(ctx, &outcome)
        }
        InventoryCommand::Adjust {
            sku,
            delta,
            location,
            reason,
            note,
        } => {
            if matches!(reason, Reason::Other) && note.trim().is_empty() {
                return Err(AppError::invalid(
                    "--note: say why when the reason is `other`",
                ));
            }
            let at = ctx.app.find_location(&location).await?.location.id;
            let change = StockChange::Adjust {
                location_id: at,
                sku,
                delta,
                reason: reason.into(),
                note,
            };
            let outcome = ctx.app.change_stock(&[change], &ctx.actor).await?;
            report(ctx, &outcome)
        }
        InventoryCommand::Import { file, location } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| AppError::invalid(format!("cannot read {}: {e}", file.display())))?;
            let at = match location {
                Some(l) => Some(ctx.app.find_location(&l).await?.location.id),
                None => None,
            };
            let import = ctx
                .app
                .import_counts(&text, at.as_ref(), &ctx.actor)
                .await?;
            if ctx.json {
                return output::json(&import);
            }
            match &import.outcome {
                Some(outcome) => {
                    println!("{} row(s) read", import.rows);
                    report(ctx, outcome)
                }
                None => {
                    for e in &import.errors {
                        eprintln!("{}:{}: {}", file.display(), e.line, e.message);
                    }
                    Err(AppError::invalid(format!(
                        "{} bad row(s) of {}: nothing was changed",
                        import.errors.len(),
                        import.rows
                    )))
                }
            }
        }
        InventoryCommand::List { search, low, limit } => {
            let view = ctx
                .app
                .inventory_view(&InventoryQuery {
                    search,
                    low_only: low,
                    limit,
                })
                .await?;
            if ctx.json {
                return output::json(&view);
            }
            let mut header = vec!["SKU".to_owned(), "NAME".to_owned()];
            header.extend(view.locations.iter().map(|l| l.name.clone()));
            header.push("AVAILABLE".to_owned());
            let rows: Vec<Vec<String>> = view
                .rows
                .iter()
                .map(|r| {
                    let mut row = vec![
                        format!("{}{}", r.sku, if r.low { " (low)" } else { "" }),
                        r.name.clone(),
                    ];
                    row.extend(view.locations.iter().map(|l| {
                        r.locations
                            .iter()
                            .find(|s| s.location_id == l.id)
                            .map_or_else(
                                || "-".to_owned(),
                                |s| format!("{}/{}", s.available, s.on_hand),
                            )
                    }));
                    row.push(r.available.to_string());
                    row
                })
                .collect();
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            output::table(&header, &rows);
            println!(
                "{} of {} SKU(s) shown; {} low; per location: available/on hand",
                view.rows.len(),
                view.total_skus,
                view.low_skus
            );
            Ok(())
        }
    }
}
