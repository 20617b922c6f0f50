//! `waybill serve`'s listener for channels' webhooks.
//!
//! `POST /webhooks/{channel_id}`: the body is capped (413 past the limit), verified by the
//! channel's connector (401 when the signature is wrong or missing; logged without the body or
//! any secret), remembered by the channel's event id (a repeat answers 200 and does nothing),
//! then acknowledged at once while a debounced sync of the channel runs in the background.
//! `GET /health` answers 200 with JSON for monitors. Every channel is also polled on a timer
//! (`poll_every`): polling is the source of truth, webhooks only make it sooner.
//!
//! It binds to 127.0.0.1 unless told `public`: channels reach it through a tunnel or a reverse
//! proxy a person set up on purpose, never by accident.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::watch;
use waybill_core::ChannelId;
use waybill_sync::{Connector, WebhookError, WebhookRequest};

use super::nudge::Nudger;
use crate::outbox::Connectors;
use crate::{App, AppError, ErrorCode};

/// How the listener is set up.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: SocketAddr,
    /// Allow an address other than loopback.
    pub public: bool,
    /// Largest body taken; channels' order webhooks are a few kilobytes.
    pub body_limit: usize,
    /// How long a nudge waits for the rest of its burst before the sync runs.
    pub debounce: Duration,
    /// Sync every channel that has a connector this often, webhooks or not (`None`: only
    /// when a webhook arrives).
    pub poll_every: Option<Duration>,
}

/// Where `serve` listens by default.
pub const DEFAULT_BIND: &str = "127.0.0.1:8787";
/// 1 MiB: far above any order webhook, far below what could hurt.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// Receipts older than this are forgotten; a later replay only causes a harmless sync.
const RECEIPT_DAYS: i64 = 7;

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            bind: SocketAddr::from(([127, 0, 0, 1], 8787)),
            public: false,
            body_limit: BODY_LIMIT,
            debounce: Duration::from_secs(2),
            poll_every: Some(Duration::from_secs(5 * 60)),
        }
    }
}

/// Where the listener finds a channel's connector.
#[derive(Clone)]
pub enum ConnectorSource {
    /// Built from the workspace ([`App::channel_connectors`]) on each use, so a channel
    /// configured while serving is picked up without a restart.
    Configured,
    /// A fixed set (tests, or a host that builds its own).
    Fixed(Connectors),
}

impl ConnectorSource {
    pub(crate) async fn connector(
        &self,
        app: &App,
        channel: &ChannelId,
    ) -> Result<Option<Arc<dyn Connector>>, AppError> {
        match self {
            ConnectorSource::Configured => {
                Ok(app.channel_connectors().await?.connectors.remove(channel))
            }
            ConnectorSource::Fixed(map) => Ok(map.get(channel).cloned()),
        }
    }

    /// Every channel that has a connector.
    pub(crate) async fn channels(&self, app: &App) -> Result<Vec<ChannelId>, AppError> {
        Ok(match self {
            ConnectorSource::Configured => app
                .channel_connectors()
                .await?
                .connectors
                .into_keys()
                .collect(),
            ConnectorSource::Fixed(map) => map.keys().cloned().collect(),
        })
    }
}

struct Shared {
    app: App,
    source: ConnectorSource,
    nudger: Arc<Nudger>,
}

/// A bound listener, ready to [`run`](WebhookServer::run).
pub struct WebhookServer {
    listener: TcpListener,
    shared: Arc<Shared>,
    options: ServeOptions,
}

impl App {
    /// Binds the webhook listener. A non-loopback address is refused unless `options.public`.
    pub async fn bind_webhook_server(
        &self,
        options: ServeOptions,
        source: ConnectorSource,
    ) -> Result<WebhookServer, AppError> {
        if !options.bind.ip().is_loopback() && !options.public {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!(
                    "{} is reachable from other machines; pass --public to listen there on purpose",
                    options.bind
                ),
            ));
        }
        let listener = TcpListener::bind(options.bind).await.map_err(|e| {
            AppError::new(
                ErrorCode::Conflict,
                format!("cannot listen on {}: {e}", options.bind),
            )
        })?;
        Ok(WebhookServer {
            listener,
            shared: Arc::new(Shared {
                app: self.clone(),
                source,
                nudger: Arc::new(Nudger::new()),
            }),
            options,
        })
    }
}

