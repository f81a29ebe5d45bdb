//! `SendMessage` and `SendStreamingMessage`.

use serde_json::Value;
use skillhost_tasks::Sent;
use skillhost_types::request::{SendMessageRequest, SendMessageResponse};

use super::{Outcome, ok, params, push_unsupported};
use crate::error::from_task;
use crate::{AppState, sse};

pub(super) async fn send(state: &AppState, id: &Value, raw: &str) -> Outcome {
    let req = request(raw)?;
    let result = match state.manager.send(req).await.map_err(from_task)? {
        Sent::Task(task) => SendMessageResponse::Task(task),
        Sent::Message(message) => SendMessageResponse::Message(message),
    };
    Ok(ok(id, result))
}

pub(super) async fn stream(state: &AppState, id: &Value, raw: &str) -> Outcome {
    let req = request(raw)?;
    let stream = state.manager.send_streaming(req).await.map_err(from_task)?;
    Ok(sse::respond(id.clone(), stream, state.limits.keep_alive))
}

fn request(raw: &str) -> Result<SendMessageRequest, skillhost_types::A2aError> {
    let req: SendMessageRequest = params(raw)?;
    let inline_push = req
        .configuration
        .as_ref()
        .and_then(|c| c.task_push_notification_config.as_ref());
    if inline_push.is_some_and(|c| !c.is_null()) {
        return Err(push_unsupported());
    }
    Ok(req)
}
