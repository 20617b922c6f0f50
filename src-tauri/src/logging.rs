//! Logs go to stderr and to a daily file in the app's data directory, for support.

use std::path::Path;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Keeps the file writer flushing until the app exits.
pub type Guard = tracing_appender::non_blocking::WorkerGuard;

pub fn init(log_dir: &Path) -> Option<Guard> {
    let filter =
        || EnvFilter::try_from_env("WAYBILL_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter());
    let (file, guard) = match std::fs::create_dir_all(log_dir) {
        Ok(()) => {
            let (writer, guard) = tracing_appender::non_blocking(tracing_appender::rolling::daily(
                log_dir,
                "waybill.log",
            ));
            (
                Some(
                    tracing_subscriber::fmt::layer()
                        .with_ansi(false)
                        .with_writer(writer)
                        .with_filter(filter()),
                ),
                Some(guard),
            )
        }
        Err(_) => (None, None),
    };
    let _ = tracing_subscriber::registry()
        .with(stderr)
        .with(file)
        .try_init();
    guard
}

use tracing_subscriber::Layer as _;
