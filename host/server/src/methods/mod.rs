//! The A2A 1.0 methods. Dispatch is one `match` on the method name; every method has the
//! same shape: parse its params, call the task manager, wrap the result.

mod send;
mod tasks;

use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use skillhost_types::jsonrpc::{self, Call};
use skillhost_types::{A2aError, ErrorKind};

use crate::rpc::json_response;
use crate::{AppState, error};

/// What a method returns: a response (JSON or SSE), or the error to send instead.
type Outcome = Result<Response, A2aError>;

pub(crate) async fn dispatch(state: &AppState, call: Call<'_>, headers: &HeaderMap) -> Response {
    let id = &call.id;
    let params = call.params.map_or("{}", |p| p.get());
    let outcome = match call.method {
        "SendMessage" => send::send(state, id, params).await,
        "SendStreamingMessage" => send::stream(state, id, params).await,
        "GetTask" => tasks::get(state, id, params).await,
        "ListTasks" => tasks::list(state, id, params).await,
        "CancelTask" => tasks::cancel(state, id, params).await,
        "SubscribeToTask" => tasks::subscribe(state, id, params, headers).await,
        "CreateTaskPushNotificationConfig"
        | "GetTaskPushNotificationConfig"
        | "ListTaskPushNotificationConfigs"
        | "DeleteTaskPushNotificationConfig" => Err(push_unsupported()),
        "GetExtendedAgentCard" => Err(A2aError::new(
            ErrorKind::UnsupportedOperation,
            "this agent has no extended card (capabilities.extendedAgentCard is false)",
        )),
        other => Err(A2aError::new(
            ErrorKind::MethodNotFound,
            format!("method {other:?} not found"),
        )
        .with("method", other)),
    };
    outcome.unwrap_or_else(|e| error::respond(id, &e))
}

/// Parses a method's params; any mismatch is -32602 with serde's precise reason.
fn params<T: DeserializeOwned>(raw: &str) -> Result<T, A2aError> {
    serde_json::from_str(raw).map_err(|e| A2aError::invalid_params(format!("invalid params: {e}")))
}

/// A successful JSON-RPC response.
fn ok<T: Serialize>(id: &Value, result: T) -> Response {
    json_response(&jsonrpc::Response::new(id, result))
}

/// Push notifications are not offered (capabilities.pushNotifications is false). Checked
/// before anything else, so the answer does not depend on whether the task exists.
fn push_unsupported() -> A2aError {
    A2aError::new(
        ErrorKind::PushNotificationNotSupported,
        "push notifications are not supported (capabilities.pushNotifications is false)",
    )
}
