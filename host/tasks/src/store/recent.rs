//! [`Store::recent`]: the newest tasks of every owner, for an operator's view (the
//! inspector). The protocol's `ListTasks` is always scoped to its caller; this is not, so
//! only an admin surface may call it, and a page is bounded by [`MAX_RECENT`].

use skillhost_types::TaskState;

use super::{ListFilter, Store, View};
use crate::StoreError;

/// The most tasks one [`Store::recent`] page holds, whatever the caller asks: a page is
/// read view by view, so its size bounds the work of one call.
pub const MAX_RECENT: usize = 200;

/// One task as an operator lists it: who, what, where it stands, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The task's id.
    pub id: String,
    /// Its context.
    pub context_id: String,
    /// The skill that runs it.
    pub skill_id: String,
    /// Who owns it.
    pub owner: String,
    /// Its state.
    pub state: TaskState,
    /// When it was created (microseconds since the Unix epoch).
    pub created_at: i64,
    /// When its status last changed (microseconds since the Unix epoch).
    pub status_at: i64,
    /// Sequence number of its last record: the events it has.
    pub seq: u64,
}

impl Summary {
    /// The summary of a task's view.
    pub fn of(view: &View) -> Self {
        Self {
            id: view.task.id.clone(),
            context_id: view.task.context_id.clone(),
            skill_id: view.skill_id.clone(),
            owner: view.owner.clone(),
            state: view.state(),
            created_at: view.created_at,
            status_at: view.status_at,
            seq: view.seq,
        }
    }
}

impl Store {
    /// The visible tasks of every owner, newest status first: at most `limit`, and never
    /// more than [`MAX_RECENT`]. A task evicted while the page is read is left out.
    pub async fn recent(&self, limit: usize) -> Result<Vec<Summary>, StoreError> {
        let filter = ListFilter {
            owner: None,
            limit: limit.clamp(1, MAX_RECENT),
            ..ListFilter::default()
        };
        let page = self.list(&filter).await?;
        let mut tasks = Vec::with_capacity(page.ids.len());
        for id in &page.ids {
            if let Some(summary) = self.read(id, Summary::of).await? {
                tasks.push(summary);
            }
        }
        Ok(tasks)
    }
}
