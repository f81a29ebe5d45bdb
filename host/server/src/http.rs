//! What both bindings do with HTTP: check the content type, read a bounded body, and answer
//! with JSON in the media type the client asked for.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Limited};
use serde::Serialize;
use skillhost_types::{A2aError, ErrorKind};

use crate::version::Version;

/// A2A's own JSON media type, which HTTP+JSON clients may prefer (A2A 1.0.1).
const A2A_JSON: &str = "application/a2a+json";

/// A body, if any, must be JSON: `application/json` or `application/a2a+json`. A request
/// that declares no type at all is given the benefit of the doubt.
pub(crate) fn check_content_type(headers: &HeaderMap) -> Result<(), A2aError> {
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
    if essence == "application/json" || essence == A2A_JSON {
        return Ok(());
    }
    let message = format!("unsupported Content-Type {essence:?}: send application/json");
    Err(A2aError::new(ErrorKind::ContentTypeNotSupported, message).with("contentType", essence))
}

/// The whole body, refused past `limit` bytes.
pub(crate) async fn read_body(body: Body, limit: usize) -> Result<Bytes, A2aError> {
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

/// The `Last-Event-ID` header, with which a client resumes a stream (read by the method
/// that resumes one, which refuses what it cannot parse).
pub(crate) fn last_event_id(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("last-event-id")?;
    // Not text: kept as is, so that the method that reads it refuses it.
    Some(value.to_str().unwrap_or("?").to_string())
}

/// The `Host` header, for URLs built from it.
pub(crate) fn host(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::HOST)?.to_str().ok()?;
    Some(value.to_string())
}

/// The media type to answer with: `application/a2a+json` if the client's `Accept` names
/// it, otherwise plain `application/json`, which every client reads.
pub(crate) fn answer_type(headers: &HeaderMap) -> &'static str {
    let accepts = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|m| m.split(';').next().unwrap_or("").trim() == A2A_JSON);
    if accepts {
        A2A_JSON
    } else {
        "application/json"
    }
}

/// A JSON response with `status`, in `media_type`, echoing the version it speaks.
pub(crate) fn json<T: Serialize>(
    status: StatusCode,
    media_type: &'static str,
    version: Version,
    body: &T,
) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => {
            let headers = [
                (header::CONTENT_TYPE, HeaderValue::from_static(media_type)),
                (
                    header::HeaderName::from_static("a2a-version"),
                    HeaderValue::from_static(version.as_str()),
                ),
            ];
            (status, headers, bytes).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "response serialization failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
