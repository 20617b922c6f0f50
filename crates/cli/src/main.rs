//! `waybill`: everything Waybill does, without a window — for scripts, servers and tests.

mod bench;
mod channels;
mod demo;
mod import;
mod inventory;
mod locations;
mod orders;
mod outbox;
mod output;
mod partners;
mod rules;
mod serve;
mod sync;
mod webhooks;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use waybill_app::{App, AppError};

/// mimalloc: imports allocate and free many small strings; glibc's malloc was a quarter of it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "waybill",
    version,
    about = "Waybill order operations from the command line"
)]
struct Cli {
    /// The workspace database [default: $WAYBILL_DB, else the desktop app's database]
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// Print machine-readable JSON instead of tables
    #[arg(long, global = true)]
    json: bool,
    /// Who is acting, recorded on every change [default: $USER]
    #[arg(long = "as", global = true, value_name = "NAME")]
    actor: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Work with orders: list, show, hold, release, cancel, tag, ship
    #[command(subcommand)]
    Orders(orders::OrdersCommand),
    /// Routing rules: import, export, validate, test on an order, dry-run
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Import orders from a file into a channel
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// The demo workspace
    #[command(subcommand)]
    Demo(demo::DemoCommand),
    /// Measure Waybill's hot paths on this database
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// What Waybill owes the channels: list, deliver, retry, skip
    #[command(subcommand)]
    Outbox(outbox::OutboxCommand),
    /// Pull new and changed orders from one channel or every configured one
    Sync(sync::SyncArgs),
    /// Sales channels: add, set, list, pause, resume, test
    #[command(subcommand)]
    Channels(channels::ChannelsCommand),
    /// Fulfillment partners: hand off and sync, health, hand-offs
    #[command(subcommand)]
    Partners(partners::PartnersCommand),
    /// Endpoints that receive Waybill's events: add, list, remove, enable, disable
    #[command(subcommand)]
    Webhooks(webhooks::WebhooksCommand),
    /// Stock per location and SKU: set, adjust, import counts, list
    #[command(subcommand)]
    Inventory(inventory::InventoryCommand),
    /// Where orders ship from: own locations and partners
    #[command(subcommand)]
    Locations(locations::LocationsCommand),
    /// Listen for channels' webhooks and run the timers (holds, outbox) until stopped
    Serve(serve::ServeArgs),
}

/// What the subcommands share.
pub struct Ctx {
    pub app: App,
    pub json: bool,
    pub actor: waybill_core::Actor,
}

fn actor_name(given: Option<String>) -> String {
    given
        .or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "cli".into())
}

async fn run(cli: Cli) -> Result<(), AppError> {
    let path = cli.db.unwrap_or_else(waybill_app::default_database_path);
    let app = App::open(&path).await?;
    let ctx = Ctx {
        app,
        json: cli.json,
        actor: waybill_core::Actor::user(&actor_name(cli.actor)),
    };
    let result = match cli.command {
        Command::Orders(c) => orders::run(&ctx, c).await,
        Command::Rules(c) => rules::run(&ctx, c).await,
        Command::Import(c) => import::run(&ctx, c).await,
        Command::Demo(c) => demo::run(&ctx, c).await,
        Command::Bench(c) => bench::run(&ctx, c).await,
        Command::Outbox(c) => outbox::run(&ctx, c).await,
        Command::Sync(a) => sync::run(&ctx, a).await,
        Command::Channels(c) => channels::run(&ctx, c).await,
        Command::Partners(c) => partners::run(&ctx, c).await,
        Command::Webhooks(c) => webhooks::run(&ctx, c).await,
        Command::Serve(a) => serve::run(&ctx, a).await,
        Command::Inventory(c) => inventory::run(&ctx, c).await,
        Command::Locations(c) => locations::run(&ctx, c).await,
    };
    ctx.app.close().await;
    result
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("WAYBILL_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if json {
                eprintln!("{}", serde_json::json!({ "error": e }));
            } else {
                eprintln!("error: {}", e.message);
            }
            ExitCode::FAILURE
        }
    }
}
