//! `waybill serve`: the channels' webhook listener, plus the timers (timed holds lifting, the
//! outbox delivering) while it runs. Ctrl-C or SIGTERM stops it cleanly: requests in flight
//! finish, the timers finish their round.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Args;
use tokio::sync::watch;
use waybill_app::webhooks::inbound::DEFAULT_BIND;
use waybill_app::webhooks::{ConnectorSource, ServeOptions};
use waybill_app::{AppError, ErrorCode};

use crate::Ctx;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on
    #[arg(long, default_value = DEFAULT_BIND)]
    bind: SocketAddr,
    /// Allow listening on an address other machines can reach
    #[arg(long)]
    public: bool,
    /// Also sync every configured channel this often, in seconds (0: only on webhooks)
    #[arg(long, default_value_t = 300)]
    poll_every: u64,
}

pub async fn run(ctx: &Ctx, args: ServeArgs) -> Result<(), AppError> {
    let options = ServeOptions {
        bind: args.bind,
        public: args.public,
        poll_every: (args.poll_every > 0).then(|| Duration::from_secs(args.poll_every)),
        ..ServeOptions::default()
    };
    let server = ctx
        .app
        .bind_webhook_server(options, ConnectorSource::Configured)
        .await?;
    let addr = server.local_addr()?;
    println!("listening on http://{addr}: POST /webhooks/CHANNEL_ID, GET /health (Ctrl-C stops)");
    let (stop_tx, stop) = watch::channel(false);
    let stop_tx = std::sync::Arc::new(stop_tx);
    let on_signal = stop_tx.clone();
    tokio::spawn(async move {
        stopped().await;
        tracing::info!("stopping");
        let _ = on_signal.send(true);
    });
    let timers = tokio::spawn(waybill_app::timers::run_timers(
        ctx.app.clone(),
        stop.clone(),
    ));
    let served = server.run(stop).await;
    // The listener may also end on an error: the timers stop with it.
    let _ = stop_tx.send(true);
    timers
        .await
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("timers: {e}")))?;
    served
}

/// Ctrl-C, or SIGTERM where there is one (a service manager stopping us).
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
