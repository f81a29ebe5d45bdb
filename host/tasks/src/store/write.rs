//! Changing a task: records applied to its view under its lock, then committed — inline for
//! the in-memory backend, through one group-commit writer for a durable one — and readers
//! woken after the commit.
//!
//! Group commit: the writer takes every job queued while the previous commit ran and commits
//! them in one transaction. On SQLite (WAL, `synchronous = NORMAL`) and PostgreSQL a
//! transaction costs about the same for one task's records as for a few hundred tasks', so
//! under load the cost per task falls as the batch grows; with one client it is one commit
//! per change, as before.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use futures::FutureExt;
use tokio::sync::{mpsc, oneshot};

use super::backend::{Backend, Row, Write};
use super::record::Record;
use super::view::View;
use super::{Entry, Slot, Store};
use crate::bus::Bus;
use crate::{StoreError, TaskError};

/// Jobs one commit takes at most; the rest wait for the next.
const MAX_BATCH: usize = 1024;

/// Attempts at a failing commit before its waiters are told it failed.
const ATTEMPTS: u32 = 4;

/// A change being made: read the view, push records (each applied at once).
///
/// Push only after every check: records pushed before an error are kept.
pub(crate) struct Change<'a> {
    entry: &'a mut Entry,
    pushed: usize,
    show: bool,
}

impl Change<'_> {
    /// The task as of the last record pushed.
    pub(crate) fn view(&self) -> &View {
        &self.entry.view
    }

    /// Appends a record to the log and applies it to the view.
    pub(crate) fn push(&mut self, record: Record) {
        let before = self.entry.view.state();
        self.entry.view.apply(&record);
        if self.entry.view.state() != before {
            crate::metrics::entered(self.entry.view.state());
        }
        self.entry.log.push(Arc::new(record));
        self.pushed += 1;
    }

    /// Shows the task to clients: from now on it is written to the backend.
    pub(crate) fn show(&mut self) {
        self.show = true;
    }

    /// Whether a client has seen the task.
    pub(crate) fn visible(&self) -> bool {
        self.entry.visible || self.show
    }
}

/// A commit to make, and whom to tell once it is made.
pub(crate) struct Job {
    write: Write,
    note: Note,
}

struct Note {
    slot: Option<Arc<Slot>>,
    id: String,
    seq: u64,
    /// The task ended with this change: its readers stop.
    end: bool,
    done: Option<oneshot::Sender<Result<(), StoreError>>>,
}

impl Store {
    /// Adds a task whose log begins with `record` ([`Record::Created`]). A visible task is
    /// committed before this returns. `reserved` bytes were admitted for it, with its place
    /// ([`Store::admit_task`]).
    #[tracing::instrument(name = "store", skip_all, fields(op = "create"))]
    pub(crate) async fn create(
        &self,
        record: Record,
        visible: bool,
        reserved: usize,
    ) -> Result<(), TaskError> {
        let view = View::new(&record).ok_or_else(|| TaskError::Invalid("not a new task".into()))?;
        let id = view.task.id.clone();
        let bytes = view.bytes;
        let entry = Entry {
            view,
            log: vec![Arc::new(record)],
            committed: 0,
            visible: false,
            gone: false,
        };
        crate::metrics::entered(entry.view.state());
        let slot = Slot::new(entry);
        self.inner.views.insert(id.clone(), slot.clone());
        self.charge(bytes, reserved);
        if visible {
            self.change(&slot, &id, true, 0, |c| {
                c.show();
                Ok(())
            })
            .await?;
        }
        Ok(())
    }

