//! The HTTP surface: the Agent Card, and A2A over JSON-RPC 2.0 and HTTP+JSON, with SSE
//! streams.
//!
//! Every request becomes one typed call of the one dispatch, which calls the [`TaskManager`];
//! the bindings and protocol versions are thin adapters at the edge. Malformed input of any
//! kind gets a protocol error (never a framework 4xx), and internal causes are logged, not
//! sent.
//!
//! # Layout
//! - [`router`]: the routes; build one with an [`AppState`].
//! - `auth`: who is calling ([`Authenticator`], from an [`AuthConfig`]): API keys and
//!   bearer JWTs, the 401 challenge, the card's security schemes.
//! - `card`: the Agent Card (`/.well-known/agent-card.json`) and its 0.3 shape
//!   (`/.well-known/agent.json`), with ETag, Cache-Control, Last-Modified and Vary.
//! - `jsonrpc`: `POST /`: the JSON-RPC binding.
//! - `rest`: the HTTP+JSON binding: every other path.
//! - `version`: which A2A version a request speaks; `names`: each version's method names.
//! - `dispatch`: the typed call every binding produces, and the one dispatch.
//! - `methods`: one function per A2A method, all of the same shape.
//! - `render`: replies and stream events in the caller's version.
//! - `http`: content types, bounded bodies, JSON responses; `sse`: stream framing.
//! - `error`: from task errors to A2A errors.
//! - [`inspector`]: the operator's live page at `/inspector` (off unless mounted).
//! - [`metrics`]: requests, latency and open streams; `GET /metrics`.

mod auth;
mod card;
mod dispatch;
mod error;
mod http;
pub mod inspector;
mod jsonrpc;
mod methods;
pub mod metrics;
mod names;
mod render;
mod rest;
mod sse;
mod version;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use skillhost_push::Pusher;
use skillhost_registry::Registry;
use skillhost_tasks::TaskManager;
use skillhost_types::ErrorMapping;

pub use auth::{ApiKey, ApiKeyConfig, AuthConfig, Authenticator, JwksConfig, JwtConfig};
pub use card::CardConfig;
pub use inspector::InspectorConfig;

/// What the routes share.
#[derive(Clone)]
pub struct AppState {
    /// The task engine.
    pub manager: TaskManager,
    /// The skills, for the Agent Card.
    pub registry: Arc<Registry>,
    /// How the Agent Card presents this host.
    pub card: Arc<CardConfig>,
    /// How the HTTP surface behaves.
    pub limits: ServerLimits,
    /// Who may call: every A2A call is authenticated by it (the card is public).
    pub auth: Arc<Authenticator>,
    /// The push notification deliverer: told when a config is set or deleted.
    pub push: Pusher,
    /// Renders the metrics for `GET /metrics` on this router; `None`: no such route.
    pub metrics: Option<metrics::Scrape>,
}

/// How the HTTP surface behaves: bounds on what a client may send, streams, error statuses.
#[derive(Debug, Clone)]
pub struct ServerLimits {
    /// Largest request body; larger bodies get -32600. Default 8 MiB.
    pub max_body_bytes: usize,
    /// Interval of SSE keep-alive comments on quiet streams. Default 15 s.
    pub keep_alive: Duration,
    /// The edition of the spec's error to HTTP status table the HTTP+JSON binding follows.
    /// Default 1.0.0, the one the conformance suite checks.
    pub error_mapping: ErrorMapping,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            max_body_bytes: 8 << 20,
            keep_alive: Duration::from_secs(15),
            error_mapping: ErrorMapping::default(),
        }
    }
}

/// The routes: the Agent Card, JSON-RPC at `/`, the HTTP+JSON paths (every other path), and
/// `/healthz` for load balancers, and `/metrics` when the state has a [`metrics::Scrape`].
/// Both bindings authenticate each call themselves (before reading its body); layers such
/// as limits wrap the returned router from outside.
pub fn router(state: AppState) -> Router {
    let router = Router::new()
        .route("/.well-known/agent-card.json", get(card::agent_card))
        .route("/.well-known/agent.json", get(card::legacy_card))
        .route("/", post(jsonrpc::handle))
        .route("/healthz", get(|| async { "ok" }));
    let router = match state.metrics {
        Some(_) => router.route("/metrics", get(metrics::scrape)),
        None => router,
    };
    router.fallback(rest::handle).with_state(state)
}
