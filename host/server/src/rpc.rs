//! `POST /`: one JSON-RPC request in, one response (or an SSE stream) out.
//!
//! The checks run in a fixed order and each has its own error: the content type (-32005),
//! the body size (-32600), JSON syntax (-32700), the envelope (-32600), the `A2A-Version`
//! (-32009), the method (-32601) and its params (-32602). All are HTTP 200 responses.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Limited};
use serde::Serialize;
use serde_json::Value;
use skillhost_types::jsonrpc;
use skillhost_types::{A2aError, ErrorKind};

use crate::{AppState, error, methods};

/// The A2A versions this server speaks, as `Major.Minor`.
pub(crate) const SUPPORTED_VERSION: &str = "1.0";

pub(crate) async fn handle(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    if let Err(e) = check_content_type(&parts.headers) {
        return error::respond(&Value::Null, &e);
    }
    let bytes = match read_body(body, state.limits.max_body_bytes).await {
        Ok(bytes) => bytes,
        Err(e) => return error::respond(&Value::Null, &e),
    };
    let request = match parse(&bytes) {
        Ok(request) => request,
        Err(e) => return error::respond(&Value::Null, &e),
    };
    let call = match request.validate() {
        Ok(call) => call,
        Err((why, id)) => {
            return error::respond(&id, &A2aError::new(ErrorKind::InvalidRequest, why));
        }
    };
    if let Err(e) = check_version(&parts.headers, parts.uri.query()) {
        return error::respond(&call.id, &e);
    }
    methods::dispatch(&state, call, &parts.headers).await
}

/// JSON-RPC needs a JSON body: `application/json`, or A2A's `application/a2a+json`. A
/// request that declares no type at all is given the benefit of the doubt.
fn check_content_type(headers: &HeaderMap) -> Result<(), A2aError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Ok(());
    };
    let essence = value
        .to_str()
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence == "application/a2a+json" {
        return Ok(());
    }
    let message = format!("unsupported Content-Type {essence:?}: send application/json");
    Err(A2aError::new(ErrorKind::ContentTypeNotSupported, message).with("contentType", essence))
}

async fn read_body(body: Body, limit: usize) -> Result<axum::body::Bytes, A2aError> {
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(A2aError::new(
            ErrorKind::InvalidRequest,
            format!("request body is larger than {limit} bytes"),
        )),
        Err(_) => Err(A2aError::new(
            ErrorKind::InvalidRequest,
            "the request body could not be read",
        )),
    }
}

fn parse(bytes: &[u8]) -> Result<jsonrpc::Request<'_>, A2aError> {
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(A2aError::new(
            ErrorKind::InvalidRequest,
            "batch requests are not supported",
        ));
    }
    serde_json::from_slice(bytes).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => {
            A2aError::new(ErrorKind::InvalidRequest, "a request must be a JSON object")
        }
        _ => A2aError::new(ErrorKind::ParseError, format!("invalid JSON: {e}")),
    })
}

/// `A2A-Version` (header, or query parameter) names `Major.Minor`; a patch is ignored. No
/// version means 0.3 (A2A §3.6.2), which this server does not speak.
fn check_version(headers: &HeaderMap, query: Option<&str>) -> Result<(), A2aError> {
    let from_query = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .find_map(|kv| kv.strip_prefix("A2A-Version="));
    let requested = headers
        .get("a2a-version")
        .and_then(|v| v.to_str().ok())
        .or(from_query)
        .unwrap_or("")
        .trim();
    let mut numbers = requested.split('.');
    let major_minor = (numbers.next(), numbers.next());
    if major_minor == (Some("1"), Some("0")) {
        return Ok(());
    }
    let message = if requested.is_empty() {
        format!(
            "no A2A-Version given, which means 0.3; this server speaks {SUPPORTED_VERSION}: send A2A-Version: {SUPPORTED_VERSION}"
        )
    } else {
        format!(
            "A2A version {requested:?} is not supported; this server speaks {SUPPORTED_VERSION}"
        )
    };
    Err(A2aError::new(ErrorKind::VersionNotSupported, message)
        .with("requestedVersion", requested)
        .with("supportedVersions", SUPPORTED_VERSION))
}

/// A JSON body with the negotiated version echoed.
pub(crate) fn json_response<T: Serialize>(body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => {
            let headers = [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                ),
                (
                    header::HeaderName::from_static("a2a-version"),
                    HeaderValue::from_static(SUPPORTED_VERSION),
                ),
            ];
            (headers, bytes).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "response serialization failed");
            axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(version: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            "A2A-Version",
            HeaderValue::from_str(version).expect("valid header"),
        );
        h
    }

    #[test]
    fn versions_compare_major_minor_only() {
        assert!(check_version(&headers("1.0"), None).is_ok());
        assert!(check_version(&headers("1.0.3"), None).is_ok());
        assert!(check_version(&HeaderMap::new(), Some("x=1&A2A-Version=1.0")).is_ok());
        for bad in ["99.0", "0.3", "1", ""] {
            let e = check_version(&headers(bad), None).unwrap_err();
            assert_eq!(e.kind, ErrorKind::VersionNotSupported, "{bad}");
        }
        assert!(check_version(&HeaderMap::new(), None).is_err());
    }

    #[test]
    fn syntax_errors_and_shape_errors_differ() {
        assert_eq!(parse(b"{nope").unwrap_err().kind, ErrorKind::ParseError);
        assert_eq!(
            parse(b"\"text\"").unwrap_err().kind,
            ErrorKind::InvalidRequest
        );
        assert_eq!(parse(b" [{}]").unwrap_err().kind, ErrorKind::InvalidRequest);
    }
}
