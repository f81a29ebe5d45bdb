//! The inspector's token check: every API request carries `Authorization: Bearer <token>`
//! when a token is configured. Tokens are compared by their SHA-256 digests, so the time a
//! comparison takes says nothing about how much of a guess was right.
//!
//! Without a token (allowed on a loopback listener only) a request must also be addressed
//! to a loopback name (`Host: localhost`, `127.0.0.1`, `[::1]`): a web page that rebinds its
//! own DNS name to 127.0.0.1 could otherwise read every owner's tasks through a browser on
//! this machine.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// The configured token, as a digest; `None`: open.
#[derive(Clone)]
pub(super) struct Gate {
    digest: Option<Arc<[u8; 32]>>,
}

impl Gate {
    pub(super) fn new(token: Option<String>) -> Self {
        Self {
            digest: token.map(|t| Arc::new(digest(t.as_bytes()))),
        }
    }

    fn admits(&self, headers: &HeaderMap) -> bool {
        let Some(expected) = &self.digest else {
            return addressed_to_loopback(headers);
        };
        bearer(headers).is_some_and(|given| digest(given.as_bytes()) == **expected)
    }
}

/// Passes a request that carries the token (or any, when none is configured); answers the
/// rest 401.
pub(super) async fn check(State(gate): State<Gate>, request: Request, next: Next) -> Response {
    if gate.admits(request.headers()) {
        return next.run(request).await;
    }
    let body = axum::Json(serde_json::json!({
        "error": "the inspector needs its token (Authorization: Bearer <token>), or, without one, a request addressed to localhost"
    }));
    let mut response = (StatusCode::UNAUTHORIZED, body).into_response();
    let challenge = header::HeaderValue::from_static("Bearer realm=\"skillhost-inspector\"");
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, challenge);
    response
}

/// Whether the `Host` header names this machine's loopback (any port).
fn addressed_to_loopback(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}
