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
    /// Memory a run may hold, in bytes: every linear memory and table of the run together
    /// (a table element counts 8 bytes). Default 64 MiB.
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
    /// Total bytes of those events and the turn's result, per run: every field of every
    /// value the skill hands over, plus 64 bytes per event, part and JSON value (see
    /// `crate::account`). Default 32 MiB.
    pub max_event_bytes: usize,
    /// Parts in one event or in the turn's result. Default 1 000.
    pub max_event_parts: usize,
    /// Bytes of log records (the `logging` import, stdout and stderr) kept per run; the rest
    /// is dropped. Default 64 KiB.
    pub max_log_bytes: usize,
    /// Runs of this plugin at once, so that one slow skill cannot take every run slot of the
    /// host; lowered at load to the plugin's share of the instance pool (see `crate::share`).
    /// Default 64.
    pub max_concurrent_runs: usize,
    /// Runs of this plugin that may wait for a slot; past them (and the running ones) a new
    /// task for it is refused at once (see `crate::admission`). Default 64.
    pub max_queued_runs: usize,
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
            max_event_parts: 1_000,
            max_log_bytes: 64 << 10,
            max_concurrent_runs: 64,
            max_queued_runs: 64,
            max_resources: 10_000,
        }
    }
}

/// The resource limiter of one store: one cap on every linear memory and table of the run
/// together (a component of many core modules gets no more than one of a single module),
/// and a record that it refused a grow, so a run that dies of it is reported as "memory
/// limit" rather than as whatever the guest did next.
pub(crate) struct Limiter {
    cap: usize,
    /// Bytes of memories and tables the run holds.
    used: usize,
    /// The last grow allowed, taken back if the grow then fails for another reason.
    pending: usize,
    /// Set when a grow past the cap was refused.
    pub(crate) memory_hit: bool,
}

/// Bytes a table element costs against the memory cap: a table of functions holds one
/// pointer per element.
const TABLE_ELEMENT_BYTES: usize = 8;

/// Instances, memories and tables per store: a component holds several of each. The pool
/// bounds each per component as well (see `crate::engine`).
const MAX_INSTANCES: usize = 200;

impl Limiter {
    pub(crate) fn new(cap: usize) -> Self {
        Self {
            cap,
            used: 0,
            pending: 0,
            memory_hit: false,
        }
    }

    /// Allows growing something from `current` to `desired` bytes if the run's total stays
    /// within the cap. Refusing traps the guest (rather than letting `memory.grow` return
    /// -1, which guests rarely handle and then crash with a misleading error).
    fn grow(&mut self, current: usize, desired: usize) -> wasmtime::Result<bool> {
        let more = desired.saturating_sub(current);
        let total = self.used.saturating_add(more);
        if total > self.cap {
            self.memory_hit = true;
            wasmtime::bail!("memory limit of {} bytes exceeded", self.cap);
        }
        (self.used, self.pending) = (total, more);
        Ok(true)
    }

    fn grow_failed(&mut self) -> wasmtime::Result<()> {
        self.used -= std::mem::take(&mut self.pending);
        Ok(())
    }
}

impl wasmtime::ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.grow(current, desired)
    }

    fn memory_grow_failed(&mut self, _error: wasmtime::Error) -> wasmtime::Result<()> {
        self.grow_failed()
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let bytes = |n: usize| n.saturating_mul(TABLE_ELEMENT_BYTES);
        self.grow(bytes(current), bytes(desired))
    }

    fn table_grow_failed(&mut self, _error: wasmtime::Error) -> wasmtime::Result<()> {
        self.grow_failed()
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

#[cfg(test)]
mod tests {
    use wasmtime::ResourceLimiter;

    use super::Limiter;

    #[test]
    fn memories_and_tables_share_one_cap() {
        let mut l = Limiter::new(10 << 20);
        assert!(l.memory_growing(0, 6 << 20, None).expect("fits"));
        assert!(
            l.table_growing(0, 1 << 18, None)
                .expect("2 MiB of table fits")
        );
        assert!(
            l.memory_growing(0, 4 << 20, None).is_err(),
            "a second memory"
        );
        assert!(l.memory_hit);
    }

    #[test]
    fn a_grow_that_fails_elsewhere_is_not_counted() {
        let mut l = Limiter::new(10 << 20);
        assert!(l.memory_growing(0, 8 << 20, None).expect("fits"));
        l.memory_grow_failed(wasmtime::format_err!("too big for the pool"))
            .expect("recorded");
        assert!(l.memory_growing(0, 9 << 20, None).expect("fits again"));
    }
}
