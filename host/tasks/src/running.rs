//! Which tasks have a turn running, and what stops each: a cancel finds a running turn
//! here, and a second turn of the same task is refused here.

use std::sync::atomic::{AtomicU64, Ordering};

use dashmap::mapref::entry::Entry;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::executor::Admission;
use crate::manager::Running;
use crate::{TaskError, TaskManager};

/// A turn's registration in `running`: its number, what cancels it, and the flag its driver
/// raises once it has written the turn's last state.
pub(crate) struct Registration {
    /// The run's place in the executor's queues, taken before the task existed.
    pub(crate) admission: Admission,
    pub(crate) turn: u64,
    pub(crate) cancel: CancellationToken,
    pub(crate) finished: watch::Sender<bool>,
}

/// Numbers turns, so a finished driver never removes the registration of a newer turn.
static TURNS: AtomicU64 = AtomicU64::new(1);

impl TaskManager {
    /// Registers a turn before it can be seen running, so a cancel always finds it. A task
    /// runs one turn at a time: a second registration is refused, unless the first turn's
    /// driver has finished and only not yet deregistered.
    pub(crate) fn register(
        &self,
        id: &str,
        admission: Admission,
    ) -> Result<Registration, TaskError> {
        let turn = TURNS.fetch_add(1, Ordering::Relaxed);
        let cancel = CancellationToken::new();
        let (finished, rx) = watch::channel(false);
        let running = Running {
            turn,
            cancel: cancel.clone(),
            finished: rx,
        };
        match self.shared.running.entry(id.to_string()) {
            Entry::Occupied(mut e) if *e.get().finished.borrow() => {
                e.insert(running);
            }
            Entry::Occupied(_) => return Err(TaskError::Busy(id.to_string())),
            Entry::Vacant(e) => {
                e.insert(running);
            }
        }
        Ok(Registration {
            admission,
            turn,
            cancel,
            finished,
        })
    }

    pub(crate) fn unregister(&self, id: &str, turn: u64) {
        self.shared.running.remove_if(id, |_, r| r.turn == turn);
    }
}
