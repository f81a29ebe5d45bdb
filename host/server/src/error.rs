//! From task errors to A2A errors. How each A2A error then looks in each binding (code,
//! reason, HTTP status) is the one table in [`skillhost_types::error`].

use skillhost_tasks::TaskError;
use skillhost_types::skill::RouteError;
use skillhost_types::{A2aError, ErrorKind};

/// The A2A error a client sees for a task error.
pub(crate) fn from_task(e: TaskError) -> A2aError {
    let text = e.to_string();
    match e {
        TaskError::NotFound(id) | TaskError::Gone(id) => A2aError::task_not_found(&id),
        // No error of its own in A2A: the config is as unknown as a task would be.
        TaskError::PushConfigNotFound { task, id } => A2aError::new(ErrorKind::TaskNotFound, text)
            .with("taskId", task)
            .with("configId", id),
        TaskError::NotCancelable { id, state } => A2aError::new(ErrorKind::TaskNotCancelable, text)
            .with("taskId", id)
            .with("state", state.name()),
        TaskError::Terminal { id, state } => A2aError::new(ErrorKind::UnsupportedOperation, text)
            .with("taskId", id)
            .with("state", state.name()),
        TaskError::Busy(id) => {
            A2aError::new(ErrorKind::UnsupportedOperation, text).with("taskId", id)
        }
        TaskError::Invalid(_) => A2aError::invalid_params(text),
        TaskError::Route(
            RouteError::Unknown { available, .. } | RouteError::Unchosen { available },
        ) => A2aError::invalid_params(text).with("availableSkills", available.join(",")),
        TaskError::ContentType {
            media_type, skill, ..
        } => A2aError::new(ErrorKind::ContentTypeNotSupported, text)
            .with("mediaType", media_type)
            .with("skillId", skill),
        TaskError::Capacity => A2aError::new(ErrorKind::Internal, text),
        // Refused at admission, before any task existed: nothing to clean up; try later.
        TaskError::Overloaded(o) => A2aError::new(ErrorKind::Internal, text)
            .with("retryAfterSeconds", o.retry_after.as_secs().to_string())
            .with("queue", o.queue.name())
            .with("plugin", o.plugin),
        // Logged where it happened; the client learns nothing of the cause.
        TaskError::Store(_) | TaskError::Lost => A2aError::internal(),
    }
}
