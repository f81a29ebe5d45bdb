//! [`A2aError`]: every error the protocol defines, and the one table of how each looks on the
//! wire ([`ErrorKind::binding`]): JSON-RPC code, `google.rpc.ErrorInfo` reason, HTTP status and
//! gRPC status, under either edition of the spec's HTTP mapping ([`ErrorMapping`]).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

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
    /// -31401: the call carries no valid credentials (HTTP 401, with `WWW-Authenticate`).
    /// A2A names no JSON-RPC code for it; -31401 is the one the official Go SDK uses.
    Unauthenticated,
}

/// Which edition of the spec's table from errors to HTTP (and gRPC) statuses the HTTP+JSON
/// binding follows. A2A 1.0.1 changed five cells (spec commit 757f0ec, #1627); the JSON-RPC
/// codes and `ErrorInfo` reasons are the same in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
pub enum ErrorMapping {
    /// A2A 1.0.0: `TaskNotCancelable` 409, `ContentTypeNotSupported` 415,
    /// `InvalidAgentResponse` 502, and gRPC `UNIMPLEMENTED` for the push, unsupported-operation
    /// and version errors. The default, because the conformance suite (a2a-tck 1.0-dev)
    /// checks these values.
    #[default]
    #[serde(rename = "1.0.0")]
    V1_0_0,
    /// A2A 1.0.1: 400, 400, 500 and `FAILED_PRECONDITION` in those cells.
    #[serde(rename = "1.0.1")]
    V1_0_1,
}

/// How one error kind looks in each binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorBinding {
    /// The JSON-RPC error code.
    pub code: i32,
    /// The `ErrorInfo.reason`: the error's name in UPPER_SNAKE_CASE.
    pub reason: &'static str,
    /// The HTTP status of the HTTP+JSON binding.
    pub http: u16,
    /// The gRPC status name, which is also the AIP-193 `status` of the HTTP+JSON binding.
    pub grpc: &'static str,
}

impl ErrorKind {
    /// The one table of A2A errors (A2A §5.4, §9.5): JSON-RPC code, `ErrorInfo` reason, and
    /// HTTP and gRPC statuses under 1.0.0 and 1.0.1. The statuses of the five JSON-RPC
    /// standard errors are not in the spec; these are the official SDKs' choices.
    #[rustfmt::skip]
    pub fn binding(self, mapping: ErrorMapping) -> ErrorBinding {
        use ErrorKind::*;
        // kind => (JSON-RPC code, ErrorInfo reason, HTTP [1.0.0, 1.0.1], gRPC [1.0.0, 1.0.1])
        let (code, reason, http, grpc) = match self {
            ParseError =>                (-32700, "PARSE_ERROR",                        [400, 400], [INVALID; 2]),
            InvalidRequest =>            (-32600, "INVALID_REQUEST",                    [400, 400], [INVALID; 2]),
            MethodNotFound =>            (-32601, "METHOD_NOT_FOUND",                   [404, 404], [NOT_FOUND; 2]),
            InvalidParams =>             (-32602, "INVALID_PARAMS",                     [400, 400], [INVALID; 2]),
            Internal =>                  (-32603, "INTERNAL_ERROR",                     [500, 500], [INTERNAL; 2]),
            TaskNotFound =>              (-32001, "TASK_NOT_FOUND",                     [404, 404], [NOT_FOUND; 2]),
            TaskNotCancelable =>         (-32002, "TASK_NOT_CANCELABLE",                [409, 400], [PRECONDITION; 2]),
            PushNotificationNotSupported => (-32003, "PUSH_NOTIFICATION_NOT_SUPPORTED", [400, 400], CHANGED),
            UnsupportedOperation =>      (-32004, "UNSUPPORTED_OPERATION",              [400, 400], CHANGED),
            ContentTypeNotSupported =>   (-32005, "CONTENT_TYPE_NOT_SUPPORTED",         [415, 400], [INVALID; 2]),
            InvalidAgentResponse =>      (-32006, "INVALID_AGENT_RESPONSE",             [502, 500], [INTERNAL; 2]),
            ExtendedAgentCardNotConfigured => (-32007, "EXTENDED_AGENT_CARD_NOT_CONFIGURED", [400, 400], [PRECONDITION; 2]),
            ExtensionSupportRequired =>  (-32008, "EXTENSION_SUPPORT_REQUIRED",         [400, 400], [PRECONDITION; 2]),
            VersionNotSupported =>       (-32009, "VERSION_NOT_SUPPORTED",              [400, 400], CHANGED),
            Unauthenticated =>           (-31401, "UNAUTHENTICATED",                    [401, 401], [UNAUTHENTICATED; 2]),
        };
        let column = mapping as usize;
        ErrorBinding {
            code,
            reason,
            http: http[column],
            grpc: grpc[column],
        }
    }

    /// The JSON-RPC error code.
    pub fn code(self) -> i32 {
        self.binding(ErrorMapping::default()).code
    }

