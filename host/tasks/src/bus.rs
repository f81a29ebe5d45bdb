//! [`Bus`]: wakes the readers of a task when its log grows.
//!
//! The bus carries no events, only "task X's log now ends at N". Readers then fetch the new
//! events from the store by sequence number, so a reader that is slow, or that subscribed
//! late, still sees every event in order. A task with no readers costs nothing here.

use std::sync::Arc;

use dashmap::DashMap;
use tokio::sync::watch;

/// Per-task wake-ups. Cheap to clone.
#[derive(Clone, Default)]
pub struct Bus {
    tasks: Arc<DashMap<String, watch::Sender<u64>>>,
}

/// A reader's handle: [`Listener::changed`] resolves when the task's log grows, and returns
/// false once the task has ended (no more events will come).
pub struct Listener {
    bus: Bus,
    id: String,
    /// Always `Some` until dropped: `Drop` lets go of it before tidying up.
    rx: Option<watch::Receiver<u64>>,
}

impl Bus {
    /// Starts listening to `id`. Call this before reading the task, so that no change made
    /// in between goes unnoticed.
    pub fn listen(&self, id: &str) -> Listener {
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

    /// Announces that `id`'s log now ends at `seq`.
    pub fn publish(&self, id: &str, seq: u64) {
        if let Some(tx) = self.tasks.get(id) {
            tx.send_replace(seq);
        }
    }

    /// Announces that `id` has ended: its listeners read what is left and stop.
    pub fn close(&self, id: &str, seq: u64) {
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
