//! Who ended a run: how an instantiation or a call that did not return becomes a
//! [`RunError`] that names the reason.
//!
//! Once the guest runs, everything that stops it is the guest's doing unless the host
//! recorded otherwise: a trap, a limit, a call to `exit`, a misused host interface. Only
//! what fails before the guest runs and is not the guest's (the instance pool, the engine)
//! is `hostError`. Guest faults are logged at debug level and without a backtrace: a skill
//! that fails on purpose must cost the host no more than any other failed run.

use wasmtime::Trap;
use wasmtime::component::ResourceTableError;
use wasmtime_wasi::I32Exit;

use crate::state::{MAX_RANDOM_BYTES, RunState};
use crate::{Limits, RunError};

/// How a call ended other than by returning.
pub(crate) enum Early {
    Cancelled,
    Deadline,
    /// Instantiating the component failed.
    Start(wasmtime::Error),
    /// The call failed: a trap, a limit the host enforced, or the guest's misuse of the host.
    Failed(wasmtime::Error),
}

impl Early {
    pub(crate) fn into_error(self, state: &RunState, limits: &Limits) -> RunError {
        match self {
            Early::Cancelled => RunError::Cancelled,
            Early::Deadline => RunError::Deadline(limits.deadline),
            Early::Start(e) => recorded(state, limits)
                .or_else(|| guest_fault(&e, state, limits))
                .unwrap_or_else(|| host_fault(&e, state)),
            Early::Failed(e) => recorded(state, limits)
                .or_else(|| guest_fault(&e, state, limits))
                .unwrap_or_else(|| misuse(&e, state)),
        }
    }
}

/// What the host recorded when it stopped the guest: a host function or callback ending
/// the run on purpose, a refused memory grow, a deadline. These come first, since the
/// error that reaches the caller is whatever the guest hit next.
fn recorded(state: &RunState, limits: &Limits) -> Option<RunError> {
    if let Some(reason) = &state.stopped {
        return Some(reason.clone());
    }
    if state.limiter.memory_hit {
        return Some(RunError::MemoryLimit(limits.memory_bytes));
    }
    state
        .deadline_hit
        .then_some(RunError::Deadline(limits.deadline))
}

/// What a limit's text tells the client, from the run's limits.
type Describe = fn(&Limits) -> String;

/// Limits wasmtime and WASI enforce themselves and report as plain errors with no public
/// type, recognised by their text (the test of each limit fails if an upgrade changes it),
/// with what the client is told.
const LIMIT_TEXTS: &[(&str, Describe)] = &[
    ("fuel allocated for hostcalls has been exhausted", |l| {
        format!("{} bytes passed to the host in one call", l.hostcall_bytes)
    }),
    ("requested len", |_| {
        format!("{MAX_RANDOM_BYTES} random bytes asked for in one call")
    }),
];

/// Errors only the guest causes, whenever they happen.
fn guest_fault(err: &wasmtime::Error, state: &RunState, limits: &Limits) -> Option<RunError> {
    if let Some(exit) = err.downcast_ref::<I32Exit>() {
        return Some(RunError::Exit(exit.0));
    }
    if let Some(ResourceTableError::Full) = err.downcast_ref::<ResourceTableError>() {
        return Some(RunError::Resources(format!(
            "{} handles",
            limits.max_resources
        )));
    }
    if let Some(trap) = err.downcast_ref::<Trap>() {
        return Some(match trap {
            Trap::OutOfFuel => RunError::OutOfFuel(limits.fuel),
            Trap::StackOverflow => RunError::StackOverflow(limits.stack_bytes),
            trap => RunError::Trap(with_panic_text(trap.to_string(), state)),
        });
    }
    let (_, what) = LIMIT_TEXTS
        .iter()
        .find(|(needle, _)| err.chain().any(|e| e.to_string().contains(needle)))?;
    Some(RunError::Resources(what(limits)))
}

/// A call that failed for no reason the host recorded or knows: the guest used a host
/// interface against its rules (a handle it does not hold, a resource dropped too early).
fn misuse(err: &wasmtime::Error, state: &RunState) -> RunError {
    let cause = err.root_cause();
    tracing::debug!(skill = %state.label, %cause, "guest misused a host interface");
    RunError::Contract("misused a host interface".into())
}

/// Instantiation failed for a reason that is not the guest's: the host could not do its
/// part. Logged once, as text; the client learns only that.
fn host_fault(err: &wasmtime::Error, state: &RunState) -> RunError {
    tracing::warn!(skill = %state.label, error = %format!("{err:#}"), "could not start a run");
    RunError::Start
}

/// Adds the guest's panic message (Rust guests print it to stderr before trapping) to the
/// trap text: "unreachable executed" alone does not help anyone.
fn with_panic_text(trap: String, state: &RunState) -> String {
    let stderr = state.stderr.text();
    let mut lines = stderr.lines().map(str::trim).filter(|l| !l.is_empty());
    // Rust: "thread '…' panicked at src/lib.rs:3:5:" then the message, then a note.
    let panic = lines
        .clone()
        .skip_while(|l| !l.contains("panicked at"))
        .nth(1);
    match panic.or_else(|| lines.next_back()) {
        // Guest text: escaped, since it reaches logs as well as clients.
        Some(line) => format!("{trap} ({})", truncate(line, 300).escape_debug()),
        None => trap,
    }
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}
