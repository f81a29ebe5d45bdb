//! `SendMessage` and `SendStreamingMessage`.

use skillhost_types::request::SendMessageRequest;

use super::{Outcome, push_unsupported};
use crate::AppState;
use crate::dispatch::{Answer, Reply};
use crate::error::from_task;

pub(crate) async fn send(state: &AppState, owner: &str, req: SendMessageRequest) -> Outcome {
    let sent = state.manager.send(owner, checked(req)?).await;
    let sent = sent.map_err(from_task)?;
    Ok(Reply::Result(Answer::Sent(sent)))
}

pub(crate) async fn stream(state: &AppState, owner: &str, req: SendMessageRequest) -> Outcome {
    let stream = state
        .manager
        .send_streaming(owner, checked(req)?)
        .await
        .map_err(from_task)?;
    Ok(Reply::Stream(stream))
}

/// Refuses an inline push notification config: push is not offered.
fn checked(req: SendMessageRequest) -> Result<SendMessageRequest, skillhost_types::A2aError> {
    let inline_push = req
        .configuration
        .as_ref()
        .and_then(|c| c.task_push_notification_config.as_ref());
    if inline_push.is_some_and(|c| !c.is_null()) {
        return Err(push_unsupported());
    }
    Ok(req)
}
