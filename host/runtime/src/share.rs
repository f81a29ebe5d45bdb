//! Each plugin's share of the instance pool, fixed at load.
//!
//! A run takes one run slot of the runtime, or more if its component needs more linear
//! memories than the pool provides per slot (its *weight*). A plugin may hold at most the
//! runtime's `max_plugin_share` of the slots: its `max_concurrent_runs` is lowered to fit,
//! so one plugin, however many runs it gets or however large its components, cannot
//! exhaust the pool for all others.

use wasmtime::component::Component;

use crate::engine::{MAX_MEMORIES, MEMORIES_PER_SLOT};
use crate::{Limits, LoadError, Runtime};

/// Run slots one run of `component` takes.
pub(crate) fn weight(component: &Component) -> u32 {
    // Unknown only for components that import core modules, which no host provides.
    let memories = component
        .resources_required()
        .map_or(MAX_MEMORIES, |r| r.num_memories);
    memories.div_ceil(MEMORIES_PER_SLOT).max(1)
}

/// `limits` with `max_concurrent_runs` lowered to this plugin's share of the run slots, or
/// why even one run does not fit.
pub(crate) fn fit(
    runtime: &Runtime,
    name: &str,
    weight: u32,
    limits: Limits,
) -> Result<Limits, LoadError> {
    let share = runtime.plugin_share();
    let fits = share / weight as usize;
    if fits == 0 {
        return Err(LoadError::Engine(format!(
            "one run takes {weight} run slots (its memories); a plugin may hold {share}"
        )));
    }
    if limits.max_concurrent_runs > fits {
        tracing::info!(
            plugin = name,
            weight,
            configured = limits.max_concurrent_runs,
            allowed = fits,
            "max_concurrent_runs lowered to the plugin's share of the run slots"
        );
    }
    Ok(Limits {
        max_concurrent_runs: limits.max_concurrent_runs.min(fits),
        ..limits
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuntimeConfig;

    fn runtime(slots: usize, share: u8) -> Runtime {
        Runtime::new(RuntimeConfig {
            max_concurrent_runs: slots,
            max_plugin_share: share,
            pooling: false,
            ..RuntimeConfig::default()
        })
    }

    #[test]
    fn a_plugin_gets_at_most_its_share_in_runs_of_its_weight() {
        let rt = runtime(8, 50);
        let runs = |weight| fit(&rt, "p", weight, Limits::default()).map(|l| l.max_concurrent_runs);
        assert_eq!(runs(1).ok(), Some(4), "64 configured, 4 of 8 slots allowed");
        assert_eq!(runs(3).ok(), Some(1));
        assert!(
            runs(5).is_err(),
            "one run would take more than half the slots"
        );
        let small = Limits {
            max_concurrent_runs: 2,
            ..Limits::default()
        };
        let kept = fit(&rt, "p", 1, small).map(|l| l.max_concurrent_runs);
        assert_eq!(kept.ok(), Some(2), "a lower setting is kept");
    }

    #[test]
    fn a_host_with_one_slot_still_runs_every_plugin() {
        let rt = runtime(1, 50);
        let runs = fit(&rt, "p", 1, Limits::default()).map(|l| l.max_concurrent_runs);
        assert_eq!(runs.ok(), Some(1));
    }
}
