//! Host-call time, charged to the run as fuel.
//!
//! Fuel counts what a guest does in wasm. The time its calls spend in the host (WASI, the
//! host imports, copying values across the boundary) would otherwise be free, and a guest
//! looping on cheap imports would run many times longer than its budget allows. A call
//! hook measures how long each host call is on a CPU and takes that from the run's fuel at
//! the rate wasm spends it, plus a fixed price per call. Time a call spends suspended (a
//! guest sleeping on a pollable, later an outbound request) is waiting, not work: it costs
//! wall clock (the deadline) but no fuel.
//!
//! This is the one place host work is charged: host functions added later (grants, HTTP)
//! are covered without doing anything.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Instant;

use wasmtime::{CallHook, CallHookHandler, Store, StoreContextMut};

use crate::state::RunState;

/// Fuel per nanosecond a host call runs: about the rate at which the `spin` fixture (a
/// tight arithmetic loop) spends fuel on the 2-core development machine (4 * 10^9 fuel in
/// 390-565 ms, 7-10 per ns), so that a guest looping on host calls stops within about the
/// wall time of one spinning in wasm (`scripts/bench contain` compares the two).
pub(crate) const FUEL_PER_NS: u64 = 8;

/// Fuel every host call costs besides its measured time: the transition in and out of the
/// guest and the hook itself, which the hook cannot time (measured: a `cancelled()` call
/// takes about 230 ns in all, of which the hook sees about 140).
pub(crate) const FUEL_PER_CALL: u64 = 800;

/// How often a running guest yields to the executor, in fuel (wasm and host calls alike):
/// well under a millisecond of work, so one guest cannot hold a worker thread for long.
pub(crate) const YIELD_INTERVAL_FUEL: u64 = 1_000_000;

/// How long the future that drives a run has been polled, that is, on a CPU.
pub(crate) struct BusyClock {
    origin: Instant,
    /// Nanoseconds of finished polls.
    busy: AtomicU64,
    /// When the current poll began (nanoseconds after `origin`), if one is running.
    polling_since: AtomicU64,
}

/// `polling_since` when no poll is running.
const IDLE: u64 = u64::MAX;

impl BusyClock {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self {
            origin: Instant::now(),
            busy: AtomicU64::new(0),
            polling_since: AtomicU64::new(IDLE),
        })
    }

    fn elapsed(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    /// Busy nanoseconds so far, the current poll included.
    fn now(&self) -> u64 {
        let busy = self.busy.load(Ordering::Relaxed);
        match self.polling_since.load(Ordering::Relaxed) {
            IDLE => busy,
            since => busy + self.elapsed().saturating_sub(since),
        }
    }
}

/// Runs `call`, keeping `clock` to the time it is polled.
pub(crate) fn metered<'a, T: 'a>(
    call: impl Future<Output = T> + Send + 'a,
    clock: Arc<BusyClock>,
) -> impl Future<Output = T> + Send + 'a {
    Metered {
        call: Box::pin(call),
        clock,
    }
}

struct Metered<'a, T> {
    call: Pin<Box<dyn Future<Output = T> + Send + 'a>>,
    clock: Arc<BusyClock>,
}

impl<T> Future for Metered<'_, T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let clock = self.clock.clone();
        let since = clock.elapsed();
        clock.polling_since.store(since, Ordering::Relaxed);
        let result = self.call.as_mut().poll(cx);
        let spent = clock.elapsed().saturating_sub(since);
        clock.polling_since.store(IDLE, Ordering::Relaxed);
        clock.busy.fetch_add(spent, Ordering::Relaxed);
        result
    }
}

/// Installs the hook that charges every host call of `store`'s run.
pub(crate) fn charge_host_calls(store: &mut Store<RunState>) {
    store.call_hook_async(Meter);
}

/// The call hook. It is async so that it can yield: setting the fuel also refills
/// wasmtime's count towards the next yield, so a guest that calls the host often would
/// never reach it; the hook keeps its own count and yields itself once a slice is spent.
struct Meter;

#[wasmtime_wasi::async_trait]
impl CallHookHandler<RunState> for Meter {
    async fn handle_call_event(
        &self,
        mut ctx: StoreContextMut<'_, RunState>,
        hook: CallHook,
    ) -> wasmtime::Result<()> {
        match hook {
            CallHook::CallingHost => {
                let state = ctx.data_mut();
                state.host_call_since = state.busy.now();
            }
            CallHook::ReturningFromHost => {
                let state = ctx.data();
                let spent = state.busy.now().saturating_sub(state.host_call_since);
                let cost = FUEL_PER_CALL.saturating_add(spent.saturating_mul(FUEL_PER_NS));
                // Run out, the guest traps with `OutOfFuel` at its next fuel check.
                let left = ctx.get_fuel()?.saturating_sub(cost);
                ctx.set_fuel(left)?;
                let state = ctx.data_mut();
                if state.fuel_at_yield.saturating_sub(left) >= YIELD_INTERVAL_FUEL {
                    state.fuel_at_yield = left;
                    tokio::task::yield_now().await;
                }
            }
            CallHook::CallingWasm | CallHook::ReturningFromWasm => {}
        }
        Ok(())
    }
}
