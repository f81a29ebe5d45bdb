//! The HTTP+JSON binding (A2A §11), a thin adapter between REST and the dispatch: paths and
//! query parameters and JSON bodies in, JSON bodies or SSE streams of bare
//! `StreamResponse`s out, and errors as AIP-193 `google.rpc.Status` bodies with the HTTP
//! status of the error table ([`skillhost_types::ErrorKind::binding`]).
//!
//! The 0.1-era client scripts call 0.1 methods by name as paths (`POST /tasks/send` with the
//! params as the body, the result as the answer); those are served here too, in 0.1's
//! shapes.
//!
//! Tenants (`/{tenant}/…`) are accepted and passed on in each request's `tenant`; this host
//! keeps one task space, so a tenant does not partition tasks.

mod route;

use std::time::Instant;

use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use futures::StreamExt;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use skillhost_types::push::{ListPushConfigsRequest, PushConfigRequest, read_create};
use skillhost_types::request::{
    CancelTaskRequest, GetTaskRequest, ListTasksRequest, SendMessageRequest, SubscribeToTaskRequest,
};
use skillhost_types::{A2aError, ErrorKind, ErrorMapping, Metadata, Principal};

use crate::dispatch::{Binding, Call, Operation, Reply, dispatch};
use crate::render::{Item, Writer};
use crate::sse::Frame;
use crate::version::{self, Version};
use crate::{AppState, auth, http, metrics, names, sse};
use route::{Endpoint, Miss, Route};

pub(crate) async fn handle(State(state): State<AppState>, request: Request) -> Response {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let media_type = http::answer_type(&parts.headers);
    // Before the path is even routed: an unauthenticated caller learns nothing.
    let call = match state.auth.authenticate(&parts.headers).await {
        Ok(principal) => call(&state, &parts, body, principal).await,
        Err(e) => Err((e, Version::V1_0)),
    };
    match call {
        Ok(call) => respond(&state, call, media_type).await,
        Err((e, version)) => {
            metrics::rejected(Binding::HttpJson, &e, started);
            error(&state, &e, media_type, version)
        }
    }
}

/// Runs the call and writes its reply as a JSON body or an SSE stream.
async fn respond(state: &AppState, call: Call, media_type: &'static str) -> Response {
    let writer = Writer::for_call(&call);
    let version = writer.version();
    match dispatch(state, call).await {
        Ok(Reply::Result(answer)) => match writer.result(&answer) {
            Ok(body) => http::json(StatusCode::OK, media_type, version, &body),
            Err(e) => error(state, &e, media_type, version),
        },
        Ok(Reply::Stream(stream)) => {
            let mapping = state.limits.error_mapping;
            let events = writer
                .events(stream, state.manager.clone())
                .filter_map(move |item| std::future::ready(frame(item, mapping)));
            sse::respond(events, state.limits.keep_alive, version)
        }
        Err(e) => error(state, &e, media_type, version),
    }
}

/// A stream event as a bare `StreamResponse`, or as the AIP-193 error body that ends it.
fn frame(item: Item, mapping: ErrorMapping) -> Option<Frame> {
    let data = match item.data {
        Ok(event) => event,
        Err(e) => serde_json::value::to_raw_value(&e.to_http(mapping).1).ok()?,
    };
    Some(Frame { id: item.seq, data })
}

/// The call a request makes; on error, also the version to answer in.
async fn call(
    state: &AppState,
    parts: &Parts,
    body: Body,
    principal: Principal,
) -> Result<Call, (A2aError, Version)> {
    let v1 = |e| (e, Version::V1_0);
    let route = route::route(&parts.method, parts.uri.path()).map_err(|m| v1(miss(m, parts)))?;
    if let Endpoint::Legacy(method) = route.endpoint {
        let limit = state.limits.max_body_bytes;
        return legacy(method, parts, body, limit, principal).await;
    }
    let version = version::requested(&parts.headers, parts.uri.query()).map_err(v1)?;
    if version != Version::V1_0 {
        return Err((version::needs_1_0(version), version));
    }
    let op = operation(route, parts, body, state.limits.max_body_bytes)
        .await
        .map_err(v1)?;
    Ok(Call {
        principal,
        op,
        version,
        binding: Binding::HttpJson,
        last_event_id: http::last_event_id(&parts.headers),
        host: http::host(&parts.headers),
    })
}

