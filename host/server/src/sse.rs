//! Server-Sent Events: the one place where stream events are framed. Each event is one
//! `data:` line holding a JSON document (a JSON-RPC response, or a bare `StreamResponse` on
//! the HTTP+JSON binding) and, for an event of a task, an `id:` line with its sequence number
//! in the task's log, which a client sends back as `Last-Event-ID` to resume after it.
//! Keep-alive comments flow while the stream is quiet, and the response ends when the
//! stream does.

use std::convert::Infallible;
use std::time::Duration;

use axum::http::{HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::{Stream, StreamExt};
use serde_json::value::RawValue;

use crate::version::Version;

/// One event to send: its place in the task's log (0: none, as for a direct reply) and its
/// JSON document.
pub(crate) struct Frame {
    /// The SSE `id:`.
    pub id: u64,
    /// The `data:`.
    pub data: Box<RawValue>,
}

/// Streams `events` as an SSE response.
pub(crate) fn respond(
    events: impl Stream<Item = Frame> + Send + 'static,
    keep_alive: Duration,
    version: Version,
) -> Response {
    let open = crate::metrics::StreamOpen::start();
    let frames = events.map(move |frame| {
        // The stream owns the count: it drops with the stream, however the stream ends.
        let _ = &open;
        let event = Event::default().data(frame.data.get());
        Ok::<_, Infallible>(match frame.id {
            0 => event,
            id => event.id(id.to_string()),
        })
    });
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
