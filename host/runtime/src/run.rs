//! [`Plugin::run`]: one turn of a task in a fresh store.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use skillhost_types::{Message, Metadata};

/// Moved to the types crate: any executor, not only this sandbox, reports them.
pub use skillhost_types::skill::{Outcome, Reply, SkillEvent};
use tokio::sync::OwnedSemaphorePermit;
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;
use wasmtime::component::ResourceTableError;
use wasmtime::{Store, Trap, UpdateDeadline};

use crate::bindings;
use crate::convert;
use crate::plugin::Plugin;
use crate::state::RunState;
use crate::{Limits, RunError};

/// One turn of a task, as the skill receives it.
#[derive(Debug, Clone, Copy)]
pub struct Turn<'a> {
    /// The task id.
    pub task_id: &'a str,
    /// The context id.
    pub context_id: &'a str,
    /// Which skill of the plugin.
    pub skill_id: &'a str,
    /// The new message.
    pub message: &'a Message,
    /// Earlier messages, oldest first.
    pub history: &'a [Message],
    /// The request's metadata.
    pub metadata: Option<&'a Metadata>,
    /// The ids of the task's artifacts from earlier turns, each with whether its last chunk
    /// was sent: open ones can be extended by chunks, complete ones cannot.
    pub artifacts: &'a [(String, bool)],
    /// Bytes of events this turn may emit: what the task has left of its own size limit.
    /// The plugin's per-run limit applies too; the smaller one counts.
    pub event_bytes: usize,
}

/// How often a running guest yields to the executor, in fuel: about a millisecond of work,
/// so one guest cannot hold a worker thread for long.
const YIELD_INTERVAL_FUEL: u64 = 1_000_000;

/// Extra wall-clock time, past the deadline, before the host drops a guest that is waiting
/// in a host call (epochs only interrupt running wasm).
const DEADLINE_GRACE: Duration = Duration::from_millis(50);

impl Plugin {
    /// Runs one turn of `turn.skill_id`. Events go to `events` as they happen; `cancel` stops
    /// the guest at its next yield point (within one epoch tick) and ends the run with
    /// [`RunError::Cancelled`].
    pub async fn run(
        &self,
        turn: Turn<'_>,
        events: UnboundedSender<SkillEvent>,
        cancel: CancellationToken,
    ) -> Result<Outcome, RunError> {
        // The deadline is wall-clock time from here: waiting for a slot spends it too.
        let deadline = Instant::now() + self.limits().deadline;
        let _slots = self.slots(&cancel, deadline).await?;
        let label: Arc<str> =
            format!("{}/{} task={}", self.name(), turn.skill_id, turn.task_id).into();
        let mut store = self.store(label, Some(events), cancel.clone());
        store.data_mut().events.limit_bytes(turn.event_bytes);
        for (id, sealed) in turn.artifacts {
            store.data_mut().artifacts.insert(id.clone(), *sealed);
        }
        let input = convert::turn_to_wit(&turn);
        arm_deadline(&mut store, deadline);
        let called = race(call_run(self, &mut store, &input), &cancel, deadline).await;
        let result = match called {
            Ok(Ok(outcome)) => convert::outcome_from_wit(outcome).map_err(RunError::Contract),
            Ok(Err(e)) => Ok(Outcome::Failed(e.reason)),
            Err(early) => Err(early.into_error(store.data(), self.limits())),
        };
        self.flush_output(&mut store);
        result
    }

    /// Waits for a run slot of this plugin and then of the host, until the run is cancelled
    /// or its deadline passes.
    async fn slots(
        &self,
        cancel: &CancellationToken,
        deadline: Instant,
    ) -> Result<Slots, RunError> {
        let wait = async {
            let plugin = self.plugin_slot().await?;
            Ok((plugin, self.runtime_slot().await?))
        };
        tokio::select! {
            biased;
            () = cancel.cancelled() => Err(RunError::Cancelled),
            () = tokio::time::sleep_until(deadline.into()) => Err(RunError::Busy(self.limits().deadline)),
            slots = wait => slots,
        }
    }

    /// A fresh store with every limit of this plugin applied.
    pub(crate) fn store(
        &self,
        label: Arc<str>,
        events: Option<UnboundedSender<SkillEvent>>,
        cancel: CancellationToken,
    ) -> Store<RunState> {
        let limits = self.limits();
        let state = RunState::new(limits, label, self.config(), events, cancel);
        let mut store = Store::new(self.engine(), state);
        store.limiter(|s| &mut s.limiter);
        store.set_hostcall_fuel(limits.hostcall_bytes);
        store.set_max_component_handles(limits.max_resources);
        // Both are infallible here: the engine is built with fuel, and the interval is not 0.
        let _ = store.set_fuel(limits.fuel);
        let _ = store.fuel_async_yield_interval(Some(YIELD_INTERVAL_FUEL));
        store
    }

