//! Every bound a run is held to. The defaults here are the host-wide defaults; the host config
//! can change them and each plugin's `skill.toml` can override them for that plugin.

use std::time::Duration;

/// Limits for one run of a skill. Every field has a default and every default is finite:
/// nothing an untrusted plugin controls is unbounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// CPU budget in wasmtime fuel units (one per wasm operator). Default 10^10, about a
    /// second of work: many operators (local gets and sets) cost no machine instruction, so
    /// fuel goes faster than cycles; the JavaScript interpreter spends 10^10 in about 0.8 s.
    pub fuel: u64,
    /// Largest linear memory a run may grow, in bytes. Default 64 MiB.
    pub memory_bytes: usize,
    /// Wall-clock budget of a run, whether it computes or waits. Default 30 s.
    pub deadline: Duration,
    /// Wasm stack size in bytes; deeper recursion traps. Default 512 KiB.
    pub stack_bytes: usize,
    /// Bytes the guest may pass to the host in one call (wasmtime's hostcall fuel).
    /// Default 16 MiB.
    pub hostcall_bytes: usize,
    /// Status and artifact events per run. Default 10 000.
    pub max_events: u32,
    /// Total bytes of content in those events per run. Default 32 MiB.
    pub max_event_bytes: usize,
    /// Bytes of log records (the `logging` import, stdout and stderr) kept per run; the rest
    /// is dropped. Default 64 KiB.
    pub max_log_bytes: usize,
    /// Runs of this plugin at once, so that one slow skill cannot take every run slot of the
    /// host. Default 64.
    pub max_concurrent_runs: usize,
    /// Host objects a run may hold at once (WASI pollables, streams, …). They live in host
    /// memory, outside the guest's memory cap. Default 10 000.
    pub max_resources: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            fuel: 10_000_000_000,
            memory_bytes: 64 << 20,
            deadline: Duration::from_secs(30),
            stack_bytes: 512 << 10,
            hostcall_bytes: 16 << 20,
            max_events: 10_000,
            max_event_bytes: 32 << 20,
            max_log_bytes: 64 << 10,
            max_concurrent_runs: 64,
            max_resources: 10_000,
        }
    }
}

/// The resource limiter of one store: caps linear memory and tables, and remembers that it
/// refused a grow so a run that dies of it is reported as "memory limit" rather than as
/// whatever the guest did next.
pub(crate) struct Limiter {
    memory_bytes: usize,
    /// Set when a grow past the cap was refused.
    pub(crate) memory_hit: bool,
}

/// Table entries a store may allocate; large enough for interpreters like CPython's
/// component (about 6 000 entries) and small enough to bound host memory.
const MAX_TABLE_ELEMENTS: usize = 1 << 20;

/// Instances, memories and tables per store: a component holds several of each.
const MAX_INSTANCES: usize = 200;

impl Limiter {
    pub(crate) fn new(memory_bytes: usize) -> Self {
        Self {
            memory_bytes,
            memory_hit: false,
        }
    }
}

impl wasmtime::ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.memory_bytes {
            // Trap instead of letting `memory.grow` return -1: guests rarely handle that and
            // crash later with a misleading error.
            self.memory_hit = true;
            wasmtime::bail!("memory limit of {} bytes exceeded", self.memory_bytes);
        }
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }

    fn instances(&self) -> usize {
        MAX_INSTANCES
    }

    fn tables(&self) -> usize {
        MAX_INSTANCES
    }

    fn memories(&self) -> usize {
        MAX_INSTANCES
    }
}
