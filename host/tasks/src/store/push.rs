//! [`PushBackend`]: where push notification configs and their delivery cursors live, beside
//! the task logs they follow (an outbox: what is still to be sent is the log after the
//! cursor, so nothing is queued in memory and a restart loses nothing).
//!
//! Each config is one row: the config as registered (its secret apart), the sequence number
//! of the last log record delivered or passed over, and the delivery state. A task's rows go
//! with it when it is evicted.

use futures::future::BoxFuture;
use serde::{Deserialize, Serialize};
use skillhost_types::push::{DeliveryState, TaskPushNotificationConfig};

use crate::StoreError;

/// One push config and how far its delivery has come.
#[derive(Debug, Clone, PartialEq)]
pub struct PushRow {
    /// The config as registered, with its secret; without delivery state.
    pub config: TaskPushNotificationConfig,
    /// Sequence number of the last log record delivered (or passed over: not an update).
    pub cursor: u64,
    /// How delivery goes (`pending` is not stored: it is read off the log).
    pub delivery: DeliveryState,
    /// Everything of a finished task is delivered: nothing more will come.
    pub done: bool,
    /// When the config was registered (microseconds since the epoch): listing order.
    pub created_at: i64,
}

impl PushRow {
    /// The task.
    pub fn task_id(&self) -> &str {
        &self.config.task_id
    }

    /// The config's id.
    pub fn id(&self) -> &str {
        &self.config.id
    }
}

/// What a database keeps of a config: everything but its delivery state, secret included
/// (the wire type never writes its secret).
#[derive(Serialize, Deserialize)]
struct Kept {
    #[serde(flatten)]
    config: TaskPushNotificationConfig,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "hmacSecret"
    )]
    hmac_secret: Option<String>,
}

/// A config as the JSON a database keeps.
pub(crate) fn encode(config: &TaskPushNotificationConfig) -> Result<String, StoreError> {
    let kept = Kept {
        config: TaskPushNotificationConfig {
            delivery: None,
            ..config.clone()
        },
        hmac_secret: config.secret.clone(),
    };
    serde_json::to_string(&kept).map_err(|e| StoreError(e.to_string()))
}

/// A config from the JSON a database keeps.
pub(crate) fn decode(json: &str) -> Result<TaskPushNotificationConfig, StoreError> {
    let kept: Kept = serde_json::from_str(json).map_err(|e| StoreError(e.to_string()))?;
    Ok(TaskPushNotificationConfig {
        secret: kept.hmac_secret,
        ..kept.config
    })
}

/// Push config storage; every [`Backend`](super::Backend) has it.
pub trait PushBackend {
    /// Adds a config, or replaces the one with its task and id (delivery starts over from
    /// the row's cursor).
    fn push_put<'a>(&'a self, row: &'a PushRow) -> BoxFuture<'a, Result<(), StoreError>>;

    /// Records delivery progress (cursor, state, done) of an existing config; a deleted one
    /// stays deleted.
    fn push_progress<'a>(&'a self, row: &'a PushRow) -> BoxFuture<'a, Result<(), StoreError>>;

    /// The configs of `task` in the order they were registered; with `None`, every config
    /// not `done`, for the deliverer's start.
    fn push_rows<'a>(
        &'a self,
        task: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Vec<PushRow>, StoreError>>;

    /// Removes a config; whether it existed.
    fn push_delete<'a>(
        &'a self,
        task: &'a str,
        id: &'a str,
    ) -> BoxFuture<'a, Result<bool, StoreError>>;
}
