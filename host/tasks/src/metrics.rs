//! The task engine's metrics, declared once here; call sites are one line. [`describe`]
//! runs after the binary installs its recorder.
//!
//! | metric | kind | labels | what |
//! | --- | --- | --- | --- |
//! | `skillhost_task_transitions_total` | counter | `state` | tasks entering each state (`submitted` when created) |
//! | `skillhost_store_tasks` | gauge | | tasks held by the store |
//! | `skillhost_store_bytes` | gauge | | bytes charged to them |
//! | `skillhost_store_op_seconds` | histogram | `op` (`commit`, `load`, `list`) | one backend operation: a group commit, loading a task's log, a list query |
//!
//! Tasks by state are counters of transitions, not gauges: a counter survives scrapes
//! missed and restarts of the scraper, and the tasks now in a state are the difference of
//! what entered and what left it (`rate()` shows the flow). Task ids are never labels.

use std::time::Instant;

use metrics::{
    Unit, counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram,
};
use skillhost_types::TaskState;

const TRANSITIONS: &str = "skillhost_task_transitions_total";
const STORE_TASKS: &str = "skillhost_store_tasks";
const STORE_BYTES: &str = "skillhost_store_bytes";
const STORE_OP: &str = "skillhost_store_op_seconds";

/// Declares the task engine's metrics to the installed recorder.
pub fn describe() {
    describe_counter!(
        TRANSITIONS,
        "Tasks entering each state (submitted: created)."
    );
    describe_gauge!(STORE_TASKS, "Tasks held by the task store.");
    describe_gauge!(STORE_BYTES, Unit::Bytes, "Bytes charged to the tasks held.");
    describe_histogram!(
        STORE_OP,
        Unit::Seconds,
        "One task store backend operation, by op."
    );
}

/// A task entered `state`.
pub(crate) fn entered(state: TaskState) {
    counter!(TRANSITIONS, "state" => label(state)).increment(1);
}

/// What the store holds now.
pub(crate) fn held(tasks: usize, bytes: usize) {
    gauge!(STORE_TASKS).set(tasks as f64);
    gauge!(STORE_BYTES).set(bytes as f64);
}

/// A backend operation that began at `started` ended.
pub(crate) fn store_op(op: &'static str, started: Instant) {
    histogram!(STORE_OP, "op" => op).record(started.elapsed().as_secs_f64());
}

fn label(state: TaskState) -> &'static str {
    match state {
        TaskState::Unspecified => "unspecified",
        TaskState::Submitted => "submitted",
        TaskState::Working => "working",
        TaskState::Completed => "completed",
        TaskState::Failed => "failed",
        TaskState::Canceled => "canceled",
        TaskState::InputRequired => "input_required",
        TaskState::Rejected => "rejected",
        TaskState::AuthRequired => "auth_required",
    }
}