    /// The `ErrorInfo.reason`.
    pub fn reason(self) -> &'static str {
        self.binding(ErrorMapping::default()).reason
    }
}

const INVALID: &str = "INVALID_ARGUMENT";
const NOT_FOUND: &str = "NOT_FOUND";
const INTERNAL: &str = "INTERNAL";
const PRECONDITION: &str = "FAILED_PRECONDITION";
const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
/// The gRPC column that 1.0.1 changed from `UNIMPLEMENTED`.
const CHANGED: [&str; 2] = ["UNIMPLEMENTED", PRECONDITION];

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

    /// The `google.rpc.ErrorInfo` detail that A2A 1.0 requires with every error.
    fn error_info(&self) -> Value {
        json!({
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": self.kind.reason(),
            "domain": ERROR_DOMAIN,
            "metadata": self.metadata,
        })
    }

    /// The JSON-RPC error object with its `ErrorInfo`.
    pub fn to_error_object(&self) -> ErrorObject {
        ErrorObject {
            code: self.kind.code(),
            message: self.message.clone(),
            data: Some(vec![self.error_info()]),
        }
    }

    /// The HTTP+JSON form: the HTTP status, and the AIP-193 body (`google.rpc.Status`) with
    /// the `ErrorInfo` in its details (A2A §11.6).
    pub fn to_http(&self, mapping: ErrorMapping) -> (u16, HttpError) {
        let binding = self.kind.binding(mapping);
        let status = Status {
            code: binding.http,
            status: binding.grpc,
            message: self.message.clone(),
            details: vec![self.error_info()],
        };
        (binding.http, HttpError { error: status })
    }
}

/// The body of an HTTP+JSON error response: `{"error": {code, status, message, details}}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HttpError {
    /// The status.
    pub error: Status,
}

/// `google.rpc.Status` as AIP-193 writes it in JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// The HTTP status code.
    pub code: u16,
    /// The gRPC status name, such as `NOT_FOUND`.
    pub status: &'static str,
    /// The message for the client.
    pub message: String,
    /// Detail objects, each with an `@type`: the `ErrorInfo`.
    pub details: Vec<Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_mappings_differ_only_where_1_0_1_changed_them() {
        let changed: Vec<ErrorKind> = ALL
            .iter()
            .copied()
            .filter(|k| k.binding(ErrorMapping::V1_0_0) != k.binding(ErrorMapping::V1_0_1))
            .collect();
        use ErrorKind::*;
        assert_eq!(
            changed,
            [
                TaskNotCancelable,
                PushNotificationNotSupported,
                UnsupportedOperation,
                ContentTypeNotSupported,
                InvalidAgentResponse,
                VersionNotSupported
            ]
        );
        assert_eq!(TaskNotCancelable.binding(ErrorMapping::V1_0_0).http, 409);
        assert_eq!(TaskNotCancelable.binding(ErrorMapping::V1_0_1).http, 400);
    }

    #[test]
    fn a2a_codes_are_in_the_reserved_range_and_reasons_are_unique() {
        let mut reasons: Vec<&str> = ALL.iter().map(|k| k.reason()).collect();
        reasons.sort_unstable();
        reasons.dedup();
        assert_eq!(reasons.len(), ALL.len());
        assert!(
            ALL[5..14]
                .iter()
                .all(|k| (-32099..=-32001).contains(&k.code()))
        );
        assert_eq!(
            ErrorKind::Unauthenticated
                .binding(ErrorMapping::V1_0_1)
                .http,
            401
        );
    }

    #[test]
    fn http_errors_carry_the_status_and_the_error_info() {
        let (status, body) = A2aError::task_not_found("t1").to_http(ErrorMapping::default());
        let json = serde_json::to_value(body).expect("serializes");
        assert_eq!(status, 404);
        assert_eq!(json["error"]["code"], 404);
        assert_eq!(json["error"]["status"], "NOT_FOUND");
        assert_eq!(json["error"]["details"][0]["reason"], "TASK_NOT_FOUND");
        assert_eq!(json["error"]["details"][0]["metadata"]["taskId"], "t1");
    }

    const ALL: [ErrorKind; 15] = [
        ErrorKind::ParseError,
        ErrorKind::InvalidRequest,
        ErrorKind::MethodNotFound,
        ErrorKind::InvalidParams,
        ErrorKind::Internal,
        ErrorKind::TaskNotFound,
        ErrorKind::TaskNotCancelable,
        ErrorKind::PushNotificationNotSupported,
        ErrorKind::UnsupportedOperation,
        ErrorKind::ContentTypeNotSupported,
        ErrorKind::InvalidAgentResponse,
        ErrorKind::ExtendedAgentCardNotConfigured,
        ErrorKind::ExtensionSupportRequired,
        ErrorKind::VersionNotSupported,
        ErrorKind::Unauthenticated,
    ];
}
