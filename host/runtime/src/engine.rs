//! [`Runtime`]: the process-wide wasmtime engines, the epoch ticker, the run slots and the
//! admission queue.
//!
//! wasmtime fixes the wasm stack size per `Engine`, and plugins may set their own stack limit,
//! so there is one engine per distinct stack size: with default limits, exactly one. Every
//! engine runs with fuel (the CPU budget) and epoch interruption (wall-clock deadlines and
//! time slicing), and with the pooling allocator when the machine allows it.
//!
//! # Where the time of a run goes
//!
//! Measured with `scripts/bench` and `perf` on 2 cores: one run of echo alone costs about
//! 11 µs (instantiate, call, tear down). Under load the kernel's share grows: each run
//! faults a few fresh pages in, and returning them flushes the TLB of every core that runs
//! the host. Batched decommits and copied-in data images (see `DECOMMIT_BATCH` and
//! `crate::image`) took the echo throughput from 0.11 to 0.34 of a bare axum route; the
//! rest is mostly those faults and flushes plus thread wake-ups. Reusing instances across
//! runs would remove them, and is ruled out: a fresh store per run is the isolation
//! guarantee.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use wasmtime::component::{HasSelf, Linker};
use wasmtime::{
    Config, Enabled, Engine, EngineWeak, InstanceAllocationStrategy, PoolingAllocationConfig,
};

use crate::admission;
use crate::bindings;
use crate::error::{LoadError, RunError};
use crate::state::RunState;

/// Process-wide runtime settings.
#[derive(Debug, Clone)]
pub struct RuntimeConfig {
    /// Run slots: runs executing at once, more wait for a slot. A run of a plugin whose
    /// component needs more of the instance pool than one slot provides takes several (see
    /// `Plugin::weight`). Sizes the instance pool. Default 128.
    pub max_concurrent_runs: usize,
    /// Runs that may wait for a slot, host-wide, in slots; past them (and the running ones)
    /// a new task is refused at once (`crate::admission`). Default 256.
    pub max_queued_runs: usize,
    /// Share of the run slots one plugin may hold, in percent, so that one plugin cannot
    /// take the whole instance pool; a plugin's `max_concurrent_runs` is lowered to fit at
    /// load. Default 50.
    pub max_plugin_share: u8,
    /// CPU-heavy runs executing at once (see `crate::sched`). Default: one fewer than the
    /// machine's cores, at least 1.
    pub heavy_runs: usize,
    /// Epoch tick: the resolution of deadlines and the longest a guest runs between two
    /// chances to cancel it. Default 10 ms.
    pub epoch_tick: Duration,
    /// Use the pooling allocator (faster instantiation) when the machine allows it; the
    /// runtime falls back to on-demand allocation if the pool cannot be reserved. Default on.
    pub pooling: bool,
    /// Where compiled components are kept between loads (see `crate::cache`); none: every
    /// load compiles. Must be writable only by the host's user. Default none.
    pub cache_dir: Option<std::path::PathBuf>,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self {
            max_concurrent_runs: 128,
            max_queued_runs: 256,
            max_plugin_share: 50,
            heavy_runs: cores.saturating_sub(1).max(1),
            epoch_tick: Duration::from_millis(10),
            pooling: true,
            cache_dir: None,
        }
    }
}

/// Extra stack for host code on the fibers that run guests, beyond the wasm stack.
const HOST_STACK_BYTES: usize = 1536 << 10;

/// Component instances kept free of the run limit, for loading plugins while runs are busy.
const LOAD_HEADROOM: u32 = 8;

/// Table bytes reset by `memset` instead of being returned to the kernel: tables are small.
const TABLE_KEEP_RESIDENT_BYTES: usize = 64 << 10;

/// Memory a run leaves behind is handed back to the kernel (`madvise`) as soon as the run
/// ends (a decommit batch of 1), so that the host's memory falls back right after a burst
/// of memory-hungry runs. Measured with `scripts/bench contain` on 2 cores: with batches of
/// 64 (the earlier setting, chosen for throughput), 60 runs that each filled 64 MiB left
/// RSS 1 179 MiB above idle, still there 5 s later; with this, 4 MiB.
///
/// Handing memory back flushes the TLB of every core running the host, which for small
/// runs (most of them) costs more than the run. So where the kernel offers `PAGEMAP_SCAN`
/// (Linux 6.7+), the first [`KEEP_RESIDENT_BYTES`] of each memory a run dirtied are reset
/// in place instead (only the dirty pages), and its stack's top likewise: a small run then
/// returns nothing to the kernel and faults nothing in next time. Without it, resetting
/// would rewrite that much memory every run, so nothing is kept. Measured with
/// `scripts/bench a2a` in one session on a loaded machine (echo throughput against bare
/// axum; sandbox cost p50): batches of 64, 0.34 and 24.7 µs; this, 0.39 and 21.0 µs;
/// batches of 1 without `PAGEMAP_SCAN`, 0.33 and 34.6 µs.
const DECOMMIT_BATCH: usize = 1;

