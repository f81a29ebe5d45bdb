//! Task streams as Server-Sent Events: one `data:` line per event, each a complete JSON-RPC
//! response whose result is a `StreamResponse`; keep-alive comments while quiet; the
//! response ends when the stream does.

use std::convert::Infallible;
use std::time::Duration;

use axum::http::{HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use skillhost_tasks::TaskStream;
use skillhost_types::jsonrpc;

use crate::rpc::SUPPORTED_VERSION;

pub(crate) fn respond(id: Value, stream: TaskStream, keep_alive: Duration) -> Response {
    let events = futures::stream::unfold((stream, id), |(mut stream, id)| async move {
        let event = stream.next().await?;
        let frame = Event::default().json_data(jsonrpc::Response::new(&id, &*event));
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
