//! The runtime's metrics, declared once here (names, units, help texts); call sites are one
//! line. Recorded through the `metrics` facade: nothing happens until the binary installs a
//! recorder, and [`describe`] must run after it does.
//!
//! | metric | kind | labels | what |
//! | --- | --- | --- | --- |
//! | `skillhost_runs_total` | counter | `plugin`, `skill`, `failure_kind` | runs ended (also those that never got a slot); `failure_kind` is `none`, `skillError` or the host's `failureKind` |
//! | `skillhost_run_fuel` | histogram | `plugin`, `skill` | fuel one run spent |
//! | `skillhost_run_seconds` | histogram | `plugin`, `skill` | wall time of one run, from its slot to its end |
//! | `skillhost_run_queue_depth` | gauge | | runs admitted and waiting for a run slot |
//! | `skillhost_run_queue_wait_seconds` | histogram | | how long a run waited for its slot |
//! | `skillhost_instances_in_use` | gauge | | instances (of the pool) running a guest now |
//!
//! Labels are bounded: plugin and skill names are those loaded (a skill id the plugin does
//! not offer counts as `unknown`), failure kinds a fixed set.

use std::time::{Duration, Instant};

use metrics::{
    Unit, counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram,
};

use crate::{Outcome, Plugin, RunError};

const RUNS: &str = "skillhost_runs_total";
const FUEL: &str = "skillhost_run_fuel";
const RUN_SECONDS: &str = "skillhost_run_seconds";
const QUEUE_DEPTH: &str = "skillhost_run_queue_depth";
const QUEUE_WAIT: &str = "skillhost_run_queue_wait_seconds";
const INSTANCES: &str = "skillhost_instances_in_use";

/// Declares the runtime's metrics to the installed recorder.
pub fn describe() {
    describe_counter!(
        RUNS,
        "Runs ended, by plugin, skill and failureKind (none: no failure)."
    );
    describe_histogram!(
        FUEL,
        "Fuel (wasm instructions, plus host-call time) one run spent."
    );
    describe_histogram!(
        RUN_SECONDS,
        Unit::Seconds,
        "Wall time of one run, from its slot to its end."
    );
    describe_gauge!(QUEUE_DEPTH, "Runs admitted and waiting for a run slot.");
    describe_histogram!(
        QUEUE_WAIT,
        Unit::Seconds,
        "How long a run waited for its run slot."
    );
    describe_gauge!(INSTANCES, "Instances of the pool running a guest now.");
}

/// One run ended with `result`: counted by its failure kind (`none` for success).
pub(crate) fn ended(plugin: &Plugin, skill: &str, result: &Result<Outcome, RunError>) {
    let kind = match result {
        Ok(Outcome::Failed(_)) => "skillError",
        Ok(_) => "none",
        Err(e) => e.kind(),
    };
    let (plugin, skill) = labels(plugin, skill);
    counter!(RUNS, "plugin" => plugin, "skill" => skill, "failure_kind" => kind).increment(1);
}

/// A run that got its slot spent `fuel` in `took`.
pub(crate) fn spent(plugin: &Plugin, skill: &str, fuel: u64, took: Duration) {
    let (plugin, skill) = labels(plugin, skill);
    histogram!(FUEL, "plugin" => plugin.clone(), "skill" => skill.clone()).record(fuel as f64);
    histogram!(RUN_SECONDS, "plugin" => plugin, "skill" => skill).record(took.as_secs_f64());
}

fn labels(plugin: &Plugin, skill: &str) -> (String, String) {
    (
        plugin.name().to_string(),
        known_skill(plugin, skill).to_string(),
    )
}

/// The skill id as a label: one the plugin offers, else `unknown`.
fn known_skill<'a>(plugin: &'a Plugin, skill: &str) -> &'a str {
    plugin
        .skills()
        .iter()
        .find(|card| card.id == skill)
        .map_or("unknown", |card| card.id.as_str())
}

/// Counts a run as waiting for its slot while it lives (also when the wait is cancelled),
/// and records the wait when it ends.
pub(crate) struct Waiting(Instant);

impl Waiting {
    pub(crate) fn start() -> Self {
        gauge!(QUEUE_DEPTH).increment(1);
        Self(Instant::now())
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        gauge!(QUEUE_DEPTH).decrement(1);
        histogram!(QUEUE_WAIT).record(self.0.elapsed().as_secs_f64());
    }
}

/// Counts an instance as in use while it lives.
pub(crate) struct InUse(());

impl InUse {
    pub(crate) fn start() -> Self {
        gauge!(INSTANCES).increment(1);
        Self(())
    }
}

impl Drop for InUse {
    fn drop(&mut self) {
        gauge!(INSTANCES).decrement(1);
    }
}
