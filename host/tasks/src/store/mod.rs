//! The task store: every task's event log (the truth), the views built from it, and the
//! bounds on what they hold.
//!
//! # How a change flows
//! 1. The engine calls [`Store::update`] with a closure that reads the task's [`View`] and
//!    pushes [`Record`]s. Each record is applied to the view at once, incrementally, under
//!    that task's lock only (tasks are locked one at a time, never the whole store).
//! 2. The records go to the backend: a durable one gets them through one writer task that
//!    commits the appends of many tasks in one transaction (group commit); the in-memory
//!    one takes them inline.
//! 3. After the commit that holds a record, and only then, the [`Bus`] wakes the task's
//!    readers and a caller waiting on the change is answered: what a client was told
//!    survives `kill -9`. With many hosts on one PostgreSQL database, a cross-host bus
//!    (`LISTEN`/`NOTIFY` or NATS, see [`crate::bus`]) carries the same wake-up to the
//!    readers on the other hosts, who read the records from the shared log.
//!
//! A task that no client has seen yet (a new turn that may still turn out to be a direct
//! reply) lives only here until it shows: a direct reply never touches the backend.
//!
//! # Bounds and retention
//! Every record's size is charged to its task and to the host total. A task may hold
//! `max_task_bytes` (checked by [`Store::admit`] before content is added); the host holds
//! at most [`StoreLimits::max_tasks`] tasks and [`StoreLimits::max_bytes`] bytes. When
//! full, the store makes room by evicting, oldest status first: finished tasks, then tasks
//! waiting for their client; never running ones. An evicted task is gone with its log, and
//! its open streams end with an error. A finished task keeps its log (what `GetTask` and a
//! resumed stream need) until then; the engine's in-memory state for it (its view and log
//! copy) is dropped once [`FINISHED_CACHE`] newer tasks have finished. The memory held for
//! live tasks is their view plus their log, at most twice what they are charged.
//!
//! # Layout
//! - [`record`]: [`Record`], an entry of a log; [`view`]: [`View`], a task built from one.
//! - [`push`]: [`PushBackend`], push configs and their delivery cursors (every backend).
//! - [`backend`]: the [`Backend`] trait; [`MemoryBackend`], [`SqliteBackend`],
//!   [`PostgresBackend`]; [`open`]: a backend from a URL.
//! - `write`: updates, group commit and wake-ups; `room`: admission and eviction.
//! - [`recent`]: every owner's newest tasks, for an operator's view.

pub mod backend;
mod memory;
pub mod open;
mod postgres;
pub mod push;
#[cfg(test)]
mod push_tests;
pub mod recent;
#[cfg(test)]
mod recent_tests;
pub mod record;
pub(crate) mod room;
mod sql;
mod sql_push;
mod sqlite;
#[cfg(test)]
mod tests;
pub mod view;
mod write;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use dashmap::DashMap;
use tokio::sync::mpsc;

pub use backend::{Backend, Class, ListFilter, ListPage, Records, Row, Write};
pub use memory::MemoryBackend;
pub use postgres::PostgresBackend;
pub use push::{PushBackend, PushRow};
pub use recent::{MAX_RECENT, Summary};
pub use record::Record;
pub use sqlite::SqliteBackend;
pub use view::View;
pub(crate) use write::Change;

use crate::StoreError;
use crate::bus::Bus;

/// What `ListTasks` asks for, as the protocol gives it: timestamps are RFC 3339 text, turned
/// into instants before they reach a backend.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Only tasks of this context.
    pub context_id: Option<String>,
    /// Only tasks in this state.
    pub state: Option<skillhost_types::TaskState>,
    /// Only tasks whose status changed at or after this timestamp.
    pub status_after: Option<String>,
    /// Continue after this task (the page cursor): its status timestamp and id.
    pub after: Option<(String, String)>,
    /// At most this many.
    pub limit: usize,
}

/// Finished tasks whose views stay in memory after they finish, the most recent ones.
pub const FINISHED_CACHE: usize = 1024;

/// How much the store holds.
#[derive(Debug, Clone)]
pub struct StoreLimits {
    /// Tasks held at once, finished ones included. Default 100 000.
    pub max_tasks: usize,
    /// Bytes charged to all tasks together (their logs). Default 1 GiB.
    pub max_bytes: usize,
}

impl Default for StoreLimits {
    fn default() -> Self {
        Self {
            max_tasks: 100_000,
            max_bytes: 1 << 30,
        }
    }
}

/// The task store. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) backend: Arc<dyn Backend>,
    pub(crate) bus: Arc<dyn Bus>,
    limits: StoreLimits,
    /// The views in memory: every live task, and the most recently finished ones.
    views: DashMap<String, Arc<Slot>>,
    /// Finished views in memory, oldest first; stale ids are skipped.
    finished: Mutex<VecDeque<String>>,
    /// Tasks and charged bytes held, hidden ones included.
    count: AtomicUsize,
    bytes: AtomicUsize,
    /// The group-commit writer, for a durable backend.
    writer: Option<mpsc::UnboundedSender<write::Job>>,
    /// One eviction at a time: victims are picked from committed state.
    evicting: tokio::sync::Mutex<()>,
}

/// A task in memory, behind its own lock.
pub(crate) struct Slot {
    entry: Mutex<Entry>,
}

pub(crate) struct Entry {
    view: View,
    /// The whole log, while the view is in memory.
    log: Vec<Arc<Record>>,
    /// Sequence number up to which the log is committed (readers see no further).
    committed: u64,
    /// Whether a client has seen the task; a hidden task is not written to the backend.
    visible: bool,
    /// Evicted or deleted: changes fail as if the task did not exist.
    gone: bool,
}

