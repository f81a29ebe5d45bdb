//! The inspector's endpoints: JSON answers and SSE streams, each a call of the task manager
//! or the registry, the layer the A2A methods call too.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::Stream;
use serde::Deserialize;
use serde_json::{Value, json};
use skillhost_registry::Skill;
use skillhost_tasks::store::Summary;
use skillhost_tasks::{TaskError, TaskStream};
use skillhost_types::request::SendMessageRequest;
use skillhost_types::timestamp;

use super::PRINCIPAL;
use crate::AppState;
use crate::sse::{self, Frame};
use crate::version::Version;

/// Tasks a listing shows unless `?limit=` asks for another number (the store caps it).
const DEFAULT_TASKS: usize = 50;

/// What the page shows for grants until skills can be granted anything.
const NO_GRANTS: &str = "none (deny by default)";

/// `GET /inspector/api/plugins`: each plugin with its skills, version and limits.
pub(super) async fn plugins(State(state): State<AppState>) -> Response {
    let catalog = state.registry.catalog();
    let mut plugins: Vec<Value> = Vec::new();
    let mut last: Option<&str> = None;
    for skill in catalog.skills() {
        if last != Some(skill.plugin.name()) {
            plugins.push(plugin(skill));
            last = Some(skill.plugin.name());
        }
        if let Some(Value::Array(skills)) = plugins.last_mut().and_then(|p| p.get_mut("skills")) {
            skills.push(json!({
                "id": skill.card.id, "name": skill.card.name,
                "description": skill.card.description, "tags": skill.card.tags,
            }));
        }
    }
    let default = catalog.default_skill().map(|s| s.card.id.clone());
    Json(json!({"plugins": plugins, "defaultSkill": default, "host": env!("CARGO_PKG_VERSION")}))
        .into_response()
}

/// A plugin's entry, its skills still to be added.
fn plugin(skill: &Skill) -> Value {
    let l = skill.plugin.limits();
    json!({
        "name": skill.plugin.name(),
        "component": &*skill.component,
        "skills": [],
        "grants": NO_GRANTS,
        "limits": {
            "fuel": l.fuel, "memoryBytes": l.memory_bytes,
            "deadlineMs": l.deadline.as_millis() as u64, "stackBytes": l.stack_bytes,
            "maxEvents": l.max_events, "maxEventBytes": l.max_event_bytes,
            "maxLogBytes": l.max_log_bytes, "maxConcurrentRuns": l.max_concurrent_runs,
            "maxQueuedRuns": l.max_queued_runs,
        },
    })
}

#[derive(Deserialize)]
pub(super) struct Listing {
    limit: Option<usize>,
}

/// `GET /inspector/api/tasks?limit=N`: the newest tasks of every owner.
pub(super) async fn tasks(State(state): State<AppState>, Query(q): Query<Listing>) -> Response {
    match state.manager.recent(q.limit.unwrap_or(DEFAULT_TASKS)).await {
        Ok(tasks) => {
            Json(json!({"tasks": tasks.iter().map(summary).collect::<Vec<_>>()})).into_response()
        }
        Err(e) => failure(e),
    }
}

/// `GET /inspector/api/tasks/{id}`: one task of any owner, whole.
pub(super) async fn task(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match state.manager.inspect(&id).await {
        Ok((s, task)) => Json(json!({"summary": summary(&s), "task": task})).into_response(),
        Err(e) => failure(e),
    }
}

/// `GET /inspector/api/tasks/{id}/events`: the task's events from its start, or after the
/// `Last-Event-ID` the client sends, as SSE.
pub(super) async fn events(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let after = match crate::http::last_event_id(&headers).map(|v| v.parse::<u64>()) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return refuse(StatusCode::BAD_REQUEST, "Last-Event-ID is not a number"),
    };
    match state.manager.follow(&id, after).await {
        Ok(stream) => respond(stream, &state),
        Err(e) => failure(e),
    }
}

/// `POST /inspector/api/send`: a `SendMessageRequest` (A2A 1.0 JSON), sent as the
/// inspector's principal; the answer is its stream.
pub(super) async fn send(State(state): State<AppState>, body: Bytes) -> Response {
    let req: SendMessageRequest = match serde_json::from_slice(&body) {
        Ok(req) => req,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, &format!("not a request: {e}")),
    };
    match state.manager.send_streaming(PRINCIPAL, req).await {
        Ok(stream) => respond(stream, &state),
        Err(e) => failure(e),
    }
}

/// Anything else under `/inspector/api/`.
pub(super) async fn not_found() -> Response {
    refuse(StatusCode::NOT_FOUND, "no such inspector endpoint")
}

fn summary(s: &Summary) -> Value {
    json!({
        "id": s.id, "contextId": s.context_id, "skill": s.skill_id, "owner": s.owner,
        "state": s.state, "events": s.seq,
        "created": timestamp::from_micros(s.created_at),
        "updated": timestamp::from_micros(s.status_at),
        "durationMs": (s.status_at - s.created_at).max(0) / 1000,
    })
}

fn respond(stream: TaskStream, state: &AppState) -> Response {
    sse::respond(frames(stream), state.limits.keep_alive, Version::V1_0)
}

/// The stream's events as A2A 1.0 JSON, each with its place in the log; an error (the task
/// was evicted) as a last `{"error": …}`.
fn frames(stream: TaskStream) -> impl Stream<Item = Frame> + Send + 'static {
    futures::stream::unfold(stream, |mut stream| async move {
        let frame = match stream.next().await? {
            Ok(event) => {
                let data = serde_json::value::to_raw_value(&event.response()?).ok()?;
                Frame {
                    id: event.seq,
                    data,
                }
            }
            Err(e) => {
                let data = json!({"error": e.to_string()});
                Frame {
                    id: 0,
                    data: serde_json::value::to_raw_value(&data).ok()?,
                }
            }
        };
        Some((frame, stream))
    })
}

/// A task error as an answer: the client's mistakes by name, the host's logged.
fn failure(e: TaskError) -> Response {
    match e {
        TaskError::NotFound(id) | TaskError::Gone(id) => {
            refuse(StatusCode::NOT_FOUND, &format!("no task {id}"))
        }
        e @ (TaskError::Invalid(_) | TaskError::Route(_) | TaskError::ContentType { .. }) => {
            refuse(StatusCode::BAD_REQUEST, &e.to_string())
        }
        e @ (TaskError::Terminal { .. } | TaskError::Busy(_) | TaskError::NotCancelable { .. }) => {
            refuse(StatusCode::CONFLICT, &e.to_string())
        }
        e @ (TaskError::Overloaded(_) | TaskError::Capacity) => {
            refuse(StatusCode::SERVICE_UNAVAILABLE, &e.to_string())
        }
        e => {
            tracing::error!(error = %e, "inspector: task call failed");
            refuse(StatusCode::INTERNAL_SERVER_ERROR, "internal error (logged)")
        }
    }
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({"error": message}))).into_response()
}
