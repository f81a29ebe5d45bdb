//! What a refused caller is told (a 401 with one `WWW-Authenticate` challenge per scheme),
//! and how the card declares the schemes (`securitySchemes`, `securityRequirements`).

use std::collections::BTreeMap;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};
use skillhost_types::{A2aError, ErrorKind};

use super::{Authenticator, Refusal};

/// The realm of every challenge.
const REALM: &str = "skillhost";
/// The schemes' names in the card.
const API_KEY: &str = "apiKey";
const BEARER: &str = "bearer";

/// The A2A error for a refusal; its `scheme` and `reason` metadata pick the challenge.
pub(crate) fn unauthenticated(auth: &Authenticator, refusal: Refusal) -> A2aError {
    let e = A2aError::new(ErrorKind::Unauthenticated, "");
    match refusal {
        Refusal::Missing => A2aError {
            message: format!("this agent needs credentials: {}", wanted(auth)),
            ..e
        },
        Refusal::BadKey => A2aError {
            message: "the API key is not valid".into(),
            ..e
        }
        .with("scheme", API_KEY),
        Refusal::BadToken(why) => A2aError {
            message: format!("the bearer token is not valid: {why}"),
            ..e
        }
        .with("scheme", BEARER)
        .with("reason", why),
    }
}

fn wanted(auth: &Authenticator) -> String {
    let mut ways = Vec::new();
    if let Some(keys) = &auth.keys {
        ways.push(format!("an API key in the {} header", keys.header_name()));
    }
    if let Some(jwt) = &auth.jwt {
        let algs = jwt.algorithms().join(", ");
        ways.push(format!("a bearer JWT ({algs}) in Authorization"));
    }
    ways.join(" or ")
}

/// `response` as the 401 of an unauthenticated call: the status and the challenges. Any
/// other error's response is returned as it is.
pub(crate) fn challenge(auth: &Authenticator, e: &A2aError, mut response: Response) -> Response {
    if e.kind != ErrorKind::Unauthenticated {
        return response;
    }
    *response.status_mut() = StatusCode::UNAUTHORIZED;
    let headers = response.headers_mut();
    let scheme = e.metadata.get("scheme").map(String::as_str);
    if auth.jwt.is_some() {
        let mut value = format!("Bearer realm=\"{REALM}\"");
        if let (Some(BEARER), Some(reason)) = (scheme, e.metadata.get("reason")) {
            value.push_str(&format!(
                ", error=\"invalid_token\", error_description=\"{reason}\""
            ));
        }
        append(headers, &value);
    }
    if let Some(keys) = &auth.keys {
        let value = format!(
            "ApiKey realm=\"{REALM}\", header=\"{}\"",
            keys.header_name()
        );
        append(headers, &value);
    }
    response
}

fn append(headers: &mut axum::http::HeaderMap, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.append(header::WWW_AUTHENTICATE, value);
    }
}

/// The card's `securitySchemes` and `securityRequirements` (A2A 1.0 shapes): each scheme
/// alone is enough, so each is a requirement of its own. Empty without authentication.
pub(crate) fn security(auth: &Authenticator) -> (BTreeMap<String, Value>, Vec<Value>) {
    let mut schemes = BTreeMap::new();
    if let Some(keys) = &auth.keys {
        let scheme = json!({"apiKeySecurityScheme": {
            "description": "An API key issued by the host's operator.",
            "location": "header",
            "name": keys.header_name(),
        }});
        schemes.insert(API_KEY.to_string(), scheme);
    }
    if let Some(jwt) = &auth.jwt {
        let algs = jwt.algorithms().join(", ");
        let scheme = json!({"httpAuthSecurityScheme": {
            "description": format!("A JWT ({algs}) with the configured issuer and audience; its sub is the caller."),
            "scheme": "Bearer",
            "bearerFormat": "JWT",
        }});
        schemes.insert(BEARER.to_string(), scheme);
    }
    let requirements = (schemes.keys())
        .map(|name| json!({"schemes": {name: {"list": []}}}))
        .collect();
    (schemes, requirements)
}
