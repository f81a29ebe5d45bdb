//! The recovery pass at start: what the host was doing when it died.
//!
//! A turn does not survive its host (its guest's memory is gone), so a task that was
//! SUBMITTED or WORKING ends FAILED, with `failureKind` `hostRestart` and a status message
//! saying so; the client may send the message again. Tasks waiting for input keep waiting,
//! with their whole history, and their idle expiry goes on from the store. Finished tasks,
//! their artifacts and logs are untouched.

use skillhost_types::{Message, TaskState};

use crate::outcome::failure;
use crate::store::Change;
use crate::turn::set_status;
use crate::{TaskError, TaskManager};

/// `failureKind` of a task whose turn was cut short by a restart of the host.
pub const HOST_RESTART: &str = "hostRestart";

/// Tasks failed per round; rounds repeat until none is left.
const ROUND: usize = 1000;

impl TaskManager {
    /// Fails the tasks whose turn was running when the host stopped; returns how many. Call
    /// once at start, before serving, while no turn runs.
    pub async fn recover(&self) -> Result<usize, TaskError> {
        let store = &self.shared.store;
        let running = [TaskState::Submitted, TaskState::Working];
        let mut recovered = 0;
        loop {
            let ids = store.inner.backend.in_states(&running, ROUND).await?;
            if ids.is_empty() {
                break;
            }
            // All of a round at once: the group commit writes them together.
            let fails = ids.iter().map(|id| store.update(id, true, 0, fail));
            for result in futures::future::join_all(fails).await {
                result?;
                recovered += 1;
            }
        }
        if recovered > 0 {
            tracing::warn!(
                tasks = recovered,
                "tasks cut short by the last stop ended FAILED (hostRestart)"
            );
        }
        Ok(recovered)
    }
}

fn fail(c: &mut Change<'_>) -> Result<(), TaskError> {
    if c.view().state().ends_turn() {
        return Ok(());
    }
    let text = "the host restarted while this task was running; send the message again to retry";
    let reply = failure(text.into(), HOST_RESTART);
    let message = Message {
        task_id: Some(c.view().task.id.clone()),
        context_id: Some(c.view().task.context_id.clone()),
        metadata: reply.metadata,
        ..Message::agent(reply.parts)
    };
    set_status(c, TaskState::Failed, Some(message), true)
}
