//! The inspector's token check: every API request carries `Authorization: Bearer <token>`
//! when a token is configured. Tokens are compared by their SHA-256 digests, so the time a
//! comparison takes says nothing about how much of a guess was right.

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
            return true;
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
        "error": "the inspector needs its token: Authorization: Bearer <token>"
    }));
    let mut response = (StatusCode::UNAUTHORIZED, body).into_response();
    let challenge = header::HeaderValue::from_static("Bearer realm=\"skillhost-inspector\"");
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, challenge);
    response
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}
