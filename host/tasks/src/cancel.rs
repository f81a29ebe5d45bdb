//! `CancelTask`: stop a task wherever it is.

use std::sync::Arc;

use skillhost_types::{StreamResponse, Task, TaskState, TaskStatus, timestamp};

use crate::store::StoredTask;
use crate::turn::status_event;
use crate::{TaskError, TaskManager, transition};

/// What a cancel attempt found.
enum Found {
    /// The task was waiting; it is now canceled.
    Canceled(Arc<Task>, u64),
    /// A turn is running; its driver must stop it.
    Running,
}

/// Attempts before a cancel gives up on a task that keeps starting new turns.
const ATTEMPTS: usize = 4;

impl TaskManager {
    /// `CancelTask`: a waiting task is canceled at once; a running turn is stopped (its guest
    /// is interrupted at the next preemption point) and the task ends CANCELED. A task that
    /// already ended cannot be canceled.
    pub async fn cancel(&self, id: &str) -> Result<Task, TaskError> {
        for _ in 0..ATTEMPTS {
            match self.try_cancel(id).await? {
                Found::Canceled(task, seq) => {
                    self.shared.bus.close(id, seq);
                    return Ok(Arc::unwrap_or_clone(task));
                }
                Found::Running => {
                    let running = self.shared.running.get(id).map(|r| r.clone());
                    match running {
                        Some(mut r) => {
                            r.cancel.cancel();
                            let _ = r.finished.wait_for(|done| *done).await;
                        }
                        // The driver is between its last write and deregistering.
                        None => tokio::task::yield_now().await,
                    }
                    let task = self.visible(id).await?.task;
                    match task.status.state {
                        TaskState::Canceled => return Ok(Arc::unwrap_or_clone(task)),
                        state if state.is_terminal() => {
                            return Err(TaskError::NotCancelable {
                                id: id.to_string(),
                                state,
                            });
                        }
                        // The turn ended interrupted before the signal landed: try again.
                        _ => {}
                    }
                }
            }
        }
        Err(TaskError::Busy(id.to_string()))
    }

    async fn try_cancel(&self, id: &str) -> Result<Found, TaskError> {
        let mut canceled = None;
        let mutation = |t: &mut StoredTask| -> Result<Vec<StreamResponse>, TaskError> {
            let state = t.task.status.state;
            if !t.visible {
                return Err(TaskError::NotFound(id.to_string()));
            }
            if state.is_terminal() {
                return Err(TaskError::NotCancelable {
                    id: id.to_string(),
                    state,
                });
            }
            if !state.is_interrupted() {
                return Ok(Vec::new());
            }
            transition::check(state, TaskState::Canceled)
                .map_err(|e| TaskError::Invalid(e.to_string()))?;
            t.task_mut().status = TaskStatus {
                state: TaskState::Canceled,
                message: None,
                timestamp: Some(timestamp::now()),
            };
            canceled = Some(t.task.clone());
            Ok(vec![status_event(&t.task)])
        };
        let seq = self.shared.store.update(id, Box::new(mutation)).await?;
        Ok(canceled.map_or(Found::Running, |task| Found::Canceled(task, seq)))
    }
}
