//! `waybill demo …`

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Subcommand;
use waybill_app::AppError;

use crate::{Ctx, output};

#[derive(Subcommand)]
pub enum DemoCommand {
    /// Fill the database with generated order history (creates the demo workspace if empty)
    Seed {
        /// How many orders to add
        #[arg(long, default_value_t = waybill_app::demo::DEFAULT_HISTORY)]
        orders: u64,
    },
}

pub async fn run(ctx: &Ctx, cmd: DemoCommand) -> Result<(), AppError> {
    match cmd {
        DemoCommand::Seed { orders } => {
            let cancel = Arc::new(AtomicBool::new(false));
            let on_interrupt = cancel.clone();
            tokio::spawn(async move {
                if tokio::signal::ctrl_c().await.is_ok() {
                    eprintln!("\nstopping after the current batch…");
                    on_interrupt.store(true, Ordering::Relaxed);
                }
            });
            let quiet = ctx.json;
            let outcome = ctx
                .app
                .seed_demo(
                    orders,
                    |p| {
                        if !quiet {
                            eprint!(
                                "\rseeding: {} / {} orders ({}%)",
                                p.done,
                                p.total,
                                p.done * 100 / p.total.max(1)
                            );
                            let _ = std::io::stderr().flush();
                        }
                    },
                    &cancel,
                )
                .await?;
            let secs = outcome.elapsed.as_secs_f64();
            let rate = outcome.orders as f64 / secs.max(1e-9);
            if ctx.json {
                return output::json(&serde_json::json!({
                    "orders": outcome.orders, "events": outcome.events, "seconds": secs,
                    "orders_per_second": rate, "cancelled": outcome.cancelled,
                }));
            }
            eprintln!();
            let verb = if outcome.cancelled {
                "stopped after"
            } else {
                "added"
            };
            println!(
                "{verb} {} orders and {} events in {secs:.1} s ({rate:.0} orders/s)",
                outcome.orders, outcome.events
            );
            Ok(())
        }
    }
}
