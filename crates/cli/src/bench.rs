//! `waybill bench …`

use clap::Subcommand;
use waybill_app::AppError;

use crate::{Ctx, output};

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Queue pages, search, detail and counts through the app layer (medians)
    Queue {
        /// Measured runs of each operation
        #[arg(long, default_value_t = 200)]
        runs: usize,
    },
    /// A dry run of a large ruleset over many stored orders, in a temporary workspace
    DryRun {
        #[arg(long, default_value_t = 100_000)]
        orders: u32,
        #[arg(long, default_value_t = 100)]
        rules: usize,
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
}

pub async fn run(ctx: &Ctx, cmd: BenchCommand) -> Result<(), AppError> {
    match cmd {
        BenchCommand::DryRun {
            orders,
            rules,
            runs,
        } => {
            let dir = std::env::temp_dir().join(format!("waybill-bench-{}", std::process::id()));
            std::fs::create_dir_all(&dir)
                .map_err(|e| AppError::invalid(format!("cannot create {}: {e}", dir.display())))?;
            eprintln!("storing {orders} orders in a temporary workspace…");
            let result = waybill_app::bench_rules::bench_dry_run(&dir, orders, rules, runs).await;
            let _ = std::fs::remove_dir_all(&dir);
            let r = result?;
            if ctx.json {
                return output::json(&r);
            }
            println!(
                "dry run of {} rules over {} stored orders: median {:.0} ms, best {:.0} ms over {} runs ({} orders would change); target < {:.0} ms",
                r.rules, r.orders, r.median_ms, r.min_ms, r.runs, r.changed, r.target_ms
            );
            Ok(())
        }
        BenchCommand::Queue { runs } => {
            let orders = ctx.app.workspace_info().await?.order_count;
            let results = ctx.app.bench_queue(runs).await?;
            if ctx.json {
                return output::json(&serde_json::json!({ "orders": orders, "results": results }));
            }
            println!("queue benchmark over {orders} orders, {runs} runs each\n");
            let rows: Vec<Vec<String>> = results
                .iter()
                .map(|m| {
                    let verdict = if m.median_ms <= m.target_ms {
                        "ok"
                    } else {
                        "SLOW"
                    };
                    vec![
                        m.name.clone(),
                        format!("{:.3}", m.median_ms),
                        format!("{:.3}", m.p95_ms),
                        format!("< {}", m.target_ms),
                        verdict.into(),
                    ]
                })
                .collect();
            output::table(&["operation", "median ms", "p95 ms", "target", ""], &rows);
            Ok(())
        }
    }
}
