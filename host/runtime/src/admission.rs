//! Admission: a bounded queue per plugin and one for the host, checked before a task
//! exists, so that a full host answers at once instead of letting work pile up.
//!
//! [`Plugin::admit`] takes a place in both queues or says which is full ([`Overloaded`]);
//! the [`Ticket`] it returns goes with the run ([`Plugin::run`]), which then waits
//! for a run slot. A place is running or waiting: a plugin admits `max_concurrent_runs +
//! max_queued_runs` runs, the host `max_concurrent_runs + max_queued_runs` of the runtime,
//! counted in run slots (see [`Plugin::weight`]). The ticket's places free when it drops.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub use skillhost_types::skill::{Overloaded, Queue};

use crate::Plugin;

/// How long a client is told to wait before trying again when a queue is full: about the
/// time a typical run takes to free a slot, on a host that is busy.
pub const RETRY_AFTER: Duration = Duration::from_secs(1);

/// Places in a plugin's queue and the host's, held from admission until the run ends.
#[derive(Debug)]
pub struct Ticket {
    plugin: OwnedSemaphorePermit,
    _host: OwnedSemaphorePermit,
}

impl Ticket {
    /// Whether this ticket was given by `plugin`'s queue.
    pub(crate) fn admits(&self, plugin: &Plugin) -> bool {
        Arc::ptr_eq(self.plugin.semaphore(), plugin.places())
    }
}

/// A queue: places, each either running or waiting.
pub(crate) fn places(running: usize, queued: usize) -> Arc<Semaphore> {
    Arc::new(Semaphore::new(running.saturating_add(queued)))
}

impl Plugin {
    /// Takes a place for one run in this plugin's queue and in the host's, or says which
    /// is full. Never waits.
    pub fn admit(&self) -> Result<Ticket, Overloaded> {
        let refused = |queue| Overloaded {
            queue,
            plugin: self.name().to_string(),
            retry_after: RETRY_AFTER,
        };
        let plugin = take(self.places(), 1).ok_or_else(|| refused(Queue::Plugin))?;
        let host =
            take(self.runtime().places(), self.weight()).ok_or_else(|| refused(Queue::Host))?;
        Ok(Ticket {
            plugin,
            _host: host,
        })
    }
}

/// Takes `n` places if they are free, without waiting.
fn take(places: &Arc<Semaphore>, n: u32) -> Option<OwnedSemaphorePermit> {
    places.clone().try_acquire_many_owned(n).ok()
}
