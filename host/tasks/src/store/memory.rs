//! [`MemoryBackend`]: logs in process memory, lost on restart. For tests and
//! `--store memory`.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

use futures::future::{BoxFuture, FutureExt};
use skillhost_types::TaskState;

use super::backend::{Backend, Class, ListFilter, ListPage, Records, Row, Write};
use super::push::{PushBackend, PushRow};
use super::record::Record;
use crate::StoreError;

/// The in-memory backend. Records are shared (`Arc`) with the store's views, so holding a
/// log here costs pointers, not copies.
#[derive(Default)]
pub struct MemoryBackend {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    tasks: HashMap<String, Held>,
    /// `(status instant, id)` of terminal tasks and of waiting ones: eviction order.
    finished: BTreeSet<(i64, String)>,
    waiting: BTreeSet<(i64, String)>,
    bytes: usize,
    /// Push configs by task and id.
    push: HashMap<(String, String), PushRow>,
}

struct Held {
    row: Row,
    log: Vec<std::sync::Arc<Record>>,
}

fn class(state: TaskState) -> Option<Class> {
    if state.is_terminal() {
        Some(Class::Finished)
    } else if state.is_interrupted() {
        Some(Class::Waiting)
    } else {
        None
    }
}

impl MemoryBackend {
    /// An empty backend.
    pub fn new() -> Self {
        Self::default()
    }

    // A std mutex: nothing awaits while it is held, and every section is short.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Inner {
    fn set(&mut self, class: Option<Class>, key: (i64, String), on: bool) {
        let set = match class {
            Some(Class::Finished) => &mut self.finished,
            Some(Class::Waiting) => &mut self.waiting,
            None => return,
        };
        if on {
            set.insert(key);
        } else {
            set.remove(&key);
        }
    }

    fn index(&mut self, row: &Row) {
        self.set(class(row.state), (row.status_at, row.id.clone()), true);
        self.bytes += row.bytes;
    }

    fn unindex(&mut self, row: &Row) {
        self.set(class(row.state), (row.status_at, row.id.clone()), false);
        self.bytes -= row.bytes;
    }

    fn append(&mut self, row: &Row, first: u64, records: &[std::sync::Arc<Record>]) {
        // Appends of a task arrive in order; anything else would leave a gap.
        let old = match self.tasks.get_mut(&row.id) {
            Some(held) if first == held.log.len() as u64 + 1 => {
                held.log.extend(records.iter().cloned());
                std::mem::replace(&mut held.row, row.clone())
            }
            Some(_) => return,
            None if first == 1 => {
                let held = Held {
                    row: row.clone(),
                    log: records.to_vec(),
                };
                self.tasks.insert(row.id.clone(), held);
                self.index(row);
                return;
            }
            None => return,
        };
        self.unindex(&old);
        self.index(row);
    }

    fn delete(&mut self, id: &str) {
        if let Some(held) = self.tasks.remove(id) {
            self.unindex(&held.row);
        }
        self.push.retain(|(task, _), _| task != id);
    }
}

impl Backend for MemoryBackend {
    fn durable(&self) -> bool {
        false
    }

    fn commit<'a>(&'a self, batch: &'a [Write]) -> BoxFuture<'a, Result<(), StoreError>> {
        let mut inner = self.lock();
        for write in batch {
            match write {
                Write::Append {
                    row,
                    first,
                    records,
                } => inner.append(row, *first, records),
                Write::Delete(id) => inner.delete(id),
            }
        }
        std::future::ready(Ok(())).boxed()
    }

