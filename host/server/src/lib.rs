//! The HTTP surface: the Agent Card and A2A 1.0 over JSON-RPC 2.0, with SSE streams.
//!
//! Every request is turned into one typed call on the [`TaskManager`]; this crate owns the
//! wire formats and nothing else. Malformed input of any kind is answered with HTTP 200 and
//! a JSON-RPC error, never with a framework 4xx, and internal causes are logged, not sent.
//!
//! # Layout
//! - [`router`]: the routes; build one with an [`AppState`].
//! - `card`: `GET /.well-known/agent-card.json`, with ETag, Cache-Control, Last-Modified.
//! - `rpc`: `POST /`: content type, body, envelope, `A2A-Version`, then dispatch.
//! - `methods`: one function per A2A method, all of the same shape.
//! - `sse`: task streams as Server-Sent Events.
//! - `error`: the one table from task errors to A2A errors.

mod card;
mod error;
mod methods;
mod rpc;
mod sse;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use skillhost_registry::Registry;
use skillhost_tasks::TaskManager;

pub use card::CardConfig;

/// What the routes share.
#[derive(Clone)]
pub struct AppState {
    /// The task engine.
    pub manager: TaskManager,
    /// The skills, for the Agent Card.
    pub registry: Arc<Registry>,
    /// How the Agent Card presents this host.
    pub card: Arc<CardConfig>,
    /// Bounds on requests.
    pub limits: ServerLimits,
}

/// Bounds on what a client may send and how streams behave.
#[derive(Debug, Clone)]
pub struct ServerLimits {
    /// Largest request body; larger bodies get -32600. Default 8 MiB.
    pub max_body_bytes: usize,
    /// Interval of SSE keep-alive comments on quiet streams. Default 15 s.
    pub keep_alive: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            max_body_bytes: 8 << 20,
            keep_alive: Duration::from_secs(15),
        }
    }
}

/// The routes: the Agent Card, JSON-RPC at `/`, and `/healthz` for load balancers.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/.well-known/agent-card.json", get(card::agent_card))
        .route("/", post(rpc::handle))
        .route("/healthz", get(|| async { "ok" }))
        .with_state(state)
}
