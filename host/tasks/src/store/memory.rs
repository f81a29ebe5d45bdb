//! [`MemoryStore`]: tasks in process memory, bounded in count and bytes, lost on restart.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use futures::future::{BoxFuture, FutureExt};
use skillhost_types::{ApproxSize, StreamResponse, Task, TaskState};

use super::{ListPage, ListQuery, Mutation, Sequenced, StoredTask, TaskStore};
use crate::TaskError;

/// How much a [`MemoryStore`] holds.
#[derive(Debug, Clone)]
pub struct StoreLimits {
    /// Tasks held at once. Default 100 000.
    pub max_tasks: usize,
    /// Approximate bytes of tasks and event logs held at once. Default 1 GiB.
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

/// The in-memory backend.
///
/// When it is full (by count or by bytes) it makes room by forgetting tasks: finished ones
/// first, oldest first; then tasks that have waited longest for their client (input or auth
/// required). Running tasks are never forgotten: with nothing else to drop, new tasks are
/// refused with [`TaskError::Capacity`]. So clients cannot grow it without bound, and one
/// client filling it with waiting tasks costs the oldest waiters, not everyone's service.
pub struct MemoryStore {
    inner: Mutex<Inner>,
    limits: StoreLimits,
}

#[derive(Default)]
struct Inner {
    tasks: HashMap<String, Entry>,
    /// Tasks in the order they finished; stale ids (deleted, evicted) are skipped.
    finished: VecDeque<String>,
    /// Tasks in the order they started waiting, with the log position at that moment: an
    /// entry whose task has moved on since is stale and skipped.
    waiting: VecDeque<(String, u64)>,
    /// Sum of the entries' sizes.
    bytes: usize,
}

struct Entry {
    stored: StoredTask,
    log: Vec<Arc<StreamResponse>>,
    /// Approximate size of the task plus its log.
    bytes: usize,
    log_bytes: usize,
}

impl MemoryStore {
    /// A store with these limits.
    pub fn new(limits: StoreLimits) -> Self {
        let limits = StoreLimits {
            max_tasks: limits.max_tasks.max(1),
            ..limits
        };
        Self {
            inner: Mutex::new(Inner::default()),
            limits,
        }
    }

    /// Tasks held now (finished ones included).
    pub fn len(&self) -> usize {
        self.lock().tasks.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    // A std mutex, not tokio's: nothing awaits while it is held. Critical sections are map
    // operations and `Arc` clones; copies of task contents happen outside, except when a
    // mutation changes a task that a reader still holds.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Inner {
    fn full(&self, limits: &StoreLimits, extra_tasks: usize, extra_bytes: usize) -> bool {
        self.tasks.len() + extra_tasks > limits.max_tasks
            || self.bytes + extra_bytes > limits.max_bytes
    }

    /// Forgets tasks until `extra` more fit, sparing `keep`; false if it could not.
    fn make_room(
        &mut self,
        limits: &StoreLimits,
        (tasks, bytes): (usize, usize),
        keep: &str,
    ) -> bool {
        while self.full(limits, tasks, bytes) {
            if !self.evict_finished(keep) && !self.evict_waiting(keep) {
                return false;
            }
        }
        true
    }

    fn evict_finished(&mut self, keep: &str) -> bool {
        while let Some(id) = self.finished.pop_front() {
            let done = self
                .tasks
                .get(&id)
                .is_some_and(|e| e.stored.task.status.state.is_terminal());
            if done && id != keep {
                self.remove(&id);
                return true;
            }
        }
        false
    }

    fn evict_waiting(&mut self, keep: &str) -> bool {
        while let Some((id, seq)) = self.waiting.pop_front() {
            let still = self
                .tasks
                .get(&id)
                .is_some_and(|e| e.stored.seq == seq && waiting(&e.stored));
            if still && id != keep {
                self.remove(&id);
                return true;
            }
        }
        false
    }

    fn remove(&mut self, id: &str) {
        if let Some(entry) = self.tasks.remove(id) {
            self.bytes -= entry.bytes;
        }
    }

    /// Files a task under the queue its state belongs to, after a change of state.
    fn track(&mut self, id: &str, before: TaskState) {
        let Some(entry) = self.tasks.get(id) else {
            return;
        };
        let state = entry.stored.task.status.state;
        if state == before {
            return;
        }
        if state.is_terminal() {
            self.finished.push_back(id.to_string());
        } else if waiting(&entry.stored) {
            self.waiting.push_back((id.to_string(), entry.stored.seq));
        }
        self.compact();
    }

    /// Drops stale queue entries once they outnumber live tasks. Amortized O(1).
    fn compact(&mut self) {
        let limit = 2 * self.tasks.len() + 1024;
        if self.finished.len() > limit {
            let tasks = &self.tasks;
            self.finished.retain(|id| tasks.contains_key(id));
        }
        if self.waiting.len() > limit {
            let tasks = &self.tasks;
            self.waiting
                .retain(|(id, seq)| tasks.get(id).is_some_and(|e| e.stored.seq == *seq));
        }
    }
}

fn waiting(stored: &StoredTask) -> bool {
    stored.visible && stored.task.status.state.is_interrupted()
}

fn size(stored: &StoredTask) -> usize {
    stored.task.approx_size() + stored.skill_id.len()
}

impl TaskStore for MemoryStore {
    fn insert(&self, task: StoredTask) -> BoxFuture<'_, Result<(), TaskError>> {
        let mut inner = self.lock();
        let bytes = size(&task);
        let id = task.task.id.clone();
        let result = if inner.make_room(&self.limits, (1, bytes), "") {
            inner.tasks.insert(
                id.clone(),
                Entry {
                    stored: task,
                    log: Vec::new(),
                    bytes,
                    log_bytes: 0,
                },
            );
            inner.bytes += bytes;
            // A new task has had no state before: file it under whatever queue it belongs to.
            inner.track(&id, TaskState::Unspecified);
            Ok(())
        } else {
            Err(TaskError::Capacity)
        };
        std::future::ready(result).boxed()
    }

