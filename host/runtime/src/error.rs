//! Errors at this crate's boundary.
//!
//! [`RunError`] is how a run ended when the skill did not finish its turn: each variant is a
//! reason the host can name to the client. The skill's own error (a `skill-error` it
//! returned) is not here: that is a normal [`crate::Outcome`].

use std::time::Duration;

/// Why a plugin could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The bytes are not a valid component for this host.
    #[error("not a valid component: {0}")]
    Compile(String),
    /// The component does not implement the `a2a:skill/plugin` world.
    #[error("does not implement a2a:skill/plugin@0.1.0: {0}")]
    World(String),
    /// `describe` failed or returned unusable cards.
    #[error("describe: {0}")]
    Describe(String),
    /// The engine could not be set up for the plugin's limits.
    #[error("engine: {0}")]
    Engine(String),
}

/// How a run ended when the skill did not finish its turn. The `Display` text is written for
/// the client: it names the reason and never carries host internals. Every variant but
/// [`RunError::Cancelled`], [`RunError::Busy`] and [`RunError::Start`] is the skill's doing.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunError {
    /// The CPU budget ran out.
    #[error("skill exceeded its CPU budget ({0} fuel)")]
    OutOfFuel(u64),
    /// The guest tried to grow memory past its cap.
    #[error("skill exceeded its memory limit ({} MiB)", .0 >> 20)]
    MemoryLimit(usize),
    /// The wall-clock budget ran out.
    #[error("skill exceeded its deadline ({})", secs(.0))]
    Deadline(Duration),
    /// The guest recursed past its stack.
    #[error("skill overflowed its stack ({} KiB)", .0 >> 10)]
    StackOverflow(usize),
    /// The guest emitted more events, or more bytes, than allowed.
    #[error("skill exceeded its event limit: {0}")]
    EventLimit(String),
    /// The guest asked the host for more than a limit allows: handles held at once, bytes
    /// passed in one call, random bytes in one call. Says which.
    #[error("skill exceeded its resource limit ({0})")]
    Resources(String),
    /// The guest broke a rule of the contract, such as an empty artifact id.
    #[error("skill broke the a2a:skill contract: {0}")]
    Contract(String),
    /// The guest trapped (a panic, an unreachable, an out-of-bounds access).
    #[error("skill crashed: {0}")]
    Trap(String),
    /// The guest called WASI `exit` (any language's runtime does on `exit()`), so its turn
    /// never returned an outcome, whatever the code.
    #[error("skill exited with code {0} instead of returning its outcome")]
    Exit(i32),
    /// The run was cancelled through its token.
    #[error("cancelled")]
    Cancelled,
    /// No run slot became free before the deadline: the host is overloaded, not the skill.
    #[error("host busy: no run slot became free within the deadline ({}); retry later", secs(.0))]
    Busy(Duration),
    /// The host could not do its part of the run (for example, its instance pool was
    /// exhausted); the cause is logged.
    #[error("the host could not run the skill; retry later")]
    Start,
}

impl RunError {
    /// A stable, machine-readable name for the reason, for clients that act on it.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::OutOfFuel(_) => "outOfFuel",
            Self::MemoryLimit(_) => "memoryLimit",
            Self::Deadline(_) => "deadline",
            Self::StackOverflow(_) => "stackOverflow",
            Self::EventLimit(_) => "eventLimit",
            Self::Resources(_) => "resourceLimit",
            Self::Contract(_) => "contractViolation",
            Self::Trap(_) => "trap",
            Self::Exit(_) => "exit",
            Self::Cancelled => "cancelled",
            Self::Busy(_) => "hostBusy",
            Self::Start => "hostError",
        }
    }
}

fn secs(d: &Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}