/// Reads the operation's params from the path, the query and the body.
async fn operation(
    route: Route<'_>,
    parts: &Parts,
    body: Body,
    limit: usize,
) -> Result<Operation, A2aError> {
    let tenant = route.tenant.map(str::to_string);
    let id = |id: &str| id.to_string();
    Ok(match route.endpoint {
        Endpoint::Send => Operation::SendMessage(send_request(parts, body, limit, tenant).await?),
        Endpoint::Stream => {
            Operation::SendStreamingMessage(send_request(parts, body, limit, tenant).await?)
        }
        Endpoint::GetTask(task) => {
            let query: TaskQuery = query(parts)?;
            Operation::GetTask(GetTaskRequest {
                tenant,
                id: id(task),
                history_length: query.history_length,
            })
        }
        Endpoint::ListTasks => {
            let mut req: ListTasksRequest = query(parts)?;
            req.tenant = tenant.or(req.tenant);
            Operation::ListTasks(req)
        }
        Endpoint::Cancel(task) => {
            let body: CancelBody = json_body(parts, body, limit, true).await?;
            Operation::CancelTask(CancelTaskRequest {
                tenant,
                id: id(task),
                metadata: body.metadata,
            })
        }
        Endpoint::Subscribe(task) => Operation::SubscribeToTask(SubscribeToTaskRequest {
            tenant,
            id: id(task),
        }),
        Endpoint::PushConfigs(task) if parts.method == axum::http::Method::POST => {
            let raw: Box<RawValue> = json_body(parts, body, limit, false).await?;
            let mut config = read_create(raw.get())
                .map_err(|e| A2aError::invalid_params(format!("invalid body: {e}")))?;
            config.task_id = id(task);
            config.tenant = tenant.or(config.tenant);
            Operation::SetPushConfig(config)
        }
        Endpoint::PushConfigs(task) => {
            let page: PageQuery = query(parts)?;
            Operation::ListPushConfigs(ListPushConfigsRequest {
                tenant,
                task_id: id(task),
                page_size: page.page_size,
                page_token: page.page_token,
            })
        }
        Endpoint::PushConfig(task, config) => {
            let req = PushConfigRequest {
                tenant,
                task_id: id(task),
                id: Some(id(config)),
            };
            if parts.method == axum::http::Method::DELETE {
                Operation::DeletePushConfig(req)
            } else {
                Operation::GetPushConfig(req)
            }
        }
        Endpoint::ExtendedCard => Operation::GetExtendedAgentCard,
        // Answered by `legacy` before the version is even read.
        Endpoint::Legacy(_) => return Err(A2aError::internal()),
    })
}

/// A 0.1 method called by its name as a path, with its params as the body: the 0.1 shapes,
/// whatever `A2A-Version` says.
async fn legacy(
    method: &str,
    parts: &Parts,
    body: Body,
    limit: usize,
    principal: Principal,
) -> Result<Call, (A2aError, Version)> {
    let v0_1 = |e| (e, Version::V0_1);
    let params: Box<RawValue> = json_body(parts, body, limit, false).await.map_err(v0_1)?;
    let parse = names::v0_1(method).or_else(|| names::both(method));
    let op = match parse {
        Some(parse) => parse(params.get()).map_err(v0_1)?,
        None => return Err(v0_1(A2aError::internal())),
    };
    Ok(Call {
        principal,
        op,
        version: Version::V0_1,
        binding: Binding::HttpJson,
        last_event_id: None,
        host: http::host(&parts.headers),
    })
}

async fn send_request(
    parts: &Parts,
    body: Body,
    limit: usize,
    tenant: Option<String>,
) -> Result<SendMessageRequest, A2aError> {
    let mut req: SendMessageRequest = json_body(parts, body, limit, false).await?;
    req.tenant = tenant.or(req.tenant);
    Ok(req)
}

/// `GET /tasks/{id}` query parameters.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct TaskQuery {
    #[serde(alias = "history_length")]
    history_length: Option<i32>,
}

/// `GET /tasks/{id}/pushNotificationConfigs` query parameters.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct PageQuery {
    #[serde(alias = "page_size")]
    page_size: Option<i32>,
    #[serde(alias = "page_token")]
    page_token: Option<String>,
}

/// The optional body of `POST /tasks/{id}:cancel`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CancelBody {
    metadata: Option<Metadata>,
}

/// The JSON body as `T`; with `optional`, an empty body reads as `{}`.
async fn json_body<T: DeserializeOwned>(
    parts: &Parts,
    body: Body,
    limit: usize,
    optional: bool,
) -> Result<T, A2aError> {
    http::check_content_type(&parts.headers)?;
    let bytes = http::read_body(body, limit).await?;
    let text: &[u8] = if optional && bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        &bytes
    };
    serde_json::from_slice(text).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => A2aError::invalid_params(format!("invalid body: {e}")),
        _ => A2aError::new(ErrorKind::ParseError, format!("invalid JSON: {e}")),
    })
}

/// The query parameters as `T` (camelCase names; snake_case accepted).
fn query<T: DeserializeOwned>(parts: &Parts) -> Result<T, A2aError> {
    Query::<T>::try_from_uri(&parts.uri)
        .map(|Query(q)| q)
        .map_err(|e| A2aError::invalid_params(format!("invalid query parameters: {e}")))
}

fn miss(miss: Miss, parts: &Parts) -> A2aError {
    let (method, path) = (&parts.method, parts.uri.path());
    let message = match miss {
        Miss::NotFound => format!("no A2A endpoint at {path}"),
        Miss::MethodNotAllowed => format!("{path} does not take {method}"),
    };
    A2aError::new(ErrorKind::MethodNotFound, message).with("path", path)
}

/// An AIP-193 error response with the status of the error table (and, for a 401, the
/// challenges).
fn error(state: &AppState, e: &A2aError, media_type: &'static str, version: Version) -> Response {
    let (status, body) = e.to_http(state.limits.error_mapping);
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    auth::challenge(
        &state.auth,
        e,
        http::json(status, media_type, version, &body),
    )
}
