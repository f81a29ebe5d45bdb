//! Fairness between runs: CPU-heavy runs take turns on fewer cores than the host has, so
//! cheap runs (of any skill) always find a core free.
//!
//! Every run shares the executor: guests yield every fuel slice (`crate::meter`) and every
//! epoch tick. Yielding alone is not enough on a small machine: with as many spinning
//! guests as cores, every step of a cheap request (HTTP, task engine, its own short run)
//! waits behind a guest's slice on each hop. So a run that has done more than
//! [`HEAVY_FUEL`] of work is *heavy*, and from then on must hold one of the runtime's
//! heavy-run slots (by default one fewer than the cores) for each epoch tick it runs; it
//! waits for one at the tick (the wait spends its deadline, not its fuel), and heavy runs
//! take the slots in turn. Short runs never wait.
//!
//! This is two of the options at once: a priority for short runs (they never wait) and a
//! cap on CPU-bound runs below the core count. Measured with `scripts/bench contain` on the
//! 2-core development machine (shared with other builds, so noisy), echo's p99 latency
//! beside four guests, against echo alone: spinning in wasm, 88x ungated (`heavy_runs =
//! 4`) and 1.5-2.5x with one heavy-run slot; looping on host calls, 10x ungated and
//! 1.4-2.2x with one slot. Per-skill shares were not enough on their own: four runs of one
//! skill, or one run each of four skills, would still fill both cores.

use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use wasmtime::UpdateDeadline;

/// Fuel after which a run counts as heavy: about 12 ms of work, far beyond what a
/// request-answering skill spends (echo: thousands; a JavaScript run: about 10^7).
pub(crate) const HEAVY_FUEL: u64 = 100_000_000;

/// The heavy-run slots of the runtime, and the one this run holds, if any.
pub(crate) struct Gate {
    slots: Arc<Semaphore>,
    held: Arc<Mutex<Option<OwnedSemaphorePermit>>>,
}

impl Gate {
    pub(crate) fn new(slots: Arc<Semaphore>) -> Self {
        Self {
            slots,
            held: Arc::default(),
        }
    }

    /// At an epoch tick: a short run carries on (after a plain yield); a heavy one gives
    /// its slot back and waits in line for the next.
    pub(crate) fn tick(&self, fuel_spent: u64) -> UpdateDeadline {
        if fuel_spent < HEAVY_FUEL {
            return UpdateDeadline::Yield(1);
        }
        let previous = self
            .held
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        drop(previous);
        let (slots, held) = (self.slots.clone(), self.held.clone());
        UpdateDeadline::YieldCustom(
            1,
            Box::pin(async move {
                // The semaphore is never closed; if it were, the run would go on ungated.
                let slot = slots.acquire_owned().await.ok();
                *held.lock().unwrap_or_else(PoisonError::into_inner) = slot;
            }),
        )
    }
}
