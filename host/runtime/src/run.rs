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
use wasmtime::{Store, UpdateDeadline};

use crate::RunError;
use crate::admission::Ticket;
use crate::bindings;
use crate::blame::Early;
use crate::convert;
use crate::meter::{self, BusyClock, YIELD_INTERVAL_FUEL};
use crate::plugin::Plugin;
use crate::sched::Gate;
use crate::state::RunState;

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

/// Records on the `run` span (when traces want it) what the run cost: fuel and wall time.
fn record_cost(fuel: u64, wall: Duration) {
    let span = tracing::Span::current();
    if !span.is_disabled() {
        span.record("fuel", fuel);
        span.record("wall_us", wall.as_micros() as u64);
    }
}

/// Extra wall-clock time, past the deadline, before the host drops a guest that is waiting
/// in a host call (epochs only interrupt running wasm).
const DEADLINE_GRACE: Duration = Duration::from_millis(50);

impl Plugin {
    /// Runs one turn of `turn.skill_id`, admitted by `ticket` (see [`Plugin::admit`]; a
    /// ticket of another plugin is refused: it would bypass this one's queue). Waits for a
    /// run slot first.
    /// Events go to `events` as they happen; `cancel` stops the guest at its next yield
    /// point (within one epoch tick) and ends the run with [`RunError::Cancelled`].
    /// In the `run` span, which ends with the fuel the guest burnt and the wall time
    /// (slot wait included): the skill's log records are events inside it.
    #[tracing::instrument(name = "run", skip_all, fields(
        plugin = self.name(),
        skill_id = turn.skill_id,
        task_id = turn.task_id,
        fuel = tracing::field::Empty,
        wall_us = tracing::field::Empty,
    ))]
    pub async fn run(
        &self,
        ticket: &Ticket,
        turn: Turn<'_>,
        events: UnboundedSender<SkillEvent>,
        cancel: CancellationToken,
    ) -> Result<Outcome, RunError> {
        // The deadline is wall-clock time from here: waiting for a slot spends it too.
        let started = Instant::now();
        let deadline = started + self.limits().deadline;
        if !ticket.admits(self) {
            tracing::error!(
                plugin = self.name(),
                "a run came with another plugin's ticket"
            );
            return Err(RunError::Start);
        }
        let waiting = crate::metrics::Waiting::start();
        let slots = self.slots(&cancel, deadline).await;
        drop(waiting);
        let _slots = slots.inspect_err(|e| {
            let ended: Result<Outcome, RunError> = Err(e.clone());
            crate::metrics::ended(self, turn.skill_id, &ended);
        })?;
        let (_in_use, started) = (crate::metrics::InUse::start(), Instant::now());
        let label: Arc<str> =
            format!("{}/{} task={}", self.name(), turn.skill_id, turn.task_id).into();
        let mut store = self.store(label, Some(events), cancel.clone());
        store.data_mut().events.limit_bytes(turn.event_bytes);
        for (id, sealed) in turn.artifacts {
            store.data_mut().artifacts.insert(id.clone(), *sealed);
        }
        let input = convert::turn_to_wit(&turn);
        self.arm_deadline(&mut store, deadline);
        let clock = store.data().busy.clone();
        let call = call_run(self, &mut store, &input);
        let result = match race(call, clock, &cancel, deadline).await {
            Ok(result) => store.data_mut().finish(result),
            Err(early) => Err(early.into_error(store.data(), self.limits())),
        };
        self.flush_output(&mut store);
        let (fuel, wall) = (self.fuel_burnt(&store), started.elapsed());
        record_cost(fuel, wall);
        crate::metrics::ended(self, turn.skill_id, &result);
        crate::metrics::spent(self, turn.skill_id, fuel, wall);
        result
    }

    /// The fuel the run burnt: its budget less what is left.
    fn fuel_burnt(&self, store: &Store<RunState>) -> u64 {
        store
            .get_fuel()
            .map_or(0, |left| self.limits().fuel.saturating_sub(left))
    }

    /// Waits for a run slot of this plugin and then of the host, until the run is cancelled
    /// or its deadline passes.
    async fn slots(
        &self,
        cancel: &CancellationToken,
        deadline: Instant,
    ) -> Result<(OwnedSemaphorePermit, OwnedSemaphorePermit), RunError> {
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

    /// Every epoch tick the guest yields to the executor (so it shares the runtime, can be
    /// cancelled, and a heavy run takes its turn: see `crate::sched`); past the deadline
    /// the tick interrupts it instead.
    pub(crate) fn arm_deadline(&self, store: &mut Store<RunState>, deadline: Instant) {
        let fuel = self.limits().fuel;
        store.set_epoch_deadline(1);
        store.epoch_deadline_callback(move |mut ctx| {
            if Instant::now() >= deadline {
                ctx.data_mut().deadline_hit = true;
                return Ok(UpdateDeadline::Interrupt);
            }
            let left = ctx.get_fuel()?;
            ctx.data_mut().fuel_at_yield = left;
            Ok(ctx.data().gate.tick(fuel.saturating_sub(left)))
        });
    }

    /// A fresh store with every limit of this plugin applied.
    pub(crate) fn store(
        &self,
        label: Arc<str>,
        events: Option<UnboundedSender<SkillEvent>>,
        cancel: CancellationToken,
    ) -> Store<RunState> {
        let limits = self.limits();
        let gate = Gate::new(self.runtime().heavy().clone(), self.heavy_mark());
        let state = RunState::new(limits, label, self.config(), events, cancel, gate);
        let mut store = Store::new(self.engine(), state);
        store.limiter(|s| &mut s.limiter);
        store.set_hostcall_fuel(limits.hostcall_bytes);
        store.set_max_component_handles(limits.max_resources);
        // Both are infallible here: the engine is built with fuel, and the interval is not 0.
        let _ = store.set_fuel(limits.fuel);
        let _ = store.fuel_async_yield_interval(Some(YIELD_INTERVAL_FUEL));
        meter::charge_host_calls(&mut store);
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

/// Runs `call` until it returns, `cancel` fires, or the deadline (plus a grace for guests
/// waiting in a host call, which epochs cannot interrupt) passes; `clock` keeps the time
/// the call is on a CPU, for the host-call charge (see `crate::meter`).
pub(crate) async fn race<T>(
    call: impl Future<Output = Result<T, Early>> + Send,
    clock: Arc<BusyClock>,
    cancel: &CancellationToken,
    deadline: Instant,
) -> Result<T, Early> {
    tokio::select! {
        biased;
        () = cancel.cancelled() => Err(Early::Cancelled),
        () = tokio::time::sleep_until((deadline + DEADLINE_GRACE).into()) => Err(Early::Deadline),
        result = meter::metered(call, clock) => result,
    }
}

async fn call_run(
    plugin: &Plugin,
    store: &mut Store<RunState>,
    input: &bindings::types::Turn,
) -> Result<Result<bindings::types::Outcome, bindings::types::SkillError>, Early> {
    store.data().gate.enter().await;
    let guest = plugin
        .pre()
        .instantiate_async(&mut *store)
        .await
        .map_err(Early::Start)?;
    guest
        .a2a_skill_skill()
        .call_run(&mut *store, input)
        .await
        .map_err(Early::Failed)
}
