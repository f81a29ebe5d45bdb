//! Task streams as Server-Sent Events: one `data:` line per event, each a complete JSON-RPC
//! response whose result is a `StreamResponse`, and an `id:` line with the event's sequence
//! number in the task's log (what `Last-Event-ID` resumes from); keep-alive comments while
//! quiet; the response ends when the stream does. A stream that fails (its task was
//! evicted) ends with a JSON-RPC error event.

use std::convert::Infallible;
use std::time::Duration;

use axum::http::{HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use skillhost_tasks::{StreamEvent, TaskError, TaskStream};
use skillhost_types::jsonrpc::{self, ErrorResponse};

use crate::error::from_task;
use crate::rpc::SUPPORTED_VERSION;

pub(crate) fn respond(id: Value, stream: TaskStream, keep_alive: Duration) -> Response {
    let events = futures::stream::unfold((stream, id), |(mut stream, id)| async move {
        let frame = match stream.next().await? {
            Ok(event) => frame(&id, &event),
            Err(e) => failure(&id, e),
        };
        // Serializing our own types cannot fail; if it ever did, end the stream cleanly.
        let frame = frame
            .map_err(|e| tracing::error!(error = %e, "SSE serialization failed"))
            .ok()?;
        Some((Ok::<_, Infallible>(frame), (stream, id)))
    });
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(keep_alive))
        .into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // Tells nginx-like proxies not to buffer the stream.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    headers.insert("a2a-version", HeaderValue::from_static(SUPPORTED_VERSION));
    response
}

fn frame(id: &Value, event: &StreamEvent) -> Result<Event, axum::Error> {
    let data = Event::default().json_data(jsonrpc::Response::new(id, event.response()))?;
    // A direct reply has no task, so no place in a log to resume from.
    Ok(match event.seq {
        0 => data,
        seq => data.id(seq.to_string()),
    })
}

fn failure(id: &Value, e: TaskError) -> Result<Event, axum::Error> {
    let error = ErrorResponse {
        jsonrpc: "2.0",
        id,
        error: from_task(e).to_error_object(),
    };
    Event::default().json_data(error)
}
