//! [`Runtime`]: the process-wide wasmtime engines, the epoch ticker and the concurrency gate.
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
use wasmtime::{Config, Engine, EngineWeak, InstanceAllocationStrategy, PoolingAllocationConfig};

use crate::bindings;
use crate::error::{LoadError, RunError};
use crate::state::RunState;

/// Process-wide runtime settings.
#[derive(Debug, Clone)]
pub struct RuntimeConfig {
    /// Runs executing at once; more wait for a slot. Sizes the instance pool. Default 128.
    pub max_concurrent_runs: usize,
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
        Self {
            max_concurrent_runs: 128,
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

/// Returning a run's memory to the kernel (`madvise`) makes it flush the TLB of every core
/// running the host; batching the decommits of many runs pays that once per batch. Measured
/// with `scripts/bench` on 2 cores: 1 (wasmtime's default) 20k requests/s, 16 33k, 64 36-38k,
/// 256 no faster with a worse p99. Keeping linear memory resident instead was slower: the
/// reset then rewrites every resident page of the slot, not only the dirty ones.
const DECOMMIT_BATCH: usize = 64;

/// The shared engines, ticker and run slots. Cheap to clone.
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

struct Inner {
    config: RuntimeConfig,
    engines: Mutex<HashMap<EngineKey, Backend>>,
    ticked: Arc<Mutex<Vec<EngineWeak>>>,
    slots: Arc<Semaphore>,
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
        let inner = Inner {
            config,
            engines: Mutex::new(HashMap::new()),
            ticked,
            slots,
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

    /// Waits for a free run slot.
    pub(crate) async fn slot(&self) -> Result<OwnedSemaphorePermit, RunError> {
        // The semaphore is never closed, so this only fails if that invariant breaks.
        self.inner
            .slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| RunError::Start)
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

/// Pool sizes follow the run limit. A small Rust or C component uses a few core instances,
/// one or two memories and a few tables; interpreters (Python, JS) use many more.
fn pool(config: &RuntimeConfig) -> PoolingAllocationConfig {
    let instances = config.max_concurrent_runs as u32 + LOAD_HEADROOM;
    let mut p = PoolingAllocationConfig::new();
    p.total_component_instances(instances)
        .total_core_instances(instances * 16)
        .total_memories(instances * 4)
        .total_tables(instances * 16)
        .total_stacks(instances)
        .max_core_instances_per_component(128)
        .max_memories_per_component(16)
        .max_tables_per_component(64)
        .table_elements(1 << 20)
        .table_keep_resident(TABLE_KEEP_RESIDENT_BYTES)
        .decommit_batch_size(DECOMMIT_BATCH);
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
