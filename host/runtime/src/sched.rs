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
//! take the slots in turn. Short runs never wait, unless their plugin had a heavy run in
//! the last [`SUSPECT_FOR`]: then they take a turn before they start, so that a skill that
//! is heavy every time does not get a free start each time.
//!
//! This is two of the options at once: a priority for short runs and a cap on CPU-bound
//! runs below the core count. Measured with `scripts/bench contain` on the 2-core
//! development machine (shared with other builds, so noisy), echo's p99 latency beside four
//! guests, against echo alone: spinning in wasm, 14-16x with every run ungated
//! (`heavy_runs = 4`), 1.5-4.7x with one heavy-run slot gated from the threshold only, and
//! 0.6-1.0x with suspect plugins gated from their start too; looping on host calls, 11-14x
//! ungated and 0.5-1.0x gated. Per-skill shares alone were not enough: four runs of one
//! skill, or one run each of four skills, still fill both cores.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use wasmtime::UpdateDeadline;

/// Fuel after which a run counts as heavy: about 4 ms of work, far beyond what a
/// request-answering skill spends (echo: thousands; a JavaScript run: about 10^7).
pub(crate) const HEAVY_FUEL: u64 = 30_000_000;

/// How long a plugin whose run was heavy stays suspect: its runs meanwhile take a turn
/// before they start, rather than running free until they prove heavy again.
const SUSPECT_FOR: Duration = Duration::from_secs(10);

/// When a plugin last had a heavy run.
pub(crate) struct HeavyMark {
    origin: Instant,
    /// Milliseconds after `origin`, or `u64::MAX` for never.
    at: AtomicU64,
}

impl HeavyMark {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self {
            origin: Instant::now(),
            at: AtomicU64::new(u64::MAX),
        })
    }

    fn now(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX - 1)
    }

    fn touch(&self) {
        self.at.store(self.now(), Ordering::Relaxed);
    }

    fn suspect(&self) -> bool {
        match self.at.load(Ordering::Relaxed) {
            u64::MAX => false,
            at => self.now().saturating_sub(at) < SUSPECT_FOR.as_millis() as u64,
        }
    }
}

/// The heavy-run slots of the runtime, the one this run holds if any, and its plugin's
/// record.
pub(crate) struct Gate {
    slots: Arc<Semaphore>,
    held: Arc<Mutex<Option<OwnedSemaphorePermit>>>,
    mark: Arc<HeavyMark>,
}

impl Gate {
    pub(crate) fn new(slots: Arc<Semaphore>, mark: Arc<HeavyMark>) -> Self {
        Self {
            slots,
            held: Arc::default(),
            mark,
        }
    }

    /// Before the run starts: a run of a suspect plugin waits for its turn now.
    pub(crate) fn enter(&self) -> impl Future<Output = ()> + Send + 'static {
        let turn = self.mark.suspect().then(|| self.take_turn());
        async move {
            if let Some(turn) = turn {
                turn.await;
            }
        }
    }

    /// At an epoch tick: a short run carries on (after a plain yield); a heavy one gives
    /// its slot back and waits in line for the next.
    pub(crate) fn tick(&self, fuel_spent: u64) -> UpdateDeadline {
        if fuel_spent < HEAVY_FUEL {
            return UpdateDeadline::Yield(1);
        }
        self.mark.touch();
        let previous = self
            .held
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        drop(previous);
        UpdateDeadline::YieldCustom(1, Box::pin(self.take_turn()))
    }

    /// Waits for a heavy-run slot and keeps it until the next tick.
    fn take_turn(&self) -> impl Future<Output = ()> + Send + 'static {
        let (slots, held) = (self.slots.clone(), self.held.clone());
        async move {
            // The semaphore is never closed; if it were, the run would go on ungated.
            let slot = slots.acquire_owned().await.ok();
            *held.lock().unwrap_or_else(PoisonError::into_inner) = slot;
        }
    }
}
