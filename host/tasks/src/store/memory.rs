//! [`MemoryStore`]: tasks in process memory, bounded, lost on restart.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use futures::future::{BoxFuture, FutureExt};
use skillhost_types::{StreamResponse, Task};

use super::{ListPage, ListQuery, Mutation, Sequenced, StoredTask, TaskStore};
use crate::TaskError;

/// The in-memory backend. It holds at most `max_tasks` tasks: when full, it forgets the
/// oldest finished tasks first, and refuses new ones only if every task it holds is still
/// active. Clients cannot grow it without bound.
pub struct MemoryStore {
    inner: Mutex<Inner>,
    max_tasks: usize,
}

#[derive(Default)]
struct Inner {
    tasks: HashMap<String, Entry>,
    /// Insertion order, for eviction.
    order: VecDeque<String>,
}

struct Entry {
    stored: StoredTask,
    log: Vec<Arc<StreamResponse>>,
}

impl MemoryStore {
    /// A store that keeps at most `max_tasks` tasks.
    pub fn new(max_tasks: usize) -> Self {
        Self {
            inner: Mutex::new(Inner::default()),
            max_tasks: max_tasks.max(1),
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

    // A std mutex, not tokio's: nothing awaits while it is held, and every critical section
    // is a few map operations.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Inner {
    /// Drops ids of deleted tasks from `order` once they outnumber the live ones, so a
    /// stream of deleted tasks (direct replies) cannot grow it. Amortized O(1) per insert.
    fn compact(&mut self) {
        if self.order.len() > 2 * self.tasks.len() + 1024 {
            let tasks = &self.tasks;
            self.order.retain(|id| tasks.contains_key(id));
        }
    }

    /// Forgets the oldest finished task; false if none can go.
    fn evict_one(&mut self) -> bool {
        for _ in 0..self.order.len() {
            let Some(id) = self.order.pop_front() else {
                return false;
            };
            match self.tasks.get(&id) {
                Some(e) if e.stored.task.status.state.is_terminal() => {
                    self.tasks.remove(&id);
                    return true;
                }
                Some(_) => self.order.push_back(id),
                None => {}
            }
        }
        false
    }
}

impl TaskStore for MemoryStore {
    fn insert(&self, task: StoredTask) -> BoxFuture<'_, Result<(), TaskError>> {
        let mut inner = self.lock();
        let result = if inner.tasks.len() >= self.max_tasks && !inner.evict_one() {
            Err(TaskError::Capacity)
        } else {
            let id = task.task.id.clone();
            inner.compact();
            inner.order.push_back(id.clone());
            inner.tasks.insert(
                id,
                Entry {
                    stored: task,
                    log: Vec::new(),
                },
            );
            Ok(())
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
        let result = match inner.tasks.get_mut(id) {
            None => Err(TaskError::NotFound(id.to_string())),
            Some(entry) => mutation(&mut entry.stored).map(|events| {
                entry.stored.seq += events.len() as u64;
                entry.log.extend(events.into_iter().map(Arc::new));
                entry.stored.seq
            }),
        };
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
        // The id stays in `order` until `compact` or eviction passes over it.
        self.lock().tasks.remove(id);
        std::future::ready(Ok(())).boxed()
    }

    fn list<'a>(&'a self, query: &'a ListQuery) -> BoxFuture<'a, Result<ListPage, TaskError>> {
        let inner = self.lock();
        let mut matching: Vec<&Task> = inner
            .tasks
            .values()
            .filter(|e| e.stored.visible && matches(&e.stored.task, query))
            .map(|e| &e.stored.task)
            .collect();
        matching.sort_by(|a, b| sort_key(b).cmp(&sort_key(a)));
        let total = matching.len();
        let start = match &query.after {
            Some((ts, id)) => {
                matching.partition_point(|t| sort_key(t) >= (ts.as_str(), id.as_str()))
            }
            None => 0,
        };
        let page: Vec<Task> = matching
            .iter()
            .skip(start)
            .take(query.limit)
            .map(|t| (*t).clone())
            .collect();
        let more = start + page.len() < total;
        std::future::ready(Ok(ListPage {
            tasks: page,
            total,
            more,
        }))
        .boxed()
    }
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
