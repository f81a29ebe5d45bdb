//! Admission and eviction: content is admitted before it is added, so neither a task nor
//! the host ever holds more than its bound; when the host is full, the store evicts the
//! tasks it can give up.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::Store;
use super::backend::Class;
use crate::StoreError;

/// Victims picked per query while making room.
const VICTIMS: usize = 64;

/// Why content was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Full {
    /// The task would pass its own limit.
    Task,
    /// The host's store is full of tasks it may not evict (running ones).
    Host,
}

impl Store {
    /// Reserves a place and `bytes` for a new task, evicting others if needed.
    pub(crate) async fn admit_task(&self, bytes: usize) -> Result<(), Full> {
        let max = self.inner.limits.max_tasks;
        while !reserve(&self.inner.count, 1, max) {
            if !self.evict("").await {
                return Err(Full::Host);
            }
        }
        if let Err(e) = self.admit_bytes("", bytes).await {
            self.inner.count.fetch_sub(1, Ordering::Relaxed);
            return Err(e);
        }
        Ok(())
    }

    /// Reserves `bytes` more for task `id`, whose own limit is `task_cap`, evicting other
    /// tasks if the host is full. Pass the reservation to the update that adds the bytes.
    pub(crate) async fn admit(&self, id: &str, bytes: usize, task_cap: usize) -> Result<(), Full> {
        let held = match self.slot(id).await {
            Ok(Some(slot)) => slot.lock().view.bytes,
            _ => 0,
        };
        if held.saturating_add(bytes) > task_cap {
            return Err(Full::Task);
        }
        self.admit_bytes(id, bytes).await
    }

    async fn admit_bytes(&self, keep: &str, bytes: usize) -> Result<(), Full> {
        let max = self.inner.limits.max_bytes;
        while !reserve(&self.inner.bytes, bytes, max) {
            if !self.evict(keep).await {
                return Err(Full::Host);
            }
        }
        Ok(())
    }

    /// Evicts a batch of tasks, finished ones first, then waiting ones, oldest status first,
    /// sparing `keep`. False if there was nothing to evict.
    async fn evict(&self, keep: &str) -> bool {
        let _one_at_a_time = self.inner.evicting.lock().await;
        for class in [Class::Finished, Class::Waiting] {
            match self.evict_class(class, keep).await {
                Ok(0) => {}
                Ok(_) => return true,
                Err(e) => {
                    tracing::error!(error = %e, "cannot evict tasks");
                    return false;
                }
            }
        }
        false
    }

    async fn evict_class(&self, class: Class, keep: &str) -> Result<usize, StoreError> {
        let victims = self.inner.backend.oldest(class, None, VICTIMS).await?;
        let taken: Vec<(String, usize)> = victims
            .into_iter()
            .filter(|(id, _)| id != keep)
            .filter_map(|(id, stored)| self.take(&id, class, stored).map(|bytes| (id, bytes)))
            .collect();
        let ids: Vec<&str> = taken.iter().map(|(id, _)| id.as_str()).collect();
        self.delete(&ids).await?;
        for (id, bytes) in &taken {
            self.inner.count.fetch_sub(1, Ordering::Relaxed);
            self.release(*bytes);
            self.inner.bus.close(id, 0);
            tracing::debug!(task = %id, ?class, bytes, "evicted");
        }
        Ok(taken.len())
    }

    /// Takes a task out of memory if it is still of `class` with everything committed, and
    /// returns the bytes it was charged; its open streams will end with an error.
    fn take(&self, id: &str, class: Class, stored: usize) -> Option<usize> {
        let of_class = |e: &super::Entry| {
            let state = e.view.state();
            let right = match class {
                Class::Finished => state.is_terminal(),
                Class::Waiting => state.is_interrupted(),
            };
            right && e.committed == e.view.seq
        };
        match self
            .inner
            .views
            .remove_if(id, |_, slot| of_class(&slot.lock()))
        {
            Some((_, slot)) => {
                let mut entry = slot.lock();
                entry.gone = true;
                Some(entry.view.bytes)
            }
            None if self.inner.views.contains_key(id) => None,
            None => Some(stored),
        }
    }
}

/// Adds `n` to `counter` if the sum stays within `max`.
fn reserve(counter: &AtomicUsize, n: usize, max: usize) -> bool {
    counter
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
            v.checked_add(n).filter(|sum| *sum <= max)
        })
        .is_ok()
}
