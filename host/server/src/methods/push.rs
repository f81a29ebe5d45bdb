//! The four push config methods, and registering the inline config of a `SendMessage`.
//!
//! Every task lookup goes through the task manager (`push_*`), which finds the task the way
//! every method does, so a task the caller may not see answers TaskNotFound here too. A
//! webhook URL is checked before anything is stored ([`Pusher::check_url`]), for a clear
//! early error; the deliverer checks it again on every delivery.

use std::time::Duration;

use skillhost_push::Pusher;
use skillhost_tasks::{TaskError, TaskManager};
use skillhost_types::A2aError;
use skillhost_types::push::{
    ListPushConfigsRequest, PushConfigRequest, TaskPushNotificationConfig,
};

use super::Outcome;
use crate::AppState;
use crate::dispatch::{Answer, Reply};
use crate::error::from_task;

pub(crate) async fn push_set(
    state: &AppState,
    owner: &str,
    config: TaskPushNotificationConfig,
) -> Outcome {
    if config.task_id.is_empty() {
        return Err(A2aError::invalid_params("taskId is required"));
    }
    check(&state.push, &config).await?;
    let max = state.push.settings().max_configs_per_task;
    let saved = state
        .manager
        .push_set(owner, config, false, max)
        .await
        .map_err(from_task)?;
    follow(&state.push, &saved).await;
    Ok(Reply::Result(Answer::PushConfig(saved)))
}

pub(crate) async fn push_get(state: &AppState, owner: &str, req: PushConfigRequest) -> Outcome {
    let config = state
        .manager
        .push_get(
            owner,
            &req.task_id,
            req.id.as_deref().filter(|id| !id.is_empty()),
        )
        .await
        .map_err(from_task)?;
    Ok(Reply::Result(Answer::PushConfig(config)))
}

pub(crate) async fn push_list(
    state: &AppState,
    owner: &str,
    req: ListPushConfigsRequest,
) -> Outcome {
    let configs = state
        .manager
        .push_list(owner, &req.task_id)
        .await
        .map_err(from_task)?;
    Ok(Reply::Result(Answer::PushConfigs(configs)))
}

pub(crate) async fn push_delete(state: &AppState, owner: &str, req: PushConfigRequest) -> Outcome {
    let Some(id) = req.id.filter(|id| !id.is_empty()) else {
        return Err(A2aError::invalid_params("the config's id is required"));
    };
    state
        .manager
        .push_delete(owner, &req.task_id, &id)
        .await
        .map_err(from_task)?;
    if let Err(e) = state.push.reload(&req.task_id, &id).await {
        tracing::warn!(error = %e, "push: cannot stop following a deleted config");
    }
    Ok(Reply::Result(Answer::Empty))
}

/// The inline config of a `SendMessage`, read and checked before the message runs.
pub(crate) async fn inline(
    state: &AppState,
    raw: Option<&serde_json::Value>,
) -> Result<Option<TaskPushNotificationConfig>, A2aError> {
    let Some(raw) = raw.filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let config: TaskPushNotificationConfig = serde_json::from_value(raw.clone())
        .map_err(|e| A2aError::invalid_params(format!("invalid push notification config: {e}")))?;
    let config = config.normalized();
    check(&state.push, &config).await?;
    Ok(Some(config))
}

/// How long registering an inline config waits for a streamed task to show (a task is
/// stored once a client has seen it).
const SHOW_WAIT: Duration = Duration::from_secs(30);

/// Registers an inline config for `task_id`, covering its whole log (nothing is lost by
/// registering after the turn began: delivery reads the log from its start). A task not
/// shown yet (a stream's first event not sent) is waited for in the background.
pub(crate) fn register_inline(
    state: &AppState,
    owner: &str,
    config: TaskPushNotificationConfig,
    task_id: &str,
) {
    let (manager, push, owner) = (state.manager.clone(), state.push.clone(), owner.to_string());
    let config = TaskPushNotificationConfig {
        task_id: task_id.to_string(),
        ..config
    };
    tokio::spawn(async move {
        let deadline = tokio::time::Instant::now() + SHOW_WAIT;
        loop {
            match set(&manager, &push, &owner, config.clone()).await {
                Err(TaskError::NotFound(_)) if tokio::time::Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                Err(e) => {
                    tracing::warn!(task = config.task_id, error = %e, "push: inline config not registered");
                    return;
                }
                Ok(()) => return,
            }
        }
    });
}

async fn set(
    manager: &TaskManager,
    push: &Pusher,
    owner: &str,
    config: TaskPushNotificationConfig,
) -> Result<(), TaskError> {
    let max = push.settings().max_configs_per_task;
    let saved = manager.push_set(owner, config, true, max).await?;
    follow(push, &saved).await;
    Ok(())
}

async fn check(push: &Pusher, config: &TaskPushNotificationConfig) -> Result<(), A2aError> {
    if config.url.is_empty() {
        return Err(A2aError::invalid_params(
            "a push notification config needs a url",
        ));
    }
    push.check_url(&config.url)
        .await
        .map_err(A2aError::invalid_params)
}

/// Starts delivery for a config just stored; a failure here is logged (the config is
/// stored, and a restart resumes it).
async fn follow(push: &Pusher, saved: &TaskPushNotificationConfig) {
    if let Err(e) = push.reload(&saved.task_id, &saved.id).await {
        tracing::warn!(task = saved.task_id, error = %e, "push: cannot start delivery");
    }
}
