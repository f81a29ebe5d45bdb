//! The registry's metrics, declared once here; call sites are one line. [`describe`] runs
//! after the binary installs its recorder.
//!
//! | metric | kind | labels | what |
//! | --- | --- | --- | --- |
//! | `skillhost_plugin_loads_total` | counter | `result` (`ok`, `error`) | plugin directories loaded, or refused |
//! | `skillhost_plugin_swaps_total` | counter | `result` (`ok`, `error`) | plugins replaced while serving (hot load; none yet) |
//!
//! Plugin names are not labels: a refused directory's name is the operator's, not a loaded
//! plugin's, and the logs name it.

use metrics::{counter, describe_counter};

const LOADS: &str = "skillhost_plugin_loads_total";
const SWAPS: &str = "skillhost_plugin_swaps_total";

/// Declares the registry's metrics to the installed recorder.
pub fn describe() {
    describe_counter!(
        LOADS,
        "Plugin directories loaded (result=ok) or refused (result=error)."
    );
    describe_counter!(SWAPS, "Plugins replaced while serving, by result.");
}

/// One plugin directory was loaded, or refused.
pub(crate) fn loaded(ok: bool) {
    counter!(LOADS, "result" => result(ok)).increment(1);
}

/// One plugin was swapped for a new version while serving, or the swap was refused. Ready
/// for hot loading, which calls it; nothing does yet.
pub fn swapped(ok: bool) {
    counter!(SWAPS, "result" => result(ok)).increment(1);
}

fn result(ok: bool) -> &'static str {
    if ok { "ok" } else { "error" }
}