/// Bytes of each linear memory reset in place rather than returned (see `DECOMMIT_BATCH`).
const KEEP_RESIDENT_BYTES: usize = 1 << 20;

/// Bytes at the top of each guest stack reset in place rather than returned.
const STACK_KEEP_RESIDENT_BYTES: usize = 64 << 10;

/// The shared engines, ticker and run slots. Cheap to clone.
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

struct Inner {
    config: RuntimeConfig,
    engines: Mutex<HashMap<EngineKey, Backend>>,
    ticked: Arc<Mutex<Vec<EngineWeak>>>,
    /// Run slots, each a share of the instance pool.
    slots: Arc<Semaphore>,
    /// Admission places: slots running or waiting.
    places: Arc<Semaphore>,
    /// Heavy-run slots (see `crate::sched`).
    heavy: Arc<Semaphore>,
    stop: Arc<AtomicBool>,
    ticker: Mutex<Option<JoinHandle<()>>>,
}

/// What distinguishes engines: settings wasmtime fixes per engine that plugins differ in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct EngineKey {
    /// The wasm stack size.
    pub(crate) stack_bytes: usize,
    /// Copy initial memory data in at instantiation instead of mapping it copy-on-write
    /// (see `crate::image`).
    pub(crate) eager_init: bool,
}

/// An engine and the linker that binds WASI and the host imports on it.
#[derive(Clone)]
pub(crate) struct Backend {
    pub(crate) engine: Engine,
    pub(crate) linker: Arc<Linker<RunState>>,
}

