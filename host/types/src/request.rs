//! Parameters and results of the A2A methods (the `*Request` / `*Response` proto messages).

use serde::{Deserialize, Serialize};

use crate::{Message, Metadata, Task};

/// `SendMessage` and `SendStreamingMessage` parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendMessageRequest {
    /// Tenant, for multi-tenant agents.
    #[serde(default)]
    pub tenant: Option<String>,
    /// The client's message.
    pub message: Message,
    /// How to answer.
    #[serde(default)]
    pub configuration: Option<SendMessageConfiguration>,
    /// Extra data for the request, passed to the skill.
    #[serde(default)]
    pub metadata: Option<Metadata>,
    /// Not on the 1.0 wire: the id an A2A 0.1 client gave its task (`tasks/send`). The
    /// message continues that task if it exists, and starts a new task under this id
    /// otherwise.
    #[serde(skip)]
    pub client_task_id: Option<String>,
}

/// `SendMessageConfiguration`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SendMessageConfiguration {
    /// Media types the client accepts in responses.
    #[serde(alias = "accepted_output_modes")]
    pub accepted_output_modes: Vec<String>,
    /// At most this many recent history messages in the returned task.
    #[serde(alias = "history_length")]
    pub history_length: Option<i32>,
    /// Answer as soon as the task exists instead of waiting for it to finish a turn.
    #[serde(alias = "return_immediately")]
    pub return_immediately: bool,
    /// An inline push notification config for the task the message starts or continues.
    /// 1.0 names it `taskPushNotificationConfig`; the name of earlier 1.0 drafts and 0.3,
    /// `pushNotificationConfig`, is read too.
    #[serde(
        alias = "task_push_notification_config",
        alias = "pushNotificationConfig",
        alias = "push_notification_config"
    )]
    pub task_push_notification_config: Option<serde_json::Value>,
}

/// `GetTask` parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetTaskRequest {
    /// Tenant.
    #[serde(default)]
    pub tenant: Option<String>,
    /// The task id.
    pub id: String,
    /// At most this many recent history messages; unset means all, 0 means none.
    #[serde(default, alias = "history_length")]
    pub history_length: Option<i32>,
}

/// `CancelTask` parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelTaskRequest {
    /// Tenant.
    #[serde(default)]
    pub tenant: Option<String>,
    /// The task id.
    pub id: String,
    /// Extra data.
    #[serde(default)]
    pub metadata: Option<Metadata>,
}

/// `SubscribeToTask` parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscribeToTaskRequest {
    /// Tenant.
    #[serde(default)]
    pub tenant: Option<String>,
    /// The task id.
    pub id: String,
}

/// `SendMessage` result: the task, or a direct reply when the agent answered without one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SendMessageResponse {
    /// The task after the turn (or at once, with `returnImmediately`).
    Task(Task),
    /// A direct reply.
    Message(Message),
}

/// `ListTasks` parameters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ListTasksRequest {
    /// Tenant.
    pub tenant: Option<String>,
    /// Only tasks of this context.
    #[serde(alias = "context_id")]
    pub context_id: Option<String>,
    /// Only tasks in this state.
    pub status: Option<crate::TaskState>,
    /// Page size, 1 to 100 (default 50).
    #[serde(alias = "page_size")]
    pub page_size: Option<i32>,
    /// Cursor from a previous page.
    #[serde(alias = "page_token")]
    pub page_token: Option<String>,
    /// History messages per task.
    #[serde(alias = "history_length")]
    pub history_length: Option<i32>,
    /// Only tasks whose status changed at or after this time (ISO-8601).
    #[serde(alias = "status_timestamp_after")]
    pub status_timestamp_after: Option<String>,
    /// Include artifacts (default false).
    #[serde(alias = "include_artifacts")]
    pub include_artifacts: Option<bool>,
}

/// `ListTasks` result.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTasksResponse {
    /// The page.
    pub tasks: Vec<Task>,
    /// Cursor of the next page; empty on the last one.
    pub next_page_token: String,
    /// The page size used.
    pub page_size: i32,
    /// Matching tasks in all.
    pub total_size: i32,
}