    fn flush_output(&self, store: &mut Store<RunState>) {
        let s = store.data();
        for (stream, capture) in [("stdout", &s.stdout), ("stderr", &s.stderr)] {
            let (bytes, dropped) = capture.take();
            if bytes.is_empty() {
                continue;
            }
            // Guest text is escaped so that it cannot forge log lines.
            let text = String::from_utf8_lossy(&bytes);
            let text = text.trim_end().escape_debug();
            match stream {
                "stdout" => {
                    tracing::info!(target: "skill", skill = %s.label, stream, dropped, "{text}")
                }
                _ => tracing::warn!(target: "skill", skill = %s.label, stream, dropped, "{text}"),
            }
        }
    }
}

/// How a call ended other than by returning.
pub(crate) enum Early {
    Cancelled,
    Deadline,
    /// Instantiation or the call failed: a trap, a limit the host enforced, or the host.
    Failed(wasmtime::Error),
}

impl Early {
    pub(crate) fn into_error(self, state: &RunState, limits: &Limits) -> RunError {
        match self {
            Early::Cancelled => RunError::Cancelled,
            Early::Deadline => RunError::Deadline(limits.deadline),
            Early::Failed(e) => classify(&e, state, limits),
        }
    }
}

/// Both slots a run holds while it runs.
type Slots = (OwnedSemaphorePermit, OwnedSemaphorePermit);

/// Runs `call` until it returns, `cancel` fires, or the deadline (plus a grace for guests
/// waiting in a host call, which epochs cannot interrupt) passes.
pub(crate) async fn race<T>(
    call: impl Future<Output = Result<T, Early>>,
    cancel: &CancellationToken,
    deadline: Instant,
) -> Result<T, Early> {
    tokio::select! {
        biased;
        () = cancel.cancelled() => Err(Early::Cancelled),
        () = tokio::time::sleep_until((deadline + DEADLINE_GRACE).into()) => Err(Early::Deadline),
        result = call => result,
    }
}

async fn call_run(
    plugin: &Plugin,
    store: &mut Store<RunState>,
    input: &bindings::types::Turn,
) -> Result<Result<bindings::types::Outcome, bindings::types::SkillError>, Early> {
    let guest = plugin
        .pre()
        .instantiate_async(&mut *store)
        .await
        .map_err(Early::Failed)?;
    guest
        .a2a_skill_skill()
        .call_run(&mut *store, input)
        .await
        .map_err(Early::Failed)
}

/// Every epoch tick the guest yields to the executor (so it shares the runtime and can be
/// cancelled); past the deadline the tick interrupts it instead.
pub(crate) fn arm_deadline(store: &mut Store<RunState>, deadline: Instant) {
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(move |mut ctx| {
        if Instant::now() >= deadline {
            ctx.data_mut().deadline_hit = true;
            return Ok(UpdateDeadline::Interrupt);
        }
        Ok(UpdateDeadline::Yield(1))
    });
}

/// Names the reason a call failed. The host's own records come first: a refused memory grow
/// or a broken event limit surfaces as a plain error or as whatever trap the guest hit next.
pub(crate) fn classify(err: &wasmtime::Error, state: &RunState, limits: &Limits) -> RunError {
    if let Some(reason) = &state.stopped {
        return reason.clone();
    }
    if state.limiter.memory_hit {
        return RunError::MemoryLimit(limits.memory_bytes);
    }
    if state.deadline_hit {
        return RunError::Deadline(limits.deadline);
    }
    if let Some(ResourceTableError::Full) = err.downcast_ref::<ResourceTableError>() {
        return RunError::Resources(limits.max_resources);
    }
    match err.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => RunError::OutOfFuel(limits.fuel),
        Some(Trap::StackOverflow) => RunError::StackOverflow(limits.stack_bytes),
        Some(trap) => RunError::Trap(with_panic_text(trap.to_string(), state)),
        // Not a trap and not a limit: the host could not do its part (for example, the
        // instance pool is exhausted). Logged here; the client learns only that.
        None => {
            tracing::warn!(skill = %state.label, error = ?err, "run failed outside the guest");
            RunError::Start
        }
    }
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
