//! Trace context at the host's edges (W3C Trace Context, <https://www.w3.org/TR/trace-context/>).
//!
//! In: [`requests`] opens the `request` span around every HTTP request; an incoming
//! `traceparent` (with its `tracestate`) becomes its parent, so the caller's trace goes on
//! here. The server fills in the A2A `method` and `binding` once it has read the call.
//!
//! Out: [`traceparent`] is the header value for the current span, for a call the host makes
//! on a skill's behalf. Skills make no outbound HTTP calls yet (that comes with grants, issue
//! 8); the grant's HTTP client is meant to send this header on each request.

use axum::extract::Request;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use opentelemetry::propagation::{Extractor, Injector, TextMapPropagator};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use tracing::Instrument;
use tracing::field::Empty;
use tracing_opentelemetry::OpenTelemetrySpanExt;

/// `router` with a `request` span around each request. Only worth it when spans are
/// exported: the binary adds it then, and only then.
pub fn requests(router: axum::Router) -> axum::Router {
    router.layer(axum::middleware::from_fn(request_span))
}

async fn request_span(request: Request, next: Next) -> Response {
    let span = tracing::info_span!(
        "request",
        otel.kind = "server",
        http.request.method = %request.method(),
        url.path = request.uri().path(),
        method = Empty,
        binding = Empty,
    );
    let parent = TraceContextPropagator::new().extract(&Headers(request.headers()));
    // Fails only when no OpenTelemetry layer is installed: then there is nothing to parent.
    let _ = span.set_parent(parent);
    next.run(request).instrument(span).await
}

/// The `traceparent` header value that continues the current span's trace, if it is one.
/// The hook for outbound calls made for a skill (see the module doc).
pub fn traceparent() -> Option<String> {
    let context = tracing::Span::current().context();
    let mut headers = Carrier(None);
    TraceContextPropagator::new().inject_context(&context, &mut headers);
    headers.0
}

/// Request headers as the propagator reads them.
struct Headers<'a>(&'a HeaderMap);

impl Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|v| v.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|k| k.as_str()).collect()
    }
}

/// Keeps only `traceparent` of what the propagator writes.
struct Carrier(Option<String>);

impl Injector for Carrier {
    fn set(&mut self, key: &str, value: String) {
        if key == "traceparent" {
            self.0 = Some(value);
        }
    }
}