    fn get<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Option<StoredTask>, TaskError>> {
        let found = self.lock().tasks.get(id).map(|e| e.stored.clone());
        std::future::ready(Ok(found)).boxed()
    }

    fn update<'a>(
        &'a self,
        id: &'a str,
        mutation: Mutation<'a>,
    ) -> BoxFuture<'a, Result<u64, TaskError>> {
        let mut inner = self.lock();
        let Some(entry) = inner.tasks.get_mut(id) else {
            return std::future::ready(Err(TaskError::NotFound(id.to_string()))).boxed();
        };
        let before = entry.stored.task.status.state;
        let result = mutation(&mut entry.stored).map(|events| {
            entry.stored.seq += events.len() as u64;
            entry.log_bytes += events.iter().map(ApproxSize::approx_size).sum::<usize>();
            entry.log.extend(events.into_iter().map(Arc::new));
            let grown = size(&entry.stored) + entry.log_bytes;
            let delta = grown as isize - entry.bytes as isize;
            entry.bytes = grown;
            (entry.stored.seq, delta)
        });
        let result = result.map(|(seq, delta)| {
            inner.bytes = inner.bytes.saturating_add_signed(delta);
            inner.track(id, before);
            // A task that grows makes room by pushing out others; it is never refused here:
            // its own growth is bounded per task by the engine.
            inner.make_room(&self.limits, (0, 0), id);
            seq
        });
        std::future::ready(result).boxed()
    }

    fn events_after<'a>(
        &'a self,
        id: &'a str,
        after: u64,
    ) -> BoxFuture<'a, Result<Vec<Sequenced>, TaskError>> {
        let inner = self.lock();
        let result = match inner.tasks.get(id) {
            None => Err(TaskError::NotFound(id.to_string())),
            Some(entry) => {
                let start = usize::try_from(after)
                    .unwrap_or(usize::MAX)
                    .min(entry.log.len());
                let events = entry.log[start..]
                    .iter()
                    .enumerate()
                    .map(|(i, e)| Sequenced {
                        seq: after + 1 + i as u64,
                        event: e.clone(),
                    });
                Ok(events.collect())
            }
        };
        std::future::ready(result).boxed()
    }

    fn delete<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<(), TaskError>> {
        // Its queue entries go stale and are skipped or compacted away.
        self.lock().remove(id);
        std::future::ready(Ok(())).boxed()
    }

    fn list<'a>(&'a self, query: &'a ListQuery) -> BoxFuture<'a, Result<ListPage, TaskError>> {
        let matching: Vec<Arc<Task>> = {
            let inner = self.lock();
            let visible = inner.tasks.values().filter(|e| e.stored.visible);
            visible
                .map(|e| &e.stored.task)
                .filter(|t| matches(t, query))
                .cloned()
                .collect()
        };
        std::future::ready(Ok(page(matching, query))).boxed()
    }

    fn waiting_since<'a>(
        &'a self,
        before: &'a str,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<String>, TaskError>> {
        let mut idle: Vec<(String, String)> = {
            let inner = self.lock();
            let waiting = inner.tasks.values().filter(|e| waiting(&e.stored));
            let old = waiting.filter(|e| status_time(&e.stored.task) < before);
            old.map(|e| {
                (
                    status_time(&e.stored.task).to_string(),
                    e.stored.task.id.clone(),
                )
            })
            .collect()
        };
        idle.sort();
        std::future::ready(Ok(idle.into_iter().take(limit).map(|(_, id)| id).collect())).boxed()
    }
}

/// Sorts and cuts one page, outside the lock.
fn page(mut matching: Vec<Arc<Task>>, query: &ListQuery) -> ListPage {
    matching.sort_by(|a, b| sort_key(b).cmp(&sort_key(a)));
    let total = matching.len();
    let start = match &query.after {
        Some((ts, id)) => matching.partition_point(|t| sort_key(t) >= (ts.as_str(), id.as_str())),
        None => 0,
    };
    let tasks: Vec<Arc<Task>> = matching.into_iter().skip(start).take(query.limit).collect();
    let more = start + tasks.len() < total;
    ListPage { tasks, total, more }
}

fn matches(task: &Task, q: &ListQuery) -> bool {
    q.context_id.as_ref().is_none_or(|c| *c == task.context_id)
        && q.state.is_none_or(|s| s == task.status.state)
        && q.status_after
            .as_ref()
            .is_none_or(|after| status_time(task) >= after.as_str())
}

fn status_time(task: &Task) -> &str {
    task.status.timestamp.as_deref().unwrap_or("")
}

/// Newest status first; the id breaks ties so the cursor is exact.
fn sort_key(task: &Task) -> (&str, &str) {
    (status_time(task), task.id.as_str())
}