    /// Changes task `id` through `f` (see [`Change`]) and returns its new sequence number
    /// with what `f` returned. `reserved` bytes were admitted for it already. With `wait`,
    /// returns once the change is committed.
    #[tracing::instrument(name = "store", skip_all, fields(op = "update", task_id = id, wait = wait))]
    pub(crate) async fn update<R>(
        &self,
        id: &str,
        wait: bool,
        reserved: usize,
        f: impl FnOnce(&mut Change<'_>) -> Result<R, TaskError>,
    ) -> Result<(u64, R), TaskError> {
        let slot = self.slot(id).await?;
        let Some(slot) = slot else {
            self.release(reserved);
            return Err(TaskError::NotFound(id.to_string()));
        };
        self.change(&slot, id, wait, reserved, f).await
    }

    async fn change<R>(
        &self,
        slot: &Arc<Slot>,
        id: &str,
        wait: bool,
        reserved: usize,
        f: impl FnOnce(&mut Change<'_>) -> Result<R, TaskError>,
    ) -> Result<(u64, R), TaskError> {
        let (seq, out, done) = {
            let mut entry = slot.lock();
            if entry.gone {
                drop(entry);
                self.release(reserved);
                return Err(TaskError::NotFound(id.to_string()));
            }
            let (before, was_visible) = (entry.view.bytes, entry.visible);
            let mut change = Change {
                entry: &mut entry,
                pushed: 0,
                show: false,
            };
            // What was pushed is written even if `f` then failed: the view has it already.
            let out = f(&mut change);
            let (pushed, show) = (change.pushed, change.show);
            self.charge(entry.view.bytes - before, reserved);
            entry.visible |= show;
            let write = (entry.visible && (pushed > 0 || !was_visible)).then(|| {
                let first = if was_visible {
                    entry.view.seq - pushed as u64 + 1
                } else {
                    1
                };
                append(&entry, first)
            });
            let done = write.map(|w| self.submit(slot, &mut entry, w, wait));
            let ended = pushed > 0 && entry.view.state().is_terminal();
            (entry.view.seq, out, (done.flatten(), ended))
        };
        let (done, ended) = done;
        let (tasks, bytes) = self.totals();
        crate::metrics::held(tasks, bytes);
        // Outside the task's lock: this may lock other tasks.
        if ended {
            self.finished(id);
        }
        if let Some(done) = done {
            done.await.unwrap_or(Ok(()))?;
        }
        Ok((seq, out?))
    }

    /// Adds what a change added to the host total, net of what was reserved for it.
    fn charge(&self, added: usize, reserved: usize) {
        if added >= reserved {
            self.inner
                .bytes
                .fetch_add(added - reserved, Ordering::Relaxed);
        } else {
            self.release(reserved - added);
        }
    }

    pub(crate) fn release(&self, bytes: usize) {
        self.inner.bytes.fetch_sub(bytes, Ordering::Relaxed);
    }

    /// Forgets a task nobody saw (its turn ended in a direct reply). Nothing of it was
    /// written to the backend.
    pub(crate) fn discard(&self, id: &str) {
        let removed = self
            .inner
            .views
            .remove_if(id, |_, slot| !slot.lock().visible);
        if let Some((_, slot)) = removed {
            let mut entry = slot.lock();
            entry.gone = true;
            self.release(entry.view.bytes);
            self.inner.count.fetch_sub(1, Ordering::Relaxed);
        }
    }

    /// Hands a write to the backend: inline for one that is not durable (then wakes readers
    /// at once), else to the writer. Called under the task's lock, so a task's writes reach
    /// the backend in order. Returns what to wait on for the commit, if `wait`.
    fn submit(
        &self,
        slot: &Arc<Slot>,
        entry: &mut Entry,
        write: Write,
        wait: bool,
    ) -> Option<oneshot::Receiver<Result<(), StoreError>>> {
        let (id, seq) = (entry.view.task.id.clone(), entry.view.seq);
        let end = entry.view.state().is_terminal();
        let Some(writer) = &self.inner.writer else {
            let batch = [write];
            let result = self.inner.backend.commit(&batch).now_or_never();
            if let Some(Err(e)) = result {
                tracing::error!(task = %id, error = %e, "in-memory commit failed");
            }
            entry.committed = seq;
            wake(&*self.inner.bus, &id, seq, end);
            return None;
        };
        let (tx, rx) = if wait {
            let (tx, rx) = oneshot::channel();
            (Some(tx), Some(rx))
        } else {
            (None, None)
        };
        let note = Note {
            slot: Some(slot.clone()),
            id,
            seq,
            end,
            done: tx,
        };
        // The writer lives as long as the store; if it is gone, the waiter learns so.
        let _ = writer.send(Job { write, note });
        rx
    }

    /// Removes tasks from the backend, after everything queued before; waits for it.
    #[tracing::instrument(name = "store", skip_all, fields(op = "delete", tasks = ids.len()))]
    pub(crate) async fn delete(&self, ids: &[&str]) -> Result<(), StoreError> {
        let writes: Vec<Write> = ids.iter().map(|id| Write::Delete(id.to_string())).collect();
        let Some(writer) = &self.inner.writer else {
            return self.inner.backend.commit(&writes).await;
        };
        if writes.is_empty() {
            return Ok(());
        }
        let (tx, rx) = oneshot::channel();
        let last = writes.len() - 1;
        let mut done = Some(tx);
        for (i, write) in writes.into_iter().enumerate() {
            let note = Note {
                slot: None,
                id: String::new(),
                seq: 0,
                end: false,
                // The last one queued answers for all: the writer commits in order.
                done: if i == last { done.take() } else { None },
            };
            let _ = writer.send(Job { write, note });
        }
        rx.await
            .unwrap_or_else(|_| Err(StoreError("the store's writer stopped".into())))
    }
}

/// The write for records `first..` of an entry.
fn append(entry: &Entry, first: u64) -> Write {
    let from = usize::try_from(first - 1).unwrap_or(0);
    Write::Append {
        row: Row::of(&entry.view),
        first,
        records: entry.log[from..].to_vec(),
    }
}

fn wake(bus: &dyn Bus, id: &str, seq: u64, end: bool) {
    if end {
        bus.close(id, seq);
    } else {
        bus.publish(id, seq);
    }
}

/// Starts the group-commit writer; it ends when the store is dropped.
pub(super) fn spawn(backend: Arc<dyn Backend>, bus: Arc<dyn Bus>) -> mpsc::UnboundedSender<Job> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(run(backend, bus, rx));
    tx
}

async fn run(backend: Arc<dyn Backend>, bus: Arc<dyn Bus>, mut rx: mpsc::UnboundedReceiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let (writes, notes): (Vec<Write>, Vec<Note>) =
            jobs.drain(..).map(|j| (j.write, j.note)).unzip();
        let result = commit(&*backend, &writes).await;
        for note in notes {
            settle(note, &result, &*bus);
        }
    }
}

