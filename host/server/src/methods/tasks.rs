//! `GetTask`, `ListTasks`, `CancelTask` and `SubscribeToTask`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use skillhost_tasks::ListRequest;
use skillhost_tasks::store::ListQuery;
use skillhost_types::request::{
    CancelTaskRequest, GetTaskRequest, ListTasksRequest, ListTasksResponse, SubscribeToTaskRequest,
};
use skillhost_types::{A2aError, TaskState, timestamp};

use super::Outcome;
use crate::AppState;
use crate::dispatch::{Answer, Reply};
use crate::error::from_task;

/// `ListTasks` page size when none is given, and the largest allowed (A2A §3.1.4).
const DEFAULT_PAGE_SIZE: i32 = 50;
const MAX_PAGE_SIZE: i32 = 100;

pub(crate) async fn get(state: &AppState, owner: &str, req: GetTaskRequest) -> Outcome {
    let task = state
        .manager
        .get(owner, &req.id, req.history_length)
        .await
        .map_err(from_task)?;
    Ok(Reply::Result(Answer::Task(task)))
}

pub(crate) async fn cancel(state: &AppState, owner: &str, req: CancelTaskRequest) -> Outcome {
    let task = state.manager.cancel(owner, &req.id).await;
    let task = task.map_err(from_task)?;
    Ok(Reply::Result(Answer::Task(task)))
}

/// With `last_event_id` (the `Last-Event-ID` header: the `id:` of the last event the client
/// got), the stream resumes after that event instead of starting from the task.
pub(crate) async fn subscribe(
    state: &AppState,
    owner: &str,
    req: SubscribeToTaskRequest,
    last_event_id: Option<&str>,
) -> Outcome {
    let after = match last_event_id {
        None => None,
        Some(id) => Some(id.trim().parse().map_err(|_| {
            A2aError::invalid_params("Last-Event-ID must be an event id this server sent")
        })?),
    };
    let stream = state
        .manager
        .subscribe(owner, &req.id, after)
        .await
        .map_err(from_task)?;
    Ok(Reply::Stream(stream))
}

/// The caller's own tasks, with or without a `contextId`.
pub(crate) async fn list(state: &AppState, owner: &str, req: ListTasksRequest) -> Outcome {
    let (list, page_size) = list_request(req)?;
    let page = state.manager.list(owner, list).await.map_err(from_task)?;
    Ok(Reply::Result(Answer::Tasks(ListTasksResponse {
        tasks: page.tasks,
        next_page_token: page
            .next
            .map(|(ts, task)| encode_token(&ts, &task))
            .unwrap_or_default(),
        page_size,
        total_size: i32::try_from(page.total).unwrap_or(i32::MAX),
    })))
}

/// Checks `ListTasks` params and turns them into the engine's query.
///
/// What the listing is scoped to: a listing shows the tasks the caller may see (A2A
/// §3.1.4), which are the caller's own (the task manager scopes every listing to its
/// owner); `contextId`, `status` and `statusTimestampAfter` only narrow that down. Without
/// authentication every caller is the same anonymous principal and sees every task.
fn list_request(req: ListTasksRequest) -> Result<(ListRequest, i32), A2aError> {
    let page_size = req.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(1..=MAX_PAGE_SIZE).contains(&page_size) {
        return Err(A2aError::invalid_params(format!(
            "pageSize must be 1..={MAX_PAGE_SIZE}, got {page_size}"
        )));
    }
    let status_after = match req
        .status_timestamp_after
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(t) => Some(timestamp::normalize(t).ok_or_else(|| {
            A2aError::invalid_params(format!(
                "statusTimestampAfter {t:?} is not an RFC 3339 timestamp"
            ))
        })?),
    };
    let query = ListQuery {
        context_id: req.context_id.filter(|c| !c.is_empty()),
        state: req.status.filter(|s| *s != TaskState::Unspecified),
        status_after,
        after: req
            .page_token
            .as_deref()
            .filter(|t| !t.is_empty())
            .map(decode_token)
            .transpose()?,
        limit: page_size as usize,
    };
    let include_artifacts = req.include_artifacts.unwrap_or(false);
    Ok((
        ListRequest {
            query,
            history_length: req.history_length,
            include_artifacts,
        },
        page_size,
    ))
}

/// Page tokens are opaque to clients: the status timestamp and id of the last task shown.
fn encode_token(ts: &str, task_id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{ts}\n{task_id}"))
}

fn decode_token(token: &str) -> Result<(String, String), A2aError> {
    let invalid = || A2aError::invalid_params("pageToken is not a token this server issued");
    let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (ts, id) = text.split_once('\n').ok_or_else(invalid)?;
    Ok((ts.to_string(), id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_tokens_round_trip_and_garbage_is_refused() {
        let token = encode_token("2026-11-22T09:30:00.000000Z", "abc");
        assert_eq!(
            decode_token(&token).expect("ours"),
            ("2026-11-22T09:30:00.000000Z".into(), "abc".into())
        );
        assert!(decode_token("!!").is_err());
    }
}
