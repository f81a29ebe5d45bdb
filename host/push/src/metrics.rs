//! Push delivery's metrics, declared once here; call sites are one line. [`describe`] runs
//! after the binary installs its recorder.
//!
//! | metric | kind | labels | what |
//! | --- | --- | --- | --- |
//! | `skillhost_push_deliveries_total` | counter | `result` (`ok`, `error`) | delivery attempts: POSTs to a webhook and how they ended |
//! | `skillhost_push_configs_failed_total` | counter | | configs marked failing after their last attempt |
//!
//! Webhook URLs and task ids are never labels: callers choose them.

use metrics::{counter, describe_counter};

const DELIVERIES: &str = "skillhost_push_deliveries_total";
const FAILED: &str = "skillhost_push_configs_failed_total";

/// Declares push delivery's metrics to the installed recorder.
pub fn describe() {
    describe_counter!(
        DELIVERIES,
        "Push delivery attempts, by result (ok: the webhook took it)."
    );
    describe_counter!(
        FAILED,
        "Push configs marked failing: every attempt for an update failed."
    );
}

/// One delivery attempt ended.
pub(crate) fn attempted(ok: bool) {
    counter!(DELIVERIES, "result" => if ok { "ok" } else { "error" }).increment(1);
}

/// A config was marked failing.
pub(crate) fn gave_up() {
    counter!(FAILED).increment(1);
}
