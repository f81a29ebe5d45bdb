//! Reading the params of 0.3 and 0.1 methods into the 1.0 request types.
//!
//! Readers are lenient where the old versions varied (a part's discriminator may be `kind`,
//! `type`, or missing; a 0.1 message has no id) and strict where a value would be lost.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::part::wire::decode_base64;
use crate::request::{
    CancelTaskRequest, GetTaskRequest, SendMessageConfiguration, SendMessageRequest,
    SubscribeToTaskRequest,
};
use crate::{A2aError, Message, Metadata, Part, PartContent, Role};

/// `message/send` and `message/stream` params (0.3 `MessageSendParams`).
pub fn send_v0_3(raw: &str) -> Result<SendMessageRequest, A2aError> {
    let p: MessageSendParams = params(raw)?;
    let config = p.configuration.unwrap_or_default();
    Ok(SendMessageRequest {
        tenant: None,
        message: p.message.into_message()?,
        configuration: Some(SendMessageConfiguration {
            accepted_output_modes: config.accepted_output_modes,
            history_length: config.history_length,
            // 0.3 left the default open; its SDKs block unless told not to.
            return_immediately: config.blocking == Some(false),
            task_push_notification_config: config.push_notification_config,
        }),
        metadata: p.metadata,
        client_task_id: None,
    })
}

/// `tasks/send` and `tasks/sendSubscribe` params (0.1 `TaskSendParams`).
pub fn send_v0_1(raw: &str) -> Result<SendMessageRequest, A2aError> {
    let p: TaskSendParams = params(raw)?;
    let mut message = p.message.into_message()?;
    message.context_id = p.session_id.or(message.context_id);
    Ok(SendMessageRequest {
        tenant: None,
        message,
        configuration: Some(SendMessageConfiguration {
            accepted_output_modes: p.accepted_output_modes,
            history_length: p.history_length,
            return_immediately: false,
            task_push_notification_config: p.push_notification,
        }),
        metadata: p.metadata,
        client_task_id: Some(task_id(p.id)?),
    })
}

/// `tasks/get` params (`TaskQueryParams`, the same in 0.3 and 0.1).
pub fn get_task(raw: &str) -> Result<GetTaskRequest, A2aError> {
    let p: TaskQueryParams = params(raw)?;
    Ok(GetTaskRequest {
        tenant: None,
        id: p.id,
        history_length: p.history_length,
    })
}

/// `tasks/cancel` params (`TaskIdParams`).
pub fn cancel_task(raw: &str) -> Result<CancelTaskRequest, A2aError> {
    let p: TaskIdParams = params(raw)?;
    Ok(CancelTaskRequest {
        tenant: None,
        id: p.id,
        metadata: p.metadata,
    })
}

/// `tasks/resubscribe` params (`TaskIdParams`).
pub fn subscribe(raw: &str) -> Result<SubscribeToTaskRequest, A2aError> {
    let p: TaskIdParams = params(raw)?;
    Ok(SubscribeToTaskRequest {
        tenant: None,
        id: p.id,
    })
}

/// Longest task id a 0.1 client may choose.
pub const MAX_TASK_ID: usize = 128;

/// A client-chosen task id: 1 to [`MAX_TASK_ID`] characters that need no escaping in a
/// URL path (letters, digits, `-._~`), so the task is reachable by every binding.
fn task_id(id: String) -> Result<String, A2aError> {
    let fits = (1..=MAX_TASK_ID).contains(&id.len());
    if fits
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
    {
        return Ok(id);
    }
    Err(A2aError::invalid_params(format!(
        "task id {id:?} must be 1 to {MAX_TASK_ID} letters, digits, '-', '.', '_' or '~'"
    )))
}

