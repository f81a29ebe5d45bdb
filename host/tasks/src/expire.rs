//! Expiring tasks whose client never answers. A task waiting for input holds memory and a
//! place in the store; after the idle timeout it is canceled, which makes it the first to
//! go when the store needs room.

use std::sync::{Arc, Weak};
use std::time::Duration;

use skillhost_types::{Message, Part, StreamResponse, TaskState, TaskStatus, timestamp};

use crate::manager::Shared;
use crate::store::StoredTask;
use crate::turn::status_event;
use crate::{TaskError, TaskManager};

/// Tasks expired per sweep at most; the next sweep takes the rest.
const BATCH: usize = 1000;

impl TaskManager {
    /// Cancels the tasks that have waited for their client longer than the idle timeout and
    /// returns how many. Runs by itself once [`TaskManager::expire_in_background`] started it.
    pub async fn expire_idle(&self) -> Result<usize, TaskError> {
        expire(&self.shared).await
    }

    /// Sweeps for idle tasks every quarter of the idle timeout (at least every minute), for
    /// as long as the manager lives.
    pub fn expire_in_background(&self) -> tokio::task::JoinHandle<()> {
        let shared = Arc::downgrade(&self.shared);
        let every = (self.shared.config.idle_timeout / 4)
            .clamp(Duration::from_millis(100), Duration::from_secs(60));
        tokio::spawn(sweep(shared, every))
    }
}

async fn sweep(shared: Weak<Shared>, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        let Some(shared) = shared.upgrade() else {
            return;
        };
        if let Err(e) = expire(&shared).await {
            tracing::warn!(error = %e, "expiring idle tasks failed");
        }
    }
}

async fn expire(shared: &Shared) -> Result<usize, TaskError> {
    let timeout = shared.config.idle_timeout;
    let cutoff = timestamp::ago(timeout);
    let ids = shared.store.waiting_since(&cutoff, BATCH).await?;
    let mut expired = 0;
    for id in ids {
        let mutation = |t: &mut StoredTask| -> Result<Vec<StreamResponse>, TaskError> {
            // Answered meanwhile, or already gone: nothing to do.
            let state = t.task.status.state;
            let stale = t
                .task
                .status
                .timestamp
                .as_deref()
                .is_some_and(|ts| ts < cutoff.as_str());
            if !state.is_interrupted() || !stale {
                return Ok(Vec::new());
            }
            let text = format!("canceled: no answer within {} s", timeout.as_secs());
            let message = Message {
                task_id: Some(t.task.id.clone()),
                context_id: Some(t.task.context_id.clone()),
                ..Message::agent(vec![Part::text(text)])
            };
            let status = TaskStatus {
                state: TaskState::Canceled,
                message: Some(message),
                timestamp: Some(timestamp::now()),
            };
            t.task_mut().status = status;
            Ok(vec![status_event(&t.task)])
        };
        if let Ok(seq) = shared.store.update(&id, Box::new(mutation)).await {
            shared.bus.close(&id, seq);
            expired += 1;
        }
    }
    Ok(expired)
}
