//! `CancelTask`: stop a task wherever it is.

use skillhost_types::{Task, TaskState};

use crate::store::Change;
use crate::turn::set_status;
use crate::{TaskError, TaskManager};

/// Attempts before a cancel gives up on a task that keeps starting new turns.
const ATTEMPTS: usize = 4;

impl TaskManager {
    /// `CancelTask`: a waiting task is canceled at once; a running turn is stopped (its guest
    /// is interrupted at the next preemption point) and the task ends CANCELED. A task that
    /// already ended cannot be canceled. Only `owner` may cancel it; to anyone else there is
    /// no such task.
    pub async fn cancel(&self, owner: &str, id: &str) -> Result<Task, TaskError> {
        // A task's owner never changes, so checking once, before any change, is enough.
        self.task_of(owner, id).await?;
        for _ in 0..ATTEMPTS {
            let (_, canceled) = self
                .shared
                .store
                .update(id, true, 0, |c| try_cancel(c, id))
                .await?;
            if let Some(task) = canceled {
                return Ok(task);
            }
            let running = self.shared.running.get(id).map(|r| r.clone());
            match running {
                Some(mut r) => {
                    r.cancel.cancel();
                    let _ = r.finished.wait_for(|done| *done).await;
                }
                // The driver is between its last write and deregistering.
                None => tokio::task::yield_now().await,
            }
            let found = self.visible(owner, id, |v| (v.task.clone(), v.state()));
            let (task, state) = found.await?;
            match state {
                TaskState::Canceled => return Ok(task),
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
        Err(TaskError::Busy(id.to_string()))
    }
}

/// Cancels a waiting task and returns it; `None` if a turn is running (its driver must stop
/// it).
fn try_cancel(c: &mut Change<'_>, id: &str) -> Result<Option<Task>, TaskError> {
    let state = c.view().state();
    if !c.visible() {
        return Err(TaskError::NotFound(id.to_string()));
    }
    if state.is_terminal() {
        return Err(TaskError::NotCancelable {
            id: id.to_string(),
            state,
        });
    }
    if !state.is_interrupted() {
        return Ok(None);
    }
    set_status(c, TaskState::Canceled, None, false)?;
    Ok(Some(c.view().task.clone()))
}
