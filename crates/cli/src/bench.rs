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
}

pub async fn run(ctx: &Ctx, cmd: BenchCommand) -> Result<(), AppError> {
    match cmd {
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
