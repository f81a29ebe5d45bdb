//! The inspector: a live page for operators at `/inspector`, and the JSON and SSE endpoints
//! under `/inspector/api/` it reads. It shows the loaded plugins with their skills and
//! limits, the newest tasks of every owner, one task's events as they stream, and a form
//! that sends a message to a skill.
//!
//! Off unless the host mounts [`router`] (see `skillhost::inspector` for the config). The
//! page is plain HTML, CSS and JavaScript compiled into the binary (`assets/`): no build
//! step, nothing fetched from elsewhere, so it works offline.
//!
//! # Access
//! The API sees every owner's tasks, so with a token configured each API request must carry
//! it as `Authorization: Bearer <token>`; without one (the host allows that on a loopback
//! listener only) the API is open. The page itself is a static shell with no data in it:
//! it is served to anyone, reads the token from its URL fragment
//! (`/inspector#token=…`, never sent to the server nor kept in logs), keeps it in the tab's
//! `sessionStorage` and sends it as that header. Messages sent from the form run as the
//! principal [`PRINCIPAL`], so their tasks are told apart from every client's.
//!
//! # Layout
//! - `api`: the endpoints, calling the [`TaskManager`](skillhost_tasks::TaskManager) and the
//!   registry directly (the layer the A2A methods call).
//! - `access`: the token check.

mod access;
mod api;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::AppState;

/// The principal that owns tasks started from the inspector's form.
pub const PRINCIPAL: &str = "inspector";

/// How the inspector is reached.
#[derive(Clone, Default)]
pub struct InspectorConfig {
    /// The admin token every API request must carry; `None`: the API is open (a loopback
    /// listener only: the host's config refuses it otherwise).
    pub token: Option<String>,
}

impl std::fmt::Debug for InspectorConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token never reaches a log.
        f.debug_struct("InspectorConfig")
            .field("token", &self.token.as_ref().map(|_| "…"))
            .finish()
    }
}

/// The inspector's routes, to merge into the host's router.
pub fn router(state: AppState, config: InspectorConfig) -> Router {
    let api = Router::new()
        .route("/plugins", get(api::plugins))
        .route("/tasks", get(api::tasks))
        .route("/tasks/{id}", get(api::task))
        .route("/tasks/{id}/events", get(api::events))
        .route("/send", post(api::send))
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(
            access::Gate::new(config.token),
            access::check,
        ))
        .with_state(state);
    Router::new()
        .route("/inspector", get(page))
        .route("/inspector/", get(page))
        .route("/inspector/app.js", get(script))
        .route("/inspector/style.css", get(style))
        .nest("/inspector/api", api)
}

async fn page() -> Response {
    asset(
        "text/html; charset=utf-8",
        include_str!("assets/index.html"),
    )
}

async fn script() -> Response {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("assets/app.js"),
    )
}

async fn style() -> Response {
    asset("text/css; charset=utf-8", include_str!("assets/style.css"))
}

/// A page asset, locked down: only this origin's own scripts and styles run, no framing,
/// no referrer (the URL's fragment holds the token, but a referrer would name the page).
fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    let csp = "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'";
    for (name, value) in [
        (header::CONTENT_TYPE, content_type),
        (header::CONTENT_SECURITY_POLICY, csp),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}
