//! The Agent Card, built from the loaded skills on every request:
//!
//! - `GET /.well-known/agent-card.json`: the 1.0 card. A request that names
//!   `A2A-Version: 0.3` gets it with the 0.3 members added (`url`, `preferredTransport`, …),
//!   which readers of both versions understand. One that names no version gets the pure
//!   1.0 card: 1.0 clients and the conformance suite fetch it without the header and check
//!   it strictly, and most 0.3 clients never send one either.
//! - `GET /.well-known/agent.json`: the 0.3 card, at the path 0.1 and 0.2 clients fetch,
//!   and where a 0.3 client that validates cards strictly finds one it reads.
//!
//! Both carry `ETag` (a hash of the body), `Cache-Control`, `Last-Modified` (when the skills
//! were loaded) and `Vary` naming every request header the body is built from, and answer
//! `If-None-Match` with 304.

mod build;
mod extended;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};
use skillhost_types::compat::card::{UnionCard, endpoint, legacy, schemes};
use skillhost_types::{AgentCard, timestamp};

pub use build::CardConfig;
pub(crate) use extended::extended_card;

use crate::AppState;
use crate::version::{self, Version};

/// How long clients may cache the card. Short, because skills can change at run time.
const MAX_AGE: &str = "public, max-age=60";

pub(crate) async fn agent_card(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let catalog = state.registry.catalog();
    let built = build::card(&state.card, &catalog, &headers, &state.auth);
    let loaded = catalog.loaded_at().into();
    let vary = vary(true, built.from_host);
    if version::requested(&headers, None).ok() != Some(Version::V0_3) {
        return respond(&built.card, &headers, vary, loaded);
    }
    // A 0.3 reader validates `securitySchemes` in its own shape; 1.0's
    // `securityRequirements` it ignores.
    let card = AgentCard {
        security_schemes: schemes(&built.card),
        ..built.card.clone()
    };
    let union = UnionCard {
        card: &card,
        legacy: endpoint(&built.base, &built.card),
    };
    respond(&union, &headers, vary, loaded)
}

pub(crate) async fn legacy_card(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let catalog = state.registry.catalog();
    let built = build::card(&state.card, &catalog, &headers, &state.auth);
    let vary = vary(false, built.from_host);
    let card = legacy(&built.card, &built.base);
    respond(&card, &headers, vary, catalog.loaded_at().into())
}

/// The card as JSON with its caching headers, or 304 if the client has it.
fn respond<T: Serialize>(
    card: &T,
    headers: &HeaderMap,
    vary: &'static str,
    loaded: time::OffsetDateTime,
) -> Response {
    let body = match serde_json::to_vec(card) {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "agent card serialization failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let etag = etag(&body);
    let mut response = if has(headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, "application/json")], body).into_response()
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(MAX_AGE));
    if !vary.is_empty() {
        h.insert(header::VARY, HeaderValue::from_static(vary));
    }
    let last_modified = timestamp::http_date(loaded);
    for (name, value) in [(header::ETAG, etag), (header::LAST_MODIFIED, last_modified)] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            h.insert(name, value);
        }
    }
    response
}

/// The request headers a card is built from: `A2A-Version` picks its shape, `Host` its URLs
/// when no public URL is configured.
fn vary(by_version: bool, from_host: bool) -> &'static str {
    match (by_version, from_host) {
        (true, true) => "A2A-Version, Host",
        (true, false) => "A2A-Version",
        (false, true) => "Host",
        (false, false) => "",
    }
}

/// Whether `If-None-Match` lists `etag` (weakly compared, as RFC 9110 says for it) or `*`.
fn has(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| tag.trim())
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

fn etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vary_names_each_header_the_card_reads() {
        assert_eq!(vary(true, true), "A2A-Version, Host");
        assert_eq!(vary(false, true), "Host");
        assert_eq!(vary(false, false), "", "no Vary header at all");
    }

    #[test]
    fn if_none_match_takes_lists_weak_tags_and_a_star() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::IF_NONE_MATCH,
                HeaderValue::from_str(v).expect("valid"),
            );
            h
        };
        let tag = "\"abc\"";
        assert!(has(&with("\"abc\""), tag));
        assert!(has(&with("\"x\", W/\"abc\""), tag));
        assert!(has(&with("*"), tag));
        assert!(!has(&with("\"abd\""), tag));
        assert!(!has(&HeaderMap::new(), tag));
    }
}
