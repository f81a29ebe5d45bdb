//! `POST /`: the JSON-RPC 2.0 binding, a thin adapter between JSON-RPC and the dispatch.
//!
//! The checks run in a fixed order and each has its own error: the content type (-32005),
//! the body size (-32600), JSON syntax (-32700), the envelope (-32600), the version (-32009),
//! the method (-32601) and its params (-32602). All are HTTP 200 responses, as JSON-RPC over
//! HTTP prescribes; malformed input never gets a framework 4xx. The one exception comes
//! first: a call without valid credentials is a 401 with `WWW-Authenticate` (HTTP's own
//! answer, which every client's HTTP layer understands) and the JSON-RPC error -31401.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use futures::StreamExt;
use serde_json::Value;
use serde_json::value::RawValue;
use skillhost_types::jsonrpc::{self, ErrorResponse};
use skillhost_types::{A2aError, ErrorKind, Principal};

use crate::dispatch::{Binding, Call, Reply, dispatch};
use crate::render::{Item, Writer};
use crate::sse::Frame;
use crate::version::{self, Version};
use crate::{AppState, auth, http, metrics, names, sse};

pub(crate) async fn handle(State(state): State<AppState>, request: Request) -> Response {
    let started = Instant::now();
    match admit(&state, request).await {
        Ok((id, call)) => respond(&state, id, call).await,
        Err((id, e, version)) => {
            metrics::rejected(Binding::JsonRpc, &e, started);
            auth::challenge(&state.auth, &e, error(&id, &e, version))
        }
    }
}

/// A request refused before its call: the error, and the id and version to answer in.
type Refused = (Value, A2aError, Version);

/// Reads a request into its call, checking in the order of the module doc.
async fn admit(state: &AppState, request: Request) -> Result<(Value, Call), Refused> {
    let (parts, body) = request.into_parts();
    let v1 = |e: A2aError| (Value::Null, e, Version::V1_0);
    // Before the body is read: an unauthenticated caller costs no more than its headers.
    let principal = state.auth.authenticate(&parts.headers).await.map_err(v1)?;
    http::check_content_type(&parts.headers).map_err(v1)?;
    let bytes = http::read_body(body, state.limits.max_body_bytes)
        .await
        .map_err(v1)?;
    let request = parse(&bytes).map_err(v1)?;
    let rpc = request.validate().map_err(|(why, id)| {
        let e = A2aError::new(ErrorKind::InvalidRequest, why);
        (id, e, Version::V1_0)
    })?;
    let params = rpc.params.map_or("{}", RawValue::get);
    match call(&parts, rpc.method, params, principal) {
        Ok(call) => Ok((rpc.id, call)),
        Err((e, version)) => Err((rpc.id, e, version)),
    }
}

/// Runs the call and writes its reply as a JSON-RPC response or a stream of them.
async fn respond(state: &AppState, id: Value, call: Call) -> Response {
    let writer = Writer::for_call(&call);
    let version = writer.version();
    match dispatch(state, call).await {
        Ok(Reply::Result(answer)) => match writer.result(&answer) {
            Ok(result) => ok(&id, &result, version),
            Err(e) => error(&id, &e, version),
        },
        Ok(Reply::Stream(stream)) => {
            let events = writer
                .events(stream, state.manager.clone())
                .filter_map(move |item| std::future::ready(frame(&id, item)));
            sse::respond(events, state.limits.keep_alive, version)
        }
        Err(e) => auth::challenge(&state.auth, &e, error(&id, &e, version)),
    }
}

/// A stream event as a JSON-RPC response (or error response) to the streaming call.
fn frame(id: &Value, item: Item) -> Option<Frame> {
    let data = match item.data {
        Ok(event) => serde_json::value::to_raw_value(&jsonrpc::Response::new(id, &event)),
        Err(e) => serde_json::value::to_raw_value(&ErrorResponse {
            jsonrpc: "2.0",
            id,
            error: e.to_error_object(),
        }),
    };
    // Our own types always serialize; if one ever did not, the event is left out.
    let data = data.ok()?;
    Some(Frame { id: item.seq, data })
}

/// The operation a method and its params name, and the version it speaks. On error, also
/// the version to answer in.
fn call(
    parts: &Parts,
    method: &str,
    params: &str,
    principal: Principal,
) -> Result<Call, (A2aError, Version)> {
    let (parser, version) = match names::v0_1(method) {
        // 0.1 clients predate A2A-Version: their methods are known by name alone.
        Some(parser) => (Ok(parser), Version::V0_1),
        None => {
            let version = version::requested(&parts.headers, parts.uri.query())
                .map_err(|e| (e, Version::V1_0))?;
            names::lookup(method, version)
        }
    };
    let op = parser.and_then(|parse| parse(params));
    Ok(Call {
        principal,
        op: op.map_err(|e| (e, version))?,
        version,
        binding: Binding::JsonRpc,
        last_event_id: http::last_event_id(&parts.headers),
        host: http::host(&parts.headers),
    })
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

fn ok(id: &Value, result: &RawValue, version: Version) -> Response {
    let body = jsonrpc::Response::new(id, result);
    http::json(StatusCode::OK, "application/json", version, &body)
}

/// A JSON-RPC error response (HTTP 200).
fn error(id: &Value, e: &A2aError, version: Version) -> Response {
    let body = ErrorResponse {
        jsonrpc: "2.0",
        id,
        error: e.to_error_object(),
    };
    http::json(StatusCode::OK, "application/json", version, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

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
