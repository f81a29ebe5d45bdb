//! [`A2aError`]: every error the protocol defines, with its JSON-RPC code and the
//! `google.rpc.ErrorInfo` that A2A 1.0 requires in its details.

use std::collections::BTreeMap;

use serde_json::json;

use crate::jsonrpc::ErrorObject;

/// The domain of every `ErrorInfo` A2A defines.
pub const ERROR_DOMAIN: &str = "a2a-protocol.org";

/// An A2A protocol error: what the client did wrong, or what the agent will not do. Its
/// message goes to the client as is, so it never carries internal causes.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct A2aError {
    /// Which error.
    pub kind: ErrorKind,
    /// The message for the client.
    pub message: String,
    /// `ErrorInfo.metadata`: string values that help the client act (a task id, a version).
    pub metadata: BTreeMap<String, String>,
}

/// The errors of A2A 1.0 §9.5 and the JSON-RPC standard errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// -32700: the body is not JSON.
    ParseError,
    /// -32600: not a valid JSON-RPC request.
    InvalidRequest,
    /// -32601: unknown method.
    MethodNotFound,
    /// -32602: bad parameters.
    InvalidParams,
    /// -32603: a fault of the server.
    Internal,
    /// -32001: no such task (or not visible to the caller).
    TaskNotFound,
    /// -32002: the task cannot be cancelled in its state.
    TaskNotCancelable,
    /// -32003: push notifications are not supported.
    PushNotificationNotSupported,
    /// -32004: the operation is not supported (in this state).
    UnsupportedOperation,
    /// -32005: a part's media type is not accepted.
    ContentTypeNotSupported,
    /// -32006: the agent produced an invalid response.
    InvalidAgentResponse,
    /// -32007: the extended card is declared but not configured.
    ExtendedAgentCardNotConfigured,
    /// -32008: the client must declare a required extension.
    ExtensionSupportRequired,
    /// -32009: the requested A2A version is not supported.
    VersionNotSupported,
}

impl ErrorKind {
    /// The JSON-RPC error code.
    pub fn code(self) -> i32 {
        match self {
            Self::ParseError => -32700,
            Self::InvalidRequest => -32600,
            Self::MethodNotFound => -32601,
            Self::InvalidParams => -32602,
            Self::Internal => -32603,
            Self::TaskNotFound => -32001,
            Self::TaskNotCancelable => -32002,
            Self::PushNotificationNotSupported => -32003,
            Self::UnsupportedOperation => -32004,
            Self::ContentTypeNotSupported => -32005,
            Self::InvalidAgentResponse => -32006,
            Self::ExtendedAgentCardNotConfigured => -32007,
            Self::ExtensionSupportRequired => -32008,
            Self::VersionNotSupported => -32009,
        }
    }

    /// The `ErrorInfo.reason`: the error's name in UPPER_SNAKE_CASE.
    pub fn reason(self) -> &'static str {
        match self {
            Self::ParseError => "PARSE_ERROR",
            Self::InvalidRequest => "INVALID_REQUEST",
            Self::MethodNotFound => "METHOD_NOT_FOUND",
            Self::InvalidParams => "INVALID_PARAMS",
            Self::Internal => "INTERNAL_ERROR",
            Self::TaskNotFound => "TASK_NOT_FOUND",
            Self::TaskNotCancelable => "TASK_NOT_CANCELABLE",
            Self::PushNotificationNotSupported => "PUSH_NOTIFICATION_NOT_SUPPORTED",
            Self::UnsupportedOperation => "UNSUPPORTED_OPERATION",
            Self::ContentTypeNotSupported => "CONTENT_TYPE_NOT_SUPPORTED",
            Self::InvalidAgentResponse => "INVALID_AGENT_RESPONSE",
            Self::ExtendedAgentCardNotConfigured => "EXTENDED_AGENT_CARD_NOT_CONFIGURED",
            Self::ExtensionSupportRequired => "EXTENSION_SUPPORT_REQUIRED",
            Self::VersionNotSupported => "VERSION_NOT_SUPPORTED",
        }
    }
}

impl A2aError {
    /// An error of `kind` with a message for the client.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            metadata: BTreeMap::new(),
        }
    }

    /// Adds an `ErrorInfo.metadata` entry.
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.metadata.insert(key.to_string(), value.into());
        self
    }

    /// -32602 with a reason.
    pub fn invalid_params(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidParams, message)
    }

    /// -32001 for `task_id`.
    pub fn task_not_found(task_id: &str) -> Self {
        Self::new(ErrorKind::TaskNotFound, format!("task {task_id} not found"))
            .with("taskId", task_id)
    }

    /// -32603, with a message that reveals nothing; log the cause where it happened.
    pub fn internal() -> Self {
        Self::new(ErrorKind::Internal, "internal error")
    }

    /// The JSON-RPC error object with its `ErrorInfo`.
    pub fn to_error_object(&self) -> ErrorObject {
        let info = json!({
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": self.kind.reason(),
            "domain": ERROR_DOMAIN,
            "metadata": self.metadata,
        });
        ErrorObject {
            code: self.kind.code(),
            message: self.message.clone(),
            data: Some(vec![info]),
        }
    }
}
