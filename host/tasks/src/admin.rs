//! What an operator may see beyond one owner's tasks: the newest tasks of every owner, any
//! task, and any task's events as they come. Nothing in the protocol reaches these; the
//! server offers them only behind its admin token (the inspector).

use skillhost_types::Task;

use crate::store::Summary;
use crate::{TaskError, TaskManager, TaskStream};

impl TaskManager {
    /// The newest tasks of every owner, newest status first: at most `limit`, capped at
    /// [`crate::store::MAX_RECENT`].
    pub async fn recent(&self, limit: usize) -> Result<Vec<Summary>, TaskError> {
        Ok(self.shared.store.recent(limit).await?)
    }

    /// Task `id` of whichever owner, with its summary.
    pub async fn inspect(&self, id: &str) -> Result<(Summary, Task), TaskError> {
        let read = self
            .shared
            .store
            .read(id, |v| (Summary::of(v), v.task.clone()));
        read.await?
            .ok_or_else(|| TaskError::NotFound(id.to_string()))
    }

    /// Task `id`'s events after the one numbered `after` (0: from its start), as its owner's
    /// subscription would give them: the stream ends when a turn ends, and a client follows
    /// a waiting task by resuming after the last event it saw.
    pub async fn follow(&self, id: &str, after: u64) -> Result<TaskStream, TaskError> {
        let owner = self.shared.store.read(id, |v| v.owner.clone()).await?;
        let owner = owner.ok_or_else(|| TaskError::NotFound(id.to_string()))?;
        self.subscribe(&owner, id, Some(after)).await
    }
}