    fn records<'a>(
        &'a self,
        id: &'a str,
        after: u64,
    ) -> BoxFuture<'a, Result<Records, StoreError>> {
        let inner = self.lock();
        let records = inner.tasks.get(id).map_or_else(Vec::new, |held| {
            let start = usize::try_from(after).unwrap_or(usize::MAX);
            let tail = held.log.iter().skip(start).cloned();
            (after + 1..).zip(tail).collect()
        });
        std::future::ready(Ok(records)).boxed()
    }

    fn list<'a>(&'a self, query: &'a ListFilter) -> BoxFuture<'a, Result<ListPage, StoreError>> {
        let mut matching: Vec<(i64, String)> = {
            let inner = self.lock();
            let rows = inner.tasks.values().map(|h| &h.row);
            rows.filter(|r| matches(r, query))
                .map(|r| (r.status_at, r.id.clone()))
                .collect()
        };
        // Newest first; the id breaks ties so the cursor is exact.
        matching.sort_unstable_by(|a, b| b.cmp(a));
        let total = matching.len();
        let start = match &query.after {
            Some(cursor) => matching.partition_point(|k| k >= cursor),
            None => 0,
        };
        let ids: Vec<String> = matching
            .into_iter()
            .skip(start)
            .take(query.limit)
            .map(|(_, id)| id)
            .collect();
        let more = start + ids.len() < total;
        std::future::ready(Ok(ListPage { ids, total, more })).boxed()
    }

    fn oldest<'a>(
        &'a self,
        class: Class,
        before: Option<i64>,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<(String, usize)>, StoreError>> {
        let inner = self.lock();
        let set = match class {
            Class::Finished => &inner.finished,
            Class::Waiting => &inner.waiting,
        };
        let oldest = set
            .iter()
            .take_while(|(at, _)| before.is_none_or(|b| *at < b))
            .take(limit)
            .filter_map(|(_, id)| inner.tasks.get(id).map(|h| (id.clone(), h.row.bytes)))
            .collect();
        std::future::ready(Ok(oldest)).boxed()
    }

    fn in_states<'a>(
        &'a self,
        states: &'a [TaskState],
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<String>, StoreError>> {
        let inner = self.lock();
        let rows = inner.tasks.values().map(|h| &h.row);
        let ids = rows
            .filter(|r| states.contains(&r.state))
            .take(limit)
            .map(|r| r.id.clone())
            .collect();
        std::future::ready(Ok(ids)).boxed()
    }

    fn totals(&self) -> BoxFuture<'_, Result<(usize, usize), StoreError>> {
        let inner = self.lock();
        std::future::ready(Ok((inner.tasks.len(), inner.bytes))).boxed()
    }
}

impl PushBackend for MemoryBackend {
    fn push_put<'a>(&'a self, row: &'a PushRow) -> BoxFuture<'a, Result<(), StoreError>> {
        let key = (row.task_id().to_string(), row.id().to_string());
        self.lock().push.insert(key, row.clone());
        std::future::ready(Ok(())).boxed()
    }

    fn push_progress<'a>(&'a self, row: &'a PushRow) -> BoxFuture<'a, Result<(), StoreError>> {
        let key = (row.task_id().to_string(), row.id().to_string());
        if let Some(held) = self.lock().push.get_mut(&key) {
            held.cursor = row.cursor;
            held.delivery = row.delivery.clone();
            held.done = row.done;
        }
        std::future::ready(Ok(())).boxed()
    }

    fn push_rows<'a>(
        &'a self,
        task: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Vec<PushRow>, StoreError>> {
        let mut rows: Vec<PushRow> = self
            .lock()
            .push
            .values()
            .filter(|r| task.map_or(!r.done, |t| r.task_id() == t))
            .cloned()
            .collect();
        rows.sort_by(|a, b| (a.created_at, a.id()).cmp(&(b.created_at, b.id())));
        std::future::ready(Ok(rows)).boxed()
    }

    fn push_delete<'a>(
        &'a self,
        task: &'a str,
        id: &'a str,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        let gone = self.lock().push.remove(&(task.to_string(), id.to_string()));
        std::future::ready(Ok(gone.is_some())).boxed()
    }
}

fn matches(row: &Row, q: &ListFilter) -> bool {
    q.owner.as_ref().is_none_or(|o| *o == row.owner)
        && q.context_id.as_ref().is_none_or(|c| *c == row.context_id)
        && q.state.is_none_or(|s| s == row.state)
        && q.status_after.is_none_or(|after| row.status_at >= after)
}
