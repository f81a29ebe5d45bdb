//! [`Bus`]: wakes the readers of a task when its log grows; [`LocalBus`], the in-process one.
//!
//! The bus carries no events, only "task X's log now ends at N", and only after the commit
//! that holds N. Readers then fetch the new events from the store by sequence number, so a
//! reader that is slow, or that subscribed late, still sees every event in order. A task
//! with no readers costs nothing here.
//!
//! # Many hosts
//! With hosts sharing one database, a reader on host B must wake when host A commits. A
//! cross-host bus implements [`Bus`] around a [`LocalBus`]: `listen` is the local one's;
//! `publish` and `close` call the local one and also send `(task, seq, closed)` out (a
//! PostgreSQL `NOTIFY` on one channel after the commit, or a NATS subject per task); a
//! background task receives what other hosts sent (`LISTEN`, or a subscription) and calls
//! the local `publish` or `close`. The store must then read that task from the shared
//! database again rather than from its memory (it keeps views of the tasks this host
//! runs): dropping its cached view of a task another host changed is the one store change
//! this needs. A lost or duplicated wake-up costs at most a re-read.

use std::sync::Arc;

use dashmap::DashMap;
use tokio::sync::watch;

/// Wakes a task's readers. See the module documentation for a cross-host implementation.
pub trait Bus: Send + Sync + 'static {
    /// Starts listening to `id`. Call this before reading the task, so that no change made
    /// in between goes unnoticed.
    fn listen(&self, id: &str) -> Listener;
    /// Announces that `id`'s log now ends at `seq` (committed).
    fn publish(&self, id: &str, seq: u64);
    /// Announces that `id` has ended or is gone: its listeners read what is left and stop.
    fn close(&self, id: &str, seq: u64);
}

/// Per-task wake-ups within this process. Cheap to clone.
#[derive(Clone, Default)]
pub struct LocalBus {
    tasks: Arc<DashMap<String, watch::Sender<u64>>>,
}

/// A reader's handle: [`Listener::changed`] resolves when the task's log grows, and returns
/// false once the task has ended (no more events will come).
pub struct Listener {
    bus: LocalBus,
    id: String,
    /// Always `Some` until dropped: `Drop` lets go of it before tidying up.
    rx: Option<watch::Receiver<u64>>,
}

impl Bus for LocalBus {
    fn listen(&self, id: &str) -> Listener {
        let rx = self
            .tasks
            .entry(id.to_string())
            .or_insert_with(|| watch::channel(0).0)
            .subscribe();
        Listener {
            bus: self.clone(),
            id: id.to_string(),
            rx: Some(rx),
        }
    }

    fn publish(&self, id: &str, seq: u64) {
        if let Some(tx) = self.tasks.get(id) {
            tx.send_replace(seq);
        }
    }

    fn close(&self, id: &str, seq: u64) {
        if let Some((_, tx)) = self.tasks.remove(id) {
            tx.send_replace(seq);
        }
    }
}

impl Listener {
    /// Waits for the next change; false when the task has ended.
    pub async fn changed(&mut self) -> bool {
        match &mut self.rx {
            Some(rx) => rx.changed().await.is_ok(),
            None => false,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        // Let go first, then remove the entry if nobody listens any more: checking while
        // still holding the receiver would let two listeners that drop together each see
        // the other and leave the entry behind.
        drop(self.rx.take());
        self.bus
            .tasks
            .remove_if(&self.id, |_, tx| tx.receiver_count() == 0);
    }
}
