//! [`Backend`]: where logs are kept. The [`Store`](super::Store) above it keeps the views,
//! the bounds and the order of writes; a backend only keeps what it is given and answers
//! queries over it.

use std::sync::Arc;

use futures::future::BoxFuture;
use skillhost_types::TaskState;

use super::push::PushBackend;
use super::record::Record;
use super::view::View;
use crate::StoreError;

/// A task's index row: what queries filter and sort on, rewritten with each append.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The task.
    pub id: String,
    /// Its context.
    pub context_id: String,
    /// The skill that runs it.
    pub skill_id: String,
    /// Its owner.
    pub owner: String,
    /// SHA-256 of the component of its latest turn.
    pub component: String,
    /// Its state.
    pub state: TaskState,
    /// When the status last changed (microseconds since the Unix epoch).
    pub status_at: i64,
    /// When it was created (microseconds since the Unix epoch).
    pub created_at: i64,
    /// Sequence number of its last record.
    pub seq: u64,
    /// Bytes charged to it.
    pub bytes: usize,
}

impl Row {
    /// The row of a view.
    pub fn of(view: &View) -> Self {
        Self {
            id: view.task.id.clone(),
            context_id: view.task.context_id.clone(),
            skill_id: view.skill_id.clone(),
            owner: view.owner.clone(),
            component: view.component.clone(),
            state: view.state(),
            status_at: view.status_at,
            created_at: view.created_at,
            seq: view.seq,
            bytes: view.bytes,
        }
    }
}

/// One change in a commit.
#[derive(Debug, Clone)]
pub enum Write {
    /// Records `first..` of a task, and its row after them.
    Append {
        /// The row after the records.
        row: Row,
        /// Sequence number of the first record.
        first: u64,
        /// The records, in order.
        records: Vec<Arc<Record>>,
    },
    /// A task and its log are removed (evicted).
    Delete(String),
}

/// Which tasks [`Backend::oldest`] picks: the ones a full store gives up first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Terminal tasks.
    Finished,
    /// Tasks waiting for their client (input or auth required).
    Waiting,
}

/// Which tasks [`Backend::list`] returns. Instants are microseconds since the epoch.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Only tasks of this owner. The task manager always sets it: a caller lists its own
    /// tasks; `None` (every owner's) is for the store's own tests and tools.
    pub owner: Option<String>,
    /// Only tasks of this context.
    pub context_id: Option<String>,
    /// Only tasks in this state.
    pub state: Option<TaskState>,
    /// Only tasks whose status changed at or after this instant.
    pub status_after: Option<i64>,
    /// Continue after this task (the page cursor): its status instant and id.
    pub after: Option<(i64, String)>,
    /// At most this many.
    pub limit: usize,
}

/// A page of [`Backend::list`] results: ids, newest status first (ties by id, descending).
#[derive(Debug, Clone, Default)]
pub struct ListPage {
    /// The tasks' ids.
    pub ids: Vec<String>,
    /// How many tasks match the query in all.
    pub total: usize,
    /// Whether more follow this page.
    pub more: bool,
}

/// A log's records from some sequence number on: `(seq, record)`, in order.
pub type Records = Vec<(u64, Arc<Record>)>;

/// A storage backend for task logs.
///
/// Commits are atomic and durable when they return (for a backend that says it is
/// [`Backend::durable`]). Appends of one task arrive in sequence order; a row whose `seq`
/// is older than the stored one must not replace it. Deleting a task deletes its push
/// configs ([`PushBackend`]).
pub trait Backend: PushBackend + Send + Sync + 'static {
    /// Whether commits survive the process. A backend that is not durable must complete
    /// [`Backend::commit`] without waiting: the store calls it inline.
    fn durable(&self) -> bool;

    /// Applies a batch of writes in one transaction.
    fn commit<'a>(&'a self, batch: &'a [Write]) -> BoxFuture<'a, Result<(), StoreError>>;

    /// The records of task `id` after sequence number `after` (all of them for 0).
    fn records<'a>(&'a self, id: &'a str, after: u64)
    -> BoxFuture<'a, Result<Records, StoreError>>;

    /// The ids of the tasks matching `query`, newest status first.
    fn list<'a>(&'a self, query: &'a ListFilter) -> BoxFuture<'a, Result<ListPage, StoreError>>;

    /// Tasks of `class` with the oldest status (before `before`, if given), oldest first,
    /// with their charged bytes: at most `limit`.
    fn oldest<'a>(
        &'a self,
        class: Class,
        before: Option<i64>,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<(String, usize)>, StoreError>>;

    /// Ids of the tasks in one of `states`, at most `limit`, for the recovery pass.
    fn in_states<'a>(
        &'a self,
        states: &'a [TaskState],
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<String>, StoreError>>;

    /// Tasks held and their charged bytes in all.
    fn totals(&self) -> BoxFuture<'_, Result<(usize, usize), StoreError>>;
}
