//! Server-Sent Events: the one place where stream events are framed. Each event is one
//! `data:` line holding a JSON document (a JSON-RPC response, or a bare `StreamResponse` on
//! the HTTP+JSON binding); keep-alive comments flow while the stream is quiet, and the
//! response ends when the stream does.

use std::convert::Infallible;
use std::time::Duration;

use axum::http::{HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::{Stream, StreamExt};
use serde_json::value::RawValue;

use crate::version::Version;

/// Streams `events` (each a JSON document) as an SSE response.
pub(crate) fn respond(
    events: impl Stream<Item = Box<RawValue>> + Send + 'static,
    keep_alive: Duration,
    version: Version,
) -> Response {
    let frames = events.map(|data| Ok::<_, Infallible>(Event::default().data(data.get())));
    let mut response = Sse::new(frames)
        .keep_alive(KeepAlive::new().interval(keep_alive))
        .into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // Tells nginx-like proxies not to buffer the stream.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    headers.insert("a2a-version", HeaderValue::from_static(version.as_str()));
    response
}
