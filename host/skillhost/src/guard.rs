//! HTTP-level limits around the routes, as tower layers: requests in progress at once
//! (beyond them, requests are shed at once rather than queued), and a time limit on each
//! request. They wrap [`skillhost_server::router`] from outside, so that the server knows
//! nothing of them and every route is covered.
//!
//! A shed or timed-out request is answered with HTTP 503, a `Retry-After` header and a
//! JSON-RPC error (`-32603`, with an `ErrorInfo` whose `retryAfterSeconds` says the same),
//! so that proxies and load balancers see the overload and JSON-RPC clients can read it.

use std::time::Duration;

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use skillhost_runtime::admission::RETRY_AFTER;
use skillhost_types::jsonrpc::ErrorResponse;
use skillhost_types::{A2aError, ErrorKind};
use tower::{BoxError, ServiceBuilder};

/// The HTTP-level limits.
#[derive(Debug, Clone)]
pub struct HttpLimits {
    /// Requests handled at once; more are refused at once with 503. A stream counts only
    /// until its headers are sent; a blocking `SendMessage` until its answer. Default 1024.
    pub max_requests: usize,
    /// Longest a request may take, body included; a blocking `SendMessage` still waiting
    /// then gets 503 (its task goes on: read it with `GetTask`). Default 300 s.
    pub request_timeout: Duration,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            max_requests: 1024,
            request_timeout: Duration::from_secs(300),
        }
    }
}

/// `router` behind the limits.
pub fn guard(router: Router, limits: &HttpLimits) -> Router {
    let timeout = limits.request_timeout;
    router.layer(
        ServiceBuilder::new()
            .layer(HandleErrorLayer::new(move |e: BoxError| refuse(e, timeout)))
            .load_shed()
            .concurrency_limit(limits.max_requests)
            .timeout(timeout),
    )
}

async fn refuse(error: BoxError, timeout: Duration) -> Response {
    let message = if error.is::<tower::timeout::error::Elapsed>() {
        format!(
            "the request took longer than {} s; retry later (a task it started goes on)",
            timeout.as_secs()
        )
    } else if error.is::<tower::load_shed::error::Overloaded>() {
        "the server handles as many requests as it may; retry later".to_string()
    } else {
        tracing::error!(error = %error, "request failed in the HTTP layers");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let retry = RETRY_AFTER.as_secs().to_string();
    let error = A2aError::new(ErrorKind::Internal, message).with("retryAfterSeconds", &retry);
    let body = ErrorResponse {
        jsonrpc: "2.0",
        id: &Value::Null,
        error: error.to_error_object(),
    };
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        ),
        (
            header::RETRY_AFTER,
            HeaderValue::from_str(&retry).unwrap_or(HeaderValue::from_static("1")),
        ),
    ];
    let json = serde_json::to_vec(&body).unwrap_or_default();
    (StatusCode::SERVICE_UNAVAILABLE, headers, json).into_response()
}
