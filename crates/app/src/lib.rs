//! Waybill's use cases, shared by every front end (desktop window, CLI, tests).
//!
//! Each use case owns its transaction: it reads, applies pure domain logic from `waybill-core`,
//! writes the changes and their events together, and only after the commit tells listeners
//! (the window's live queue) what changed.

pub mod actions;
pub mod bench;
pub mod bench_rules;
pub mod channels;
mod connectivity;
pub mod credentials;
pub mod demo;
mod detail;
mod error;
mod holds;
pub mod import;
pub mod inventory;
pub mod outbox;
pub mod partners;
mod queue;
pub mod rules;
pub mod sync;
pub mod timers;
mod views;
pub mod webhooks;

pub use connectivity::Connectivity;
pub use error::{AppError, ErrorCode};
pub use views::{BulkOutcome, ChangeNotice, Facets, OrderDetail, Refusal, WorkspaceInfo};

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use tokio::sync::broadcast;
use waybill_store::Store;

/// The time source use cases read; tests and simulations substitute their own.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// An open workspace.
#[derive(Clone)]
pub struct App {
    store: Store,
    changes: broadcast::Sender<ChangeNotice>,
    clock: Clock,
    demo_running: Arc<AtomicBool>,
    /// The ruleset in force, compiled (see `rules::live`).
    rules: rules::LiveSlot,
    /// Where channel secrets live on this machine.
    credentials: credentials::CredentialStore,
    /// How the last exchange with a channel went, at the network level.
    link: connectivity::LinkState,
    /// One sync per channel at a time.
    syncing: sync::SyncLocks,
    /// Outbound webhooks' HTTP client, made on first use, and its time-out.
    webhook_sender: Arc<tokio::sync::OnceCell<waybill_sync::outbound::WebhookSender>>,
    webhook_timeout: std::time::Duration,
}

impl App {
    /// Opens the workspace database at `path`, creating it when missing.
    pub async fn open(path: &Path) -> Result<App, AppError> {
        let store = Store::open(path)
            .await
            .map_err(|e| AppError::from(e).opening(path))?;
        Ok(Self::with_store(store, Arc::new(Utc::now)))
    }

    /// An app over an open store; channel secrets go where `WAYBILL_CREDENTIALS` says (see
    /// [`credentials`]).
    pub fn with_store(store: Store, clock: Clock) -> App {
        let (changes, _) = broadcast::channel(256);
        let credentials = credentials::CredentialStore::for_database(store.path());
        App {
            store,
            changes,
            clock,
            demo_running: Arc::new(AtomicBool::new(false)),
            rules: rules::LiveSlot::default(),
            credentials,
            link: connectivity::LinkState::default(),
            syncing: sync::SyncLocks::default(),
            webhook_sender: Arc::new(tokio::sync::OnceCell::new()),
            webhook_timeout: webhooks::outbound::WEBHOOK_TIMEOUT,
        }
    }

    /// The same workspace with channel secrets kept in `credentials` (tests pick the encrypted
    /// file so they never touch a real keychain).
    pub fn with_credentials(mut self, credentials: credentials::CredentialStore) -> App {
        self.credentials = credentials;
        self
    }

    /// Where channel secrets live on this machine.
    pub fn credential_store(&self) -> &credentials::CredentialStore {
        &self.credentials
    }

    /// The same workspace with outbound webhooks given `timeout` to be answered (tests use a
    /// short one).
    pub fn with_webhook_timeout(mut self, timeout: std::time::Duration) -> App {
        self.webhook_timeout = timeout;
        self.webhook_sender = Arc::new(tokio::sync::OnceCell::new());
        self
    }

    /// Changes committed from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<ChangeNotice> {
        self.changes.subscribe()
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    pub async fn close(&self) {
        self.store.close().await;
    }

    /// Called only after a commit, so listeners never see uncommitted state.
    fn notify(&self, ids: Vec<waybill_core::OrderId>, cause: &str) {
        if !ids.is_empty() {
            // No receiver is fine: nobody is watching (e.g. the CLI).
            let _ = self.changes.send(ChangeNotice {
                ids,
                cause: cause.to_owned(),
            });
        }
    }

    /// For bulk changes (seeding): listeners reload everything.
    fn notify_many(&self, cause: &str) {
        let _ = self.changes.send(ChangeNotice {
            ids: Vec::new(),
            cause: cause.to_owned(),
        });
    }

    pub(crate) fn demo_is_running(&self) -> bool {
        self.demo_running.load(Ordering::Relaxed)
    }

    pub(crate) fn set_demo_running(&self, running: bool) {
        self.demo_running.store(running, Ordering::Relaxed);
    }
}

/// The workspace database every front end opens by default: `$WAYBILL_DB`, else
/// `<data dir>/com.waybill.desktop/waybill.db` (on Linux `~/.local/share/…`), the same file
/// the desktop app uses, so the CLI sees what the window shows.
pub fn default_database_path() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("WAYBILL_DB").filter(|p| !p.is_empty()) {
        return p.into();
    }
    dirs::data_dir()
        .unwrap_or_else(|| std::path::PathBuf::from("."))
        .join("com.waybill.desktop")
        .join("waybill.db")
}