impl Slot {
    fn new(entry: Entry) -> Arc<Self> {
        Arc::new(Self {
            entry: Mutex::new(entry),
        })
    }

    // A std mutex: nothing awaits while it is held; sections apply a few records.
    fn lock(&self) -> MutexGuard<'_, Entry> {
        self.entry.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Store {
    /// A store over `backend`, waking readers through `bus`. Reads the backend's totals
    /// and, for a durable backend, starts the writer.
    pub async fn open(
        backend: Arc<dyn Backend>,
        bus: Arc<dyn Bus>,
        limits: StoreLimits,
    ) -> Result<Self, StoreError> {
        let (count, bytes) = backend.totals().await?;
        let writer = backend
            .durable()
            .then(|| write::spawn(backend.clone(), bus.clone()));
        let limits = StoreLimits {
            max_tasks: limits.max_tasks.max(1),
            ..limits
        };
        let inner = Inner {
            backend,
            bus,
            limits,
            views: DashMap::new(),
            finished: Mutex::new(VecDeque::new()),
            count: AtomicUsize::new(count),
            bytes: AtomicUsize::new(bytes),
            writer,
            evicting: tokio::sync::Mutex::new(()),
        };
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// Starts listening to task `id`'s log: see [`Bus::listen`].
    pub fn listen(&self, id: &str) -> crate::bus::Listener {
        self.inner.bus.listen(id)
    }

    /// The backend, for what lives beside the logs: push configs.
    pub fn backend(&self) -> &Arc<dyn Backend> {
        &self.inner.backend
    }

    /// Tasks held now and the bytes charged to them.
    pub fn totals(&self) -> (usize, usize) {
        let i = &self.inner;
        (
            i.count.load(Ordering::Relaxed),
            i.bytes.load(Ordering::Relaxed),
        )
    }

    /// Reads task `id` if it exists and a client may see it, once all of it is committed:
    /// nothing a client reads can be lost to a crash.
    #[tracing::instrument(name = "store", skip_all, fields(op = "read", task_id = id))]
    pub async fn read<R>(
        &self,
        id: &str,
        f: impl FnOnce(&View) -> R,
    ) -> Result<Option<R>, StoreError> {
        let Some(slot) = self.slot(id).await? else {
            return Ok(None);
        };
        loop {
            // Listening first, so that a commit between the check and the wait is not missed.
            let mut listener = self.inner.bus.listen(id);
            {
                let entry = slot.lock();
                if !entry.visible || entry.gone {
                    return Ok(None);
                }
                if entry.committed >= entry.view.seq {
                    return Ok(Some(f(&entry.view)));
                }
            }
            listener.changed().await;
        }
    }

    /// The committed records of `id` after `after`, in order, and whether they end the log
    /// of a finished task; `None` if the task is gone.
    #[tracing::instrument(name = "store", skip_all, fields(op = "records", task_id = id))]
    pub async fn records(
        &self,
        id: &str,
        after: u64,
    ) -> Result<Option<(Records, bool)>, StoreError> {
        let Some(slot) = self.slot(id).await? else {
            return Ok(None);
        };
        let entry = slot.lock();
        if entry.gone {
            return Ok(None);
        }
        let to = usize::try_from(entry.committed).unwrap_or(usize::MAX);
        let from = usize::try_from(after).unwrap_or(usize::MAX).min(to);
        let tail = entry.log[from..to].iter().cloned();
        let finished = entry.view.state().is_terminal() && entry.committed == entry.view.seq;
        Ok(Some(((after + 1..).zip(tail).collect(), finished)))
    }

    /// The ids of the visible tasks matching `query`, newest status first.
    #[tracing::instrument(name = "store", skip_all, fields(op = "list"))]
    pub async fn list(&self, query: &ListFilter) -> Result<ListPage, StoreError> {
        let started = std::time::Instant::now();
        let page = self.inner.backend.list(query).await;
        crate::metrics::store_op("list", started);
        page
    }

    /// The task's view in memory, loaded from its log if it is not there yet.
    pub(crate) async fn slot(&self, id: &str) -> Result<Option<Arc<Slot>>, StoreError> {
        if let Some(slot) = self.inner.views.get(id) {
            return Ok(Some(slot.clone()));
        }
        let started = std::time::Instant::now();
        let records = self.inner.backend.records(id, 0).await?;
        crate::metrics::store_op("load", started);
        let Some(view) = View::replay(records.iter().map(|(_, r)| &**r)) else {
            return Ok(None);
        };
        let finished = view.state().is_terminal();
        let entry = Entry {
            committed: view.seq,
            view,
            log: records.into_iter().map(|(_, r)| r).collect(),
            visible: true,
            gone: false,
        };
        let slot = self
            .inner
            .views
            .entry(id.to_string())
            .or_insert_with(|| Slot::new(entry))
            .clone();
        if finished {
            self.finished(id);
        }
        Ok(Some(slot))
    }

    /// Remembers that `id` finished, and lets the oldest finished views go from memory.
    fn finished(&self, id: &str) {
        let mut fifo = self
            .inner
            .finished
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        fifo.push_back(id.to_string());
        while fifo.len() > FINISHED_CACHE {
            let Some(old) = fifo.pop_front() else { break };
            // Only a finished view whose log is all in the backend may go.
            self.inner.views.remove_if(&old, |_, slot| {
                let e = slot.lock();
                e.view.state().is_terminal() && e.committed == e.view.seq
            });
        }
    }
}