impl WebhookServer {
    /// Where it listens (the port, when bound to port 0).
    pub fn local_addr(&self) -> Result<SocketAddr, AppError> {
        self.listener
            .local_addr()
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))
    }

    /// How many channel syncs webhooks have caused so far.
    pub fn sync_runs(&self) -> watch::Receiver<u64> {
        self.shared.nudger.runs()
    }

    /// Serves until `stop` turns true, then finishes the requests in flight and returns.
    pub async fn run(self, stop: watch::Receiver<bool>) -> Result<(), AppError> {
        let nudger = tokio::spawn(self.shared.nudger.clone().run(
            self.shared.app.clone(),
            self.shared.source.clone(),
            self.options.debounce,
            stop.clone(),
        ));
        let poller = self.options.poll_every.map(|every| {
            tokio::spawn(super::nudge::poll(
                self.shared.nudger.clone(),
                self.shared.app.clone(),
                self.shared.source.clone(),
                every,
                stop.clone(),
            ))
        });
        let router = Router::new()
            .route("/health", get(health))
            .route("/webhooks/{channel_id}", post(receive))
            .layer(DefaultBodyLimit::max(self.options.body_limit))
            .with_state(self.shared);
        let mut until = stop.clone();
        let served = axum::serve(self.listener, router)
            .with_graceful_shutdown(async move {
                let _ = until.wait_for(|s| *s).await;
            })
            .await;
        if *stop.borrow() {
            // Stopped on purpose: let a sync in progress finish its page.
            let _ = nudger.await;
        } else {
            nudger.abort();
        }
        if let Some(poller) = poller {
            poller.abort();
        }
        served.map_err(|e| AppError::new(ErrorCode::Internal, format!("webhook listener: {e}")))
    }
}

type Answer = (StatusCode, Json<Value>);

fn answer(status: StatusCode, text: &str) -> Answer {
    let key = if status.is_success() {
        "status"
    } else {
        "error"
    };
    (status, Json(json!({ key: text })))
}

async fn health() -> Answer {
    (
        StatusCode::OK,
        Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") })),
    )
}

async fn receive(
    State(shared): State<Arc<Shared>>,
    Path(channel): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    match accept(&shared, &channel, headers, body).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(channel = %channel, code = ?e.code, "webhook: {}", e.message);
            answer(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }
    }
}

async fn accept(
    shared: &Shared,
    channel: &str,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Answer, AppError> {
    let app = &shared.app;
    let not_found = || answer(StatusCode::NOT_FOUND, "no such channel here");
    let Ok(channel) = channel.parse::<ChannelId>() else {
        return Ok(not_found());
    };
    if !app.store.channels().await?.iter().any(|c| c.id == channel) {
        return Ok(not_found());
    }
    let Some(connector) = shared.source.connector(app, &channel).await? else {
        return Ok(not_found());
    };
    let request = WebhookRequest::new(headers, body.to_vec());
    let event = match connector.verify_webhook(&request) {
        Ok(e) => e,
        Err(e) => {
            // The reason only: never the body, the headers' values or a secret.
            tracing::warn!(channel = %channel, reason = %e, "webhook refused");
            return Ok(match e {
                WebhookError::Unsupported => {
                    answer(StatusCode::NOT_FOUND, "this channel does not send webhooks")
                }
                WebhookError::Malformed(_) => {
                    answer(StatusCode::BAD_REQUEST, "the body cannot be read")
                }
                WebhookError::BadSignature
                | WebhookError::MissingHeader(_)
                | WebhookError::NoSecret => answer(StatusCode::UNAUTHORIZED, "not verified"),
            });
        }
    };
    let now = app.now();
    let mut tx = app.store.begin().await?;
    let first = tx
        .record_webhook_receipt(&channel, &event.dedup_id, now)
        .await?;
    tx.prune_webhook_receipts(now - chrono::Duration::days(RECEIPT_DAYS))
        .await?;
    tx.commit().await?;
    if !first {
        tracing::debug!(channel = %channel, "webhook already received; ignored");
        return Ok(answer(StatusCode::OK, "duplicate"));
    }
    shared.nudger.nudge(channel);
    Ok(answer(StatusCode::OK, "accepted"))
}
