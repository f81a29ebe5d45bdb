//! The HTTP surface's metrics, declared once here (call sites are one line), and the
//! `GET /metrics` route that serves what a recorder renders. This crate records through the
//! `metrics` facade and renders through a [`Scrape`] it is handed: it knows no exporter.
//! [`describe`] runs after the binary installs its recorder.
//!
//! | metric | kind | labels | what |
//! | --- | --- | --- | --- |
//! | `skillhost_requests_total` | counter | `method`, `binding`, `outcome` | A2A calls answered |
//! | `skillhost_request_seconds` | histogram | `method`, `binding` | time to the answer (to the start of a stream) |
//! | `skillhost_streams_open` | gauge | | SSE streams open now |
//!
//! Labels are bounded: `method` is an A2A 1.0 method name, or `unknown` for a call refused
//! before its method was known to be one (no credentials, malformed, unknown method);
//! `binding` is `jsonrpc` or `rest`; `outcome` is `ok` or the error's A2A reason
//! (`TASK_NOT_FOUND`, `METHOD_NOT_FOUND`, `UNAUTHENTICATED`, ...).

use std::sync::Arc;
use std::time::Instant;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use metrics::{
    Unit, counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram,
};
use skillhost_types::A2aError;

use crate::AppState;
use crate::dispatch::Binding;

/// Renders every metric in the Prometheus text format (the installed recorder's view).
pub type Scrape = Arc<dyn Fn() -> String + Send + Sync>;

const REQUESTS: &str = "skillhost_requests_total";
const REQUEST_SECONDS: &str = "skillhost_request_seconds";
const STREAMS: &str = "skillhost_streams_open";

/// Declares the HTTP surface's metrics to the installed recorder.
pub fn describe() {
    describe_counter!(
        REQUESTS,
        "A2A calls answered, by method, binding and outcome."
    );
    describe_histogram!(
        REQUEST_SECONDS,
        Unit::Seconds,
        "Time to answer an A2A call (for a stream: to its start)."
    );
    describe_gauge!(STREAMS, "SSE streams open now.");
}

/// A call of `method` ended in `error` (or none) after it began at `started`.
pub(crate) fn request(
    method: &'static str,
    binding: Binding,
    error: Option<&A2aError>,
    started: Instant,
) {
    let outcome = error.map_or("ok", |e| e.kind.reason());
    let binding = label(binding);
    counter!(REQUESTS, "method" => method, "binding" => binding, "outcome" => outcome).increment(1);
    histogram!(REQUEST_SECONDS, "method" => method, "binding" => binding)
        .record(started.elapsed().as_secs_f64());
}

/// A request refused before it became a call of a known method.
pub(crate) fn rejected(binding: Binding, error: &A2aError, started: Instant) {
    request("unknown", binding, Some(error), started);
}

fn label(binding: Binding) -> &'static str {
    match binding {
        Binding::JsonRpc => "jsonrpc",
        Binding::HttpJson => "rest",
    }
}

/// Counts an SSE stream as open while it lives.
pub(crate) struct StreamOpen(());

impl StreamOpen {
    pub(crate) fn start() -> Self {
        gauge!(STREAMS).increment(1);
        Self(())
    }
}

impl Drop for StreamOpen {
    fn drop(&mut self) {
        gauge!(STREAMS).decrement(1);
    }
}

/// `GET /metrics`. Anyone may scrape while no auth scheme is configured; once one is, only
/// an authenticated caller (any principal; anonymous calls, even where A2A allows them, are
/// refused): the figures name skills and show traffic.
pub(crate) async fn scrape(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(render) = state.metrics.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if state.auth.enabled() {
        let principal = state.auth.authenticate(&headers).await;
        if !principal.is_ok_and(|p| p.is_authenticated()) {
            let refusal = crate::auth::Refusal::Missing;
            let e = crate::auth::unauthenticated(&state.auth, refusal);
            let body = (StatusCode::UNAUTHORIZED, "/metrics needs credentials\n").into_response();
            return crate::auth::challenge(&state.auth, &e, body);
        }
    }
    let text = "text/plain; version=0.0.4; charset=utf-8";
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(text))],
        render(),
    )
        .into_response()
}
