//! Expiring tasks whose client never answers. A task waiting for input holds memory and a
//! place in the store; after the idle timeout it is canceled, which makes it the first to
//! go when the store needs room. The sweep reads the store, so after a restart it picks up
//! the tasks that were waiting before.

use std::sync::{Arc, Weak};
use std::time::Duration;

use skillhost_types::{Message, Part, TaskState, timestamp};

use crate::manager::Shared;
use crate::store::{Change, Class};
use crate::turn::set_status;
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
    let cutoff = timestamp::now_micros() - i64::try_from(timeout.as_micros()).unwrap_or(i64::MAX);
    let backend = &shared.store.inner.backend;
    let idle = backend.oldest(Class::Waiting, Some(cutoff), BATCH).await?;
    let mut expired = 0;
    for (id, _) in idle {
        let change = |c: &mut Change<'_>| cancel_idle(c, cutoff, timeout);
        if let Ok((_, true)) = shared.store.update(&id, false, 0, change).await {
            expired += 1;
        }
    }
    Ok(expired)
}

/// Cancels a task still waiting since before `cutoff`; false if it was answered meanwhile.
fn cancel_idle(c: &mut Change<'_>, cutoff: i64, timeout: Duration) -> Result<bool, TaskError> {
    let view = c.view();
    if !view.state().is_interrupted() || view.status_at >= cutoff {
        return Ok(false);
    }
    let text = format!("canceled: no answer within {} s", timeout.as_secs());
    let message = Message {
        task_id: Some(view.task.id.clone()),
        context_id: Some(view.task.context_id.clone()),
        ..Message::agent(vec![Part::text(text)])
    };
    set_status(c, TaskState::Canceled, Some(message), false)?;
    Ok(true)
}
