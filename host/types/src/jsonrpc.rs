//! The JSON-RPC 2.0 envelope (A2A §9).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

/// A request as it arrives. Parsing into this type only checks that the body is a JSON
/// object; [`Request::validate`] applies the JSON-RPC rules so each gets its own error.
#[derive(Debug, Deserialize)]
pub struct Request<'a> {
    /// Must be `"2.0"`.
    #[serde(default)]
    pub jsonrpc: Option<Value>,
    /// A string, a number or null; absent for notifications.
    #[serde(default, deserialize_with = "present")]
    pub id: Option<Value>,
    /// The method name.
    #[serde(default)]
    pub method: Option<Value>,
    /// The parameters, parsed later by the method's own type.
    #[serde(borrow, default)]
    pub params: Option<&'a RawValue>,
}

/// Keeps `"id": null` apart from a missing id.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// A request that passed [`Request::validate`].
#[derive(Debug)]
pub struct Call<'a> {
    /// The id to answer with.
    pub id: Value,
    /// The method name.
    pub method: &'a str,
    /// The raw parameters.
    pub params: Option<&'a RawValue>,
}

impl<'a> Request<'a> {
    /// Checks the envelope. On error, returns the reason and the id to answer with (null
    /// when the id itself is unusable).
    pub fn validate(&'a self) -> Result<Call<'a>, (String, Value)> {
        let id = match &self.id {
            Some(id @ (Value::String(_) | Value::Number(_) | Value::Null)) => id.clone(),
            Some(_) => {
                return Err((
                    "`id` must be a string, a number or null".into(),
                    Value::Null,
                ));
            }
            // A notification: A2A has no notifications, so answer it as an invalid request.
            None => return Err(("`id` is required".into(), Value::Null)),
        };
        if self.jsonrpc.as_ref().and_then(Value::as_str) != Some("2.0") {
            return Err(("`jsonrpc` must be \"2.0\"".into(), id));
        }
        let Some(Value::String(method)) = &self.method else {
            return Err(("`method` must be a string".into(), id));
        };
        Ok(Call {
            id,
            method,
            params: self.params,
        })
    }
}

/// A successful response.
#[derive(Debug, Serialize)]
pub struct Response<'a, T> {
    /// Always `"2.0"`.
    pub jsonrpc: &'static str,
    /// The request's id.
    pub id: &'a Value,
    /// The method's result.
    pub result: T,
}

impl<'a, T> Response<'a, T> {
    /// Wraps `result` for the request `id`.
    pub fn new(id: &'a Value, result: T) -> Self {
        Self {
            jsonrpc: "2.0",
            id,
            result,
        }
    }
}

/// An error response.
#[derive(Debug, Serialize)]
pub struct ErrorResponse<'a> {
    /// Always `"2.0"`.
    pub jsonrpc: &'static str,
    /// The request's id, or null when it could not be read.
    pub id: &'a Value,
    /// What went wrong.
    pub error: ErrorObject,
}

/// The JSON-RPC error object: exactly `code`, `message` and `data`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorObject {
    /// The error code.
    pub code: i32,
    /// A short description.
    pub message: String,
    /// `google.rpc` detail objects, each with an `@type`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<Value>>,
}
