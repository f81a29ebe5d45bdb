//! The method names of each protocol version, and the parser that reads each one's params
//! into its [`Operation`]. What the names and shapes map to is tabled in
//! [`skillhost_types::compat`].

use serde::de::DeserializeOwned;
use skillhost_types::compat::{push, read};
use skillhost_types::push::ListPushConfigsRequest;
use skillhost_types::{A2aError, ErrorKind};

use crate::dispatch::Operation;
use crate::version::{self, Version};

/// The parser of `method` in the version the request names, and the version to answer in.
pub(crate) fn lookup(method: &str, named: Version) -> (Result<Parser, A2aError>, Version) {
    if named == Version::V1_0 {
        let older = v0_3(method).or_else(|| both(method)).is_some();
        return match v1(method) {
            Some(parser) => (Ok(parser), named),
            None if older => (Err(older_name(method)), named),
            None => (Err(not_found(method)), named),
        };
    }
    if let Some(parser) = v0_3(method) {
        return (Ok(parser), Version::V0_3);
    }
    if let Some(parser) = both(method) {
        return (Ok(parser), named);
    }
    match v1(method) {
        Some(_) => (Err(version::needs_1_0(named)), named),
        None => (Err(not_found(method)), named),
    }
}

/// Reads a method's params into its operation.
pub(crate) type Parser = fn(&str) -> Result<Operation, A2aError>;

/// The A2A 1.0 methods.
fn v1(method: &str) -> Option<Parser> {
    Some(match method {
        "SendMessage" => |raw| Ok(Operation::SendMessage(params(raw)?)),
        "SendStreamingMessage" => |raw| Ok(Operation::SendStreamingMessage(params(raw)?)),
        "GetTask" => |raw| Ok(Operation::GetTask(params(raw)?)),
        "ListTasks" => |raw| Ok(Operation::ListTasks(params(raw)?)),
        "CancelTask" => |raw| Ok(Operation::CancelTask(params(raw)?)),
        "SubscribeToTask" => |raw| Ok(Operation::SubscribeToTask(params(raw)?)),
        "CreateTaskPushNotificationConfig" => |raw| {
            let config = skillhost_types::push::read_create(raw)
                .map_err(|e| A2aError::invalid_params(format!("invalid params: {e}")))?;
            Ok(Operation::SetPushConfig(config))
        },
        "GetTaskPushNotificationConfig" => |raw| Ok(Operation::GetPushConfig(params(raw)?)),
        "ListTaskPushNotificationConfigs" => |raw| Ok(Operation::ListPushConfigs(params(raw)?)),
        "DeleteTaskPushNotificationConfig" => |raw| Ok(Operation::DeletePushConfig(params(raw)?)),
        "GetExtendedAgentCard" => |_| Ok(Operation::GetExtendedAgentCard),
        _ => return None,
    })
}

/// The methods only A2A 0.3 (and 0.2) has.
fn v0_3(method: &str) -> Option<Parser> {
    Some(match method {
        "message/send" => |raw| Ok(Operation::SendMessage(read::send_v0_3(raw)?)),
        "message/stream" => |raw| Ok(Operation::SendStreamingMessage(read::send_v0_3(raw)?)),
        "tasks/pushNotificationConfig/set" => |raw| Ok(Operation::SetPushConfig(push::set(raw)?)),
        "tasks/pushNotificationConfig/get" => {
            |raw| Ok(Operation::GetPushConfig(push::config_ref(raw)?))
        }
        "tasks/pushNotificationConfig/list" => |raw| {
            let task_id = push::config_ref(raw)?.task_id;
            Ok(Operation::ListPushConfigs(ListPushConfigsRequest {
                tenant: None,
                task_id,
                page_size: None,
                page_token: None,
            }))
        },
        "tasks/pushNotificationConfig/delete" => {
            |raw| Ok(Operation::DeletePushConfig(push::config_ref(raw)?))
        }
        "agent/getAuthenticatedExtendedCard" => |_| Ok(Operation::GetExtendedAgentCard),
        _ => return None,
    })
}

/// The methods 0.3 and 0.1 both have, with the same params.
pub(crate) fn both(method: &str) -> Option<Parser> {
    Some(match method {
        "tasks/get" => |raw| Ok(Operation::GetTask(read::get_task(raw)?)),
        "tasks/cancel" => |raw| Ok(Operation::CancelTask(read::cancel_task(raw)?)),
        "tasks/resubscribe" => |raw| Ok(Operation::SubscribeToTask(read::subscribe(raw)?)),
        _ => return None,
    })
}

/// The methods only A2A 0.1 has.
pub(crate) fn v0_1(method: &str) -> Option<Parser> {
    Some(match method {
        "tasks/send" => |raw| Ok(Operation::SendMessage(read::send_v0_1(raw)?)),
        "tasks/sendSubscribe" => |raw| Ok(Operation::SendStreamingMessage(read::send_v0_1(raw)?)),
        "tasks/pushNotification/set" => |raw| Ok(Operation::SetPushConfig(push::set(raw)?)),
        "tasks/pushNotification/get" => |raw| Ok(Operation::GetPushConfig(push::config_ref(raw)?)),
        _ => return None,
    })
}

/// An older version's method called as 1.0.
fn older_name(method: &str) -> A2aError {
    let message = format!(
        "method {method:?} is an A2A 0.3 name; with A2A-Version: 1.0 use the 1.0 names (SendMessage, GetTask, ...), or send no A2A-Version to speak 0.3"
    );
    A2aError::new(ErrorKind::MethodNotFound, message).with("method", method)
}

fn not_found(method: &str) -> A2aError {
    A2aError::new(
        ErrorKind::MethodNotFound,
        format!("method {method:?} not found"),
    )
    .with("method", method)
}

/// Parses a method's params; any mismatch is -32602 with serde's precise reason.
fn params<T: DeserializeOwned>(raw: &str) -> Result<T, A2aError> {
    serde_json::from_str(raw).map_err(|e| A2aError::invalid_params(format!("invalid params: {e}")))
}