fn params<T: DeserializeOwned>(raw: &str) -> Result<T, A2aError> {
    serde_json::from_str(raw).map_err(|e| A2aError::invalid_params(format!("invalid params: {e}")))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MessageSendParams {
    message: LegacyMessage,
    #[serde(default)]
    configuration: Option<Configuration>,
    #[serde(default)]
    metadata: Option<Metadata>,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Configuration {
    accepted_output_modes: Vec<String>,
    history_length: Option<i32>,
    push_notification_config: Option<Value>,
    blocking: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TaskSendParams {
    id: String,
    #[serde(default)]
    session_id: Option<String>,
    message: LegacyMessage,
    #[serde(default)]
    accepted_output_modes: Vec<String>,
    #[serde(default)]
    push_notification: Option<Value>,
    #[serde(default)]
    history_length: Option<i32>,
    #[serde(default)]
    metadata: Option<Metadata>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TaskQueryParams {
    id: String,
    #[serde(default)]
    history_length: Option<i32>,
}

#[derive(Deserialize)]
struct TaskIdParams {
    id: String,
    #[serde(default)]
    metadata: Option<Metadata>,
}

/// A 0.3 or 0.1 message.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LegacyMessage {
    #[serde(default)]
    message_id: Option<String>,
    role: String,
    parts: Vec<LegacyPart>,
    #[serde(default)]
    context_id: Option<String>,
    #[serde(default)]
    task_id: Option<String>,
    #[serde(default)]
    metadata: Option<Metadata>,
    #[serde(default)]
    extensions: Vec<String>,
    #[serde(default)]
    reference_task_ids: Vec<String>,
}

impl LegacyMessage {
    fn into_message(self) -> Result<Message, A2aError> {
        let role = match self.role.as_str() {
            "user" | "ROLE_USER" => Role::User,
            "agent" | "ROLE_AGENT" => Role::Agent,
            other => {
                let why = format!("message.role must be \"user\" or \"agent\", got {other:?}");
                return Err(A2aError::invalid_params(why));
            }
        };
        let parts = self.parts.into_iter().map(LegacyPart::into_part);
        Ok(Message {
            // 0.1 messages have no id; the host needs one for the history.
            message_id: self
                .message_id
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
            context_id: self.context_id,
            task_id: self.task_id,
            role,
            parts: parts.collect::<Result<_, _>>()?,
            metadata: self.metadata,
            extensions: self.extensions,
            reference_task_ids: self.reference_task_ids,
        })
    }
}

/// A 0.3 part (`kind`) or 0.1 part (`type`); either discriminator may be missing, and the
/// member present decides.
#[derive(Deserialize)]
struct LegacyPart {
    #[serde(default, alias = "type")]
    kind: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    file: Option<LegacyFile>,
    #[serde(default)]
    data: Option<Value>,
    #[serde(default)]
    metadata: Option<Metadata>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LegacyFile {
    #[serde(default)]
    bytes: Option<String>,
    #[serde(default)]
    uri: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    mime_type: Option<String>,
}

impl LegacyPart {
    fn into_part(self) -> Result<Part, A2aError> {
        let invalid = |why: &str| Err(A2aError::invalid_params(why.to_string()));
        let kind = self.kind.as_deref();
        let (content, file) = match (kind, self.text, self.file, self.data) {
            (Some("text") | None, Some(text), None, None) => (PartContent::Text(text), None),
            (Some("data") | None, None, None, Some(data)) => (PartContent::Data(data), None),
            (Some("file") | None, None, Some(file), None) => (file_content(&file)?, Some(file)),
            (Some(k), ..) if !["text", "file", "data"].contains(&k) => {
                return invalid("a part's kind must be \"text\", \"file\" or \"data\"");
            }
            _ => {
                return invalid(
                    "a part needs exactly one of `text`, `file` or `data`, as its kind says",
                );
            }
        };
        let (media_type, filename) = file.map_or((None, None), |f| (f.mime_type, f.name));
        Ok(Part {
            content,
            media_type,
            filename,
            metadata: self.metadata,
        })
    }
}

fn file_content(file: &LegacyFile) -> Result<PartContent, A2aError> {
    match (&file.bytes, &file.uri) {
        (Some(bytes), None) => decode_base64(bytes)
            .map(PartContent::Raw)
            .map_err(|_| A2aError::invalid_params("file.bytes must be base64")),
        (None, Some(uri)) => Ok(PartContent::Url(uri.clone())),
        _ => Err(A2aError::invalid_params(
            "a file part needs exactly one of `bytes` or `uri`",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_0_3_send_keeps_everything_1_0_has_a_place_for() {
        let raw = json!({"message": {"kind": "message", "messageId": "m1", "role": "user",
            "contextId": "c1", "parts": [
                {"kind": "text", "text": "hi"},
                {"kind": "file", "file": {"bytes": "aGk=", "mimeType": "text/plain", "name": "a.txt"}},
                {"kind": "file", "file": {"uri": "https://example.com/x"}},
                {"kind": "data", "data": {"k": 1}}]},
            "configuration": {"blocking": false, "historyLength": 2}});
        let req = send_v0_3(&raw.to_string()).expect("reads");
        let m = &req.message;
        assert_eq!(
            (m.message_id.as_str(), m.context_id.as_deref()),
            ("m1", Some("c1"))
        );
        assert_eq!(m.parts[0], Part::text("hi"));
        assert_eq!(m.parts[1].content, PartContent::Raw(b"hi".to_vec()));
        assert_eq!(m.parts[1].filename.as_deref(), Some("a.txt"));
        assert_eq!(
            m.parts[2].content,
            PartContent::Url("https://example.com/x".into())
        );
        assert_eq!(m.parts[3].content, PartContent::Data(json!({"k": 1})));
        let config = req.configuration.expect("configuration");
        assert!(config.return_immediately);
        assert_eq!(config.history_length, Some(2));
    }

    #[test]
    fn a_0_1_send_names_its_task_and_its_session() {
        let raw = json!({"id": "task-002", "sessionId": "s1", "historyLength": 0,
            "message": {"role": "user", "parts": [{"type": "text", "text": "a"}, {"text": "b"}]}});
        let req = send_v0_1(&raw.to_string()).expect("reads");
        assert_eq!(req.client_task_id.as_deref(), Some("task-002"));
        assert_eq!(req.message.context_id.as_deref(), Some("s1"));
        assert_eq!(req.message.parts, [Part::text("a"), Part::text("b")]);
        assert!(!req.message.message_id.is_empty(), "an id is made up");
        for bad in ["", "a/b", "has space", &"x".repeat(MAX_TASK_ID + 1)] {
            let raw = json!({"id": bad, "message": {"role": "user", "parts": [{"text": "a"}]}});
            assert!(send_v0_1(&raw.to_string()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn malformed_parts_and_roles_are_refused_by_name() {
        for (part, why) in [
            (json!({"kind": "image", "text": "x"}), "kind must be"),
            (json!({"kind": "text", "data": {}}), "exactly one of"),
            (json!({"kind": "file", "file": {}}), "`bytes` or `uri`"),
        ] {
            let raw = json!({"message": {"messageId": "m", "role": "user", "parts": [part]}});
            let e = send_v0_3(&raw.to_string()).expect_err("refused");
            assert!(e.message.contains(why), "{}", e.message);
        }
        let raw = json!({"message": {"messageId": "m", "role": "bot", "parts": [{"text": "x"}]}});
        assert!(send_v0_3(&raw.to_string()).is_err());
    }
}
