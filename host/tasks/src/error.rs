//! [`TaskError`]: why the task engine refused a request.
//!
//! Variants describe what happened in task terms; the server decides how each looks on the
//! wire. [`TaskError::Store`] is the only internal one: its cause is logged, not shown.

use skillhost_types::TaskState;
use skillhost_types::skill::{Overloaded, RouteError};

/// Why a task operation failed.
#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    /// No such task (or not visible).
    #[error("task {0} not found")]
    NotFound(String),
    /// No push notification config of this id on the task (or none at all, for an empty id).
    #[error("task {task} has no push notification config {id:?}")]
    PushConfigNotFound {
        /// The task.
        task: String,
        /// The config.
        id: String,
    },
    /// Cancel of a task that already ended.
    #[error("task {id} cannot be canceled: it is {}", state.name())]
    NotCancelable {
        /// The task.
        id: String,
        /// Its state.
        state: TaskState,
    },
    /// A message or subscription for a task that already ended.
    #[error("task {id} is {}: it accepts no more messages or subscriptions", state.name())]
    Terminal {
        /// The task.
        id: String,
        /// Its state.
        state: TaskState,
    },
    /// A message for a task that is still working on the previous one.
    #[error("task {0} is still working; send the next message once it asks for input")]
    Busy(String),
    /// The request is malformed in task terms.
    #[error("{0}")]
    Invalid(String),
    /// No skill for the message.
    #[error(transparent)]
    Route(#[from] RouteError),
    /// A part's media type is not accepted by the skill.
    #[error("skill {skill} does not accept media type {media_type:?}; it accepts: {}", accepted.join(", "))]
    ContentType {
        /// The skill.
        skill: String,
        /// The part's media type.
        media_type: String,
        /// What the skill accepts.
        accepted: Vec<String>,
    },
    /// The task was evicted from the store while a stream followed it.
    #[error("task {0} was evicted from the store to make room; its stream ends here")]
    Gone(String),
    /// A turn ended without an outcome (its driver died); logged where it happened.
    #[error("the task's turn ended without an outcome")]
    Lost,
    /// The skill's plugin, or the host, runs and queues as many runs as it may: nothing was
    /// created; the client should retry after a while.
    #[error(transparent)]
    Overloaded(#[from] Overloaded),
    /// The store is full of tasks it may not evict (running ones).
    #[error("the task store is full of running tasks; retry later")]
    Capacity,
    /// The store failed; the cause is logged where it happened.
    #[error("task store failure")]
    Store(#[source] StoreError),
}

/// A storage backend failure.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct StoreError(pub String);

impl From<StoreError> for TaskError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "task store failure");
        Self::Store(e)
    }
}