/// Commits a batch, retrying a failure a few times (a busy or restarting database). The
/// writer serves every task at once, so its span is the root of a trace of its own.
#[tracing::instrument(name = "store", skip_all, fields(op = "commit", writes = batch.len()))]
async fn commit(backend: &dyn Backend, batch: &[Write]) -> Result<(), StoreError> {
    let mut pause = Duration::from_millis(50);
    for attempt in 1..=ATTEMPTS {
        let started = std::time::Instant::now();
        let result = backend.commit(batch).await;
        crate::metrics::store_op("commit", started);
        match result {
            Ok(()) => return Ok(()),
            Err(e) if attempt == ATTEMPTS => {
                tracing::error!(error = %e, writes = batch.len(), "commit failed; giving up on this batch");
                return Err(e);
            }
            Err(e) => tracing::warn!(error = %e, attempt, "commit failed; retrying"),
        }
        tokio::time::sleep(pause).await;
        pause *= 4;
    }
    Ok(())
}

/// After a commit: readers may now see the records, and a waiting caller is answered. A
/// failed commit still releases readers, or they would wait forever; its caller gets the
/// error.
fn settle(note: Note, result: &Result<(), StoreError>, bus: &dyn Bus) {
    if let Some(slot) = &note.slot {
        let mut entry = slot.lock();
        entry.committed = entry.committed.max(note.seq);
    }
    if note.slot.is_some() {
        wake(bus, &note.id, note.seq, note.end);
    }
    if let Some(done) = note.done {
        let _ = done.send(result.clone());
    }
}
