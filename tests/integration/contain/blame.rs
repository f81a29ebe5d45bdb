//! Faults that are the skill's, however the host learns of them, end with a skill-side
//! `failureKind`, never `hostError`, and write no host backtrace to the log.

use std::io::Write;
use std::sync::{Arc, Mutex};

use super::{fails, hostile};

#[tokio::test]
async fn exit_ends_the_task_failed_whatever_the_code() {
    let host = hostile("").await;
    fails(&host, "exit-0", "exit", "exited with code 0").await;
    // WASI 0.2's `exit` carries success or failure only: every other code is 1.
    fails(&host, "exit-3", "exit", "exited with code 1").await;
}

#[tokio::test]
async fn too_many_random_bytes_is_a_resource_limit() {
    let host = hostile("").await;
    let reason = "resource limit (1048576 random bytes asked for in one call)";
    fails(&host, "random-hog", "resourceLimit", reason).await;
}

#[tokio::test]
async fn a_value_over_the_per_call_cap_is_a_resource_limit() {
    let host = hostile("[limits]\nhostcall_kib = 1024").await;
    let reason = "resource limit (1048576 bytes passed to the host in one call)";
    fails(&host, "over-cap", "resourceLimit", reason).await;
}

#[tokio::test]
async fn a_forged_handle_breaks_the_contract() {
    let host = hostile("").await;
    let reason = "misused a host interface";
    fails(&host, "bad-handle", "contractViolation", reason).await;
}

/// The log, as the host writes it.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl Write for Log {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// The host runs on this test's single thread, so a thread-local subscriber sees its logs.
#[tokio::test]
async fn guest_faults_write_no_backtrace_to_the_log() {
    let log = Log::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let host = hostile("[limits]\nhostcall_kib = 1024\nfuel = 100_000_000").await;
    let faults = [
        ("exit-3", "exit"),
        ("random-hog", "resourceLimit"),
        ("over-cap", "resourceLimit"),
        ("bad-handle", "contractViolation"),
        ("crash", "trap"),
        ("spin", "outOfFuel"),
    ];
    for (skill, kind) in faults {
        fails(&host, skill, kind, "").await;
    }
    let text = String::from_utf8_lossy(&log.0.lock().expect("log")).to_string();
    assert_eq!(text.matches("run failed").count(), faults.len(), "{text}");
    // A host backtrace ("stack backtrace:" and frames), or the guest's, in any error.
    let lower = text.to_lowercase();
    assert!(
        !lower.contains("stack backtrace") && !lower.contains("wasm backtrace"),
        "{text}"
    );
    assert!(
        !text.contains("/rustc/") && !text.contains("      at "),
        "{text}"
    );
    assert!(
        !text.contains("hostError") && !text.contains("could not start"),
        "{text}"
    );
}