impl Runtime {
    /// Starts the runtime and its epoch ticker thread.
    pub fn new(config: RuntimeConfig) -> Self {
        let ticked = Arc::new(Mutex::new(Vec::<EngineWeak>::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let ticker = spawn_ticker(config.epoch_tick, ticked.clone(), stop.clone());
        let slots = Arc::new(Semaphore::new(config.max_concurrent_runs));
        let places = admission::places(config.max_concurrent_runs, config.max_queued_runs);
        let heavy = Arc::new(Semaphore::new(config.heavy_runs.max(1)));
        let inner = Inner {
            config,
            engines: Mutex::new(HashMap::new()),
            ticked,
            slots,
            places,
            heavy,
            stop,
            ticker: Mutex::new(Some(ticker)),
        };
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The settings this runtime was built with.
    pub fn config(&self) -> &RuntimeConfig {
        &self.inner.config
    }

    /// The engine for plugins with these settings, built on first use.
    pub(crate) fn backend(&self, key: EngineKey) -> Result<Backend, LoadError> {
        let mut engines = self
            .inner
            .engines
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(b) = engines.get(&key) {
            return Ok(b.clone());
        }
        let engine = build_engine(&self.inner.config, key)?;
        let linker = build_linker(&engine).map_err(|e| LoadError::Engine(format!("{e:#}")))?;
        let backend = Backend {
            engine,
            linker: Arc::new(linker),
        };
        self.inner
            .ticked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(backend.engine.weak());
        engines.insert(key, backend.clone());
        Ok(backend)
    }

    /// Whether every run slot of the host is taken.
    pub(crate) fn saturated(&self) -> bool {
        self.inner.slots.available_permits() == 0
    }

    /// Waits for `weight` free run slots.
    pub(crate) async fn slot(&self, weight: u32) -> Result<OwnedSemaphorePermit, RunError> {
        // The semaphore is never closed, so this only fails if that invariant breaks.
        self.inner
            .slots
            .clone()
            .acquire_many_owned(weight)
            .await
            .map_err(|_| RunError::Start)
    }

    /// The host's admission queue.
    pub(crate) fn places(&self) -> &Arc<Semaphore> {
        &self.inner.places
    }

    /// The heavy-run slots.
    pub(crate) fn heavy(&self) -> &Arc<Semaphore> {
        &self.inner.heavy
    }

    /// Run slots one plugin may hold (see [`RuntimeConfig::max_plugin_share`]); at least 1.
    pub(crate) fn plugin_share(&self) -> usize {
        let c = &self.inner.config;
        let share = c.max_concurrent_runs * usize::from(c.max_plugin_share.clamp(1, 100)) / 100;
        share.max(1)
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let ticker = self
            .ticker
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(t) = ticker {
            let _ = t.join();
        }
    }
}

fn build_engine(config: &RuntimeConfig, key: EngineKey) -> Result<Engine, LoadError> {
    let mut c = Config::new();
    c.wasm_component_model(true)
        .consume_fuel(true)
        .epoch_interruption(true)
        .max_wasm_stack(key.stack_bytes)
        .async_stack_size(key.stack_bytes + HOST_STACK_BYTES)
        .memory_init_cow(!key.eager_init);
    if config.pooling {
        let mut pooled = c.clone();
        pooled.allocation_strategy(InstanceAllocationStrategy::Pooling(pool(config)));
        match Engine::new(&pooled) {
            Ok(engine) => return Ok(engine),
            Err(e) => tracing::warn!(error = %e, "pooling allocator unavailable; using on-demand"),
        }
    }
    Engine::new(&c).map_err(|e| LoadError::Engine(format!("{e:#}")))
}

/// Linear memories the pool provides per run slot. Memories are the costly part of the
/// pool (each slot reserves 4 GiB of address space plus guards), so they are what a run's
/// weight counts: a component with more memories takes more run slots.
pub(crate) const MEMORIES_PER_SLOT: u32 = 4;

/// Core instances and tables a component may have; the pool provides this many per run
/// slot, so they never run out before the slots do (they cost address space only: about
/// 1 MiB per core instance and 8 MiB per table).
const MAX_CORE_INSTANCES: u32 = 128;
const MAX_TABLES: u32 = 64;

/// Memories a component may have. More fail at load.
pub(crate) const MAX_MEMORIES: u32 = 16;

/// Pool sizes follow the run slots: whatever mix of plugins holds them, no part of the pool
/// runs out first, so one plugin's components cannot starve the others' instantiations.
fn pool(config: &RuntimeConfig) -> PoolingAllocationConfig {
    let slots = config.max_concurrent_runs as u32 + LOAD_HEADROOM;
    let mut p = PoolingAllocationConfig::new();
    p.total_component_instances(slots)
        .total_core_instances(slots * MAX_CORE_INSTANCES)
        .total_memories(slots * MEMORIES_PER_SLOT)
        .total_tables(slots * MAX_TABLES)
        .total_stacks(slots)
        .max_core_instances_per_component(MAX_CORE_INSTANCES)
        .max_memories_per_component(MAX_MEMORIES)
        .max_tables_per_component(MAX_TABLES)
        .table_elements(1 << 20)
        .table_keep_resident(TABLE_KEEP_RESIDENT_BYTES)
        .decommit_batch_size(DECOMMIT_BATCH);
    if PoolingAllocationConfig::is_pagemap_scan_available() {
        p.pagemap_scan(Enabled::Yes)
            .linear_memory_keep_resident(KEEP_RESIDENT_BYTES)
            .async_stack_keep_resident(STACK_KEEP_RESIDENT_BYTES);
    }
    p
}

fn build_linker(engine: &Engine) -> wasmtime::Result<Linker<RunState>> {
    let mut linker = Linker::new(engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
    bindings::Plugin::add_to_linker::<RunState, HasSelf<RunState>>(&mut linker, |s| s)?;
    Ok(linker)
}

/// Epochs advance on a plain thread: a tokio timer would stall whenever guests keep the
/// executor's workers busy, which is exactly when the tick is needed.
fn spawn_ticker(
    tick: Duration,
    engines: Arc<Mutex<Vec<EngineWeak>>>,
    stop: Arc<AtomicBool>,
) -> JoinHandle<()> {
    std::thread::Builder::new()
        .name("skillhost-epoch".into())
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(tick);
                let engines = engines.lock().unwrap_or_else(PoisonError::into_inner);
                for engine in engines.iter().filter_map(EngineWeak::upgrade) {
                    engine.increment_epoch();
                }
            }
        })
        .unwrap_or_else(|e| panic!("cannot start the epoch ticker thread: {e}"))
}
