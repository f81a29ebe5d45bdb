//! [`TaskStore`]: where tasks and their event logs live.
//!
//! A backend keeps, per task, the current [`StoredTask`] and an ordered log of the events
//! that led there, each with a sequence number (1, 2, …). Every change goes through
//! [`TaskStore::update`], which applies a mutation and appends the events it returns in one
//! atomic step: a relational backend runs it in a transaction, the in-memory one under a
//! lock. Readers follow a task by asking for the events after the last sequence number they
//! saw, so a slow reader can never lose events.

mod memory;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use futures::future::BoxFuture;
use skillhost_types::{StreamResponse, Task, TaskState};

pub use memory::{MemoryStore, StoreLimits};

use crate::TaskError;

/// A task as stored: the A2A task plus what the engine needs to resume it.
///
/// The task itself is shared: readers get the `Arc` and copy nothing; a mutation that finds
/// a reader still holding the old version copies it then ([`StoredTask::task_mut`]).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredTask {
    /// The task, with its whole history and merged artifacts.
    pub task: Arc<Task>,
    /// The skill that runs it.
    pub skill_id: String,
    /// Sequence number of the last event in its log (0: none yet).
    pub seq: u64,
    /// False until the client has seen the task: a turn that ends in a direct message never
    /// becomes a task the client can see, and is deleted.
    pub visible: bool,
    /// Ids of the artifacts whose last chunk was sent: later turns may not extend them.
    pub sealed: Vec<String>,
}

impl StoredTask {
    /// The task, for changing it.
    pub fn task_mut(&mut self) -> &mut Task {
        Arc::make_mut(&mut self.task)
    }
}

/// One event of a task's log.
#[derive(Debug, Clone)]
pub struct Sequenced {
    /// Its position in the log.
    pub seq: u64,
    /// The event; shared, since every subscriber sends the same one.
    pub event: Arc<StreamResponse>,
}

/// A mutation for [`TaskStore::update`]: changes the task and returns the events to log.
///
/// A mutation checks everything it needs before it changes anything, so that an error
/// leaves the task as it was. Backends rely on that instead of copying the task first: the
/// copy would cost the whole history on every event.
pub type Mutation<'a> =
    Box<dyn FnOnce(&mut StoredTask) -> Result<Vec<StreamResponse>, TaskError> + Send + 'a>;

/// What [`TaskStore::list`] returns tasks for.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Only tasks of this context.
    pub context_id: Option<String>,
    /// Only tasks in this state.
    pub state: Option<TaskState>,
    /// Only tasks whose status changed at or after this timestamp (ISO-8601).
    pub status_after: Option<String>,
    /// Continue after this task (the page cursor): its status timestamp and id.
    pub after: Option<(String, String)>,
    /// At most this many.
    pub limit: usize,
}

/// A page of [`TaskStore::list`] results, newest status first.
#[derive(Debug, Clone, Default)]
pub struct ListPage {
    /// The tasks.
    pub tasks: Vec<Arc<Task>>,
    /// How many tasks match the query in all.
    pub total: usize,
    /// Whether more follow this page.
    pub more: bool,
}

/// A task storage backend.
pub trait TaskStore: Send + Sync + 'static {
    /// Adds a new task. Fails with [`TaskError::Capacity`] when the backend is full.
    fn insert(&self, task: StoredTask) -> BoxFuture<'_, Result<(), TaskError>>;

    /// The task with this id.
    fn get<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Option<StoredTask>, TaskError>>;

    /// Applies `mutation` atomically and appends the events it returns; returns the new
    /// sequence number. [`TaskError::NotFound`] if there is no such task.
    fn update<'a>(
        &'a self,
        id: &'a str,
        mutation: Mutation<'a>,
    ) -> BoxFuture<'a, Result<u64, TaskError>>;

    /// The events after sequence number `after`, in order.
    fn events_after<'a>(
        &'a self,
        id: &'a str,
        after: u64,
    ) -> BoxFuture<'a, Result<Vec<Sequenced>, TaskError>>;

    /// Removes a task and its log.
    fn delete<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<(), TaskError>>;

    /// Visible tasks matching `query`, newest status first (ties by id, descending).
    fn list<'a>(&'a self, query: &'a ListQuery) -> BoxFuture<'a, Result<ListPage, TaskError>>;

    /// Ids of visible tasks waiting for the client (input or auth required) whose status is
    /// older than `before` (a timestamp), oldest first, at most `limit`.
    fn waiting_since<'a>(
        &'a self,
        before: &'a str,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<String>, TaskError>>;
}
