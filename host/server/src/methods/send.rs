//! `SendMessage` and `SendStreamingMessage`, with an inline push notification config.

use skillhost_tasks::Sent;
use skillhost_types::request::SendMessageRequest;

use super::Outcome;
use super::push::{inline, register_inline};
use crate::AppState;
use crate::dispatch::{Answer, Reply};
use crate::error::from_task;

pub(crate) async fn send(state: &AppState, owner: &str, req: SendMessageRequest) -> Outcome {
    let push = inline(state, push_config(&req)).await?;
    let sent = state.manager.send(owner, req).await;
    let sent = sent.map_err(from_task)?;
    if let (Some(config), Sent::Task(task)) = (push, &sent) {
        register_inline(state, owner, config, &task.id);
    }
    Ok(Reply::Result(Answer::Sent(sent)))
}

pub(crate) async fn stream(state: &AppState, owner: &str, req: SendMessageRequest) -> Outcome {
    let push = inline(state, push_config(&req)).await?;
    let stream = state
        .manager
        .send_streaming(owner, req)
        .await
        .map_err(from_task)?;
    if let Some(config) = push {
        register_inline(state, owner, config, stream.task_id());
    }
    Ok(Reply::Stream(stream))
}

fn push_config(req: &SendMessageRequest) -> Option<&serde_json::Value> {
    req.configuration
        .as_ref()
        .and_then(|c| c.task_push_notification_config.as_ref())
}
