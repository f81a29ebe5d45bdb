//! [`Driver`]: runs one turn and turns what the skill does into task events.
//!
//! While a turn runs, its driver is the only writer of the task: it applies each event the
//! skill emits, in order, then the outcome. Cancel only signals it and waits for it.
//!
//! Content is admitted before it is kept: an event that would take the task past its own
//! limit, or the host's store past its bound (with nothing left to evict), is dropped, the
//! run is stopped, and the turn ends FAILED with `failureKind` `resourceLimit`.

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, OnceLock};

use futures::FutureExt;
use skillhost_types::event::TaskArtifactUpdateEvent;
use skillhost_types::skill::{Outcome, Reply, SkillEvent};
use skillhost_types::{Message, Metadata, Part, StreamResponse, TaskState};
use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;

use crate::TaskError;
use crate::executor::{Admission, Failure, SkillInfo, Turn};
use crate::manager::Shared;
use crate::outcome::{Ending, empty_reply, ending, failure};
use crate::running::Registration;
use crate::store::room::Full;
use crate::store::{Change, Record};
use crate::turn::{Launch, TurnEnd, set_status, status};

/// `failureKind` of a turn stopped because the task or the host's store was full.
const RESOURCE_LIMIT: &str = "resourceLimit";

pub(crate) struct Driver {
    shared: Arc<Shared>,
    task_id: String,
    context_id: String,
    skill: SkillInfo,
    /// The new message and the history before it.
    message: Message,
    history: Vec<Message>,
    /// The task's artifacts: ids, and whether each is complete.
    artifacts: Vec<(String, bool)>,
    metadata: Option<Metadata>,
    turn: u64,
    /// The run's place in the executor's queues; freed when the driver ends.
    admission: Admission,
    cancel: CancellationToken,
    finished: watch::Sender<bool>,
    done: oneshot::Sender<TurnEnd>,
    /// Why the turn was stopped for lack of room, once it was.
    full: OnceLock<String>,
}

impl Driver {
    pub(crate) fn new(
        shared: Arc<Shared>,
        launch: Launch,
        registration: Registration,
        done: oneshot::Sender<TurnEnd>,
    ) -> Self {
        let Launch {
            task,
            artifacts,
            skill,
            metadata,
            ..
        } = launch;
        let mut history = task.history;
        // The turn's message is the last one in the history; `start_turn` put it there.
        let message = history.pop().unwrap_or_else(|| Message::agent(Vec::new()));
        let Registration {
            admission,
            turn,
            cancel,
            finished,
        } = registration;
        Self {
            shared,
            task_id: task.id,
            context_id: task.context_id,
            skill,
            message,
            history,
            artifacts,
            metadata,
            turn,
            admission,
            cancel,
            finished,
            done,
            full: OnceLock::new(),
        }
    }

    /// Runs the turn. A panic in here is a host bug (guest traps are errors, not panics);
    /// if one happens the task still ends FAILED and its readers are released, instead of
    /// waiting on a task that stays WORKING forever.
    pub(crate) async fn drive_guarded(self) {
        let (shared, id, turn) = (self.shared.clone(), self.task_id.clone(), self.turn);
        if AssertUnwindSafe(self.drive()).catch_unwind().await.is_ok() {
            return;
        }
        tracing::error!(task = %id, "the turn driver panicked; failing the task");
        let fail = |c: &mut Change<'_>| {
            if c.view().state().is_terminal() {
                return Ok(());
            }
            c.show();
            let message = Message::agent(vec![Part::text("internal error")]);
            set_status(c, TaskState::Failed, Some(message), true)
        };
        let changed = shared.store.update(&id, true, 0, fail).await;
        if changed.is_err() {
            shared.store.inner.bus.close(&id, 0);
        }
        shared.running.remove_if(&id, |_, r| r.turn == turn);
    }

    async fn drive(self) {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let result = {
            let input = Turn {
                task_id: &self.task_id,
                context_id: &self.context_id,
                skill_id: &self.skill.card.id,
                component: &self.skill.component,
                message: &self.message,
                history: &self.history,
                metadata: self.metadata.as_ref(),
                artifacts: &self.artifacts,
            };
            let executor = self.shared.executor.clone();
            let run = executor.run(&self.admission, input, tx, self.cancel.clone());
            tokio::pin!(run);
            loop {
                tokio::select! {
                    biased;
                    Some(event) = rx.recv() => self.apply(event).await,
                    result = &mut run => break result,
                }
            }
        };
        while let Ok(event) = rx.try_recv() {
            self.apply(event).await;
        }
        let end = self.finish(result).await;
        let _ = self.finished.send(true);
        self.shared
            .running
            .remove_if(&self.task_id, |_, r| r.turn == self.turn);
        let _ = self.done.send(end);
    }

    /// Applies one skill event to the task, once its content is admitted.
    async fn apply(&self, event: SkillEvent) {
        if self.full.get().is_some() {
            return;
        }
        let record = self.record(event);
        let size = record.size();
        let (store, cap) = (&self.shared.store, self.shared.config.max_task_bytes);
        if let Err(full) = store.admit(&self.task_id, size, cap).await {
            self.stop(full, cap);
            return;
        }
        let change = |c: &mut Change<'_>| {
            c.show();
            if c.view().state() == TaskState::Submitted
                && record.event().and_then(StreamResponse::state).is_none()
            {
                set_status(c, TaskState::Working, None, false)?;
            }
            if let Some(state) = record.event().and_then(StreamResponse::state) {
                crate::transition::check(c.view().state(), state)
                    .map_err(|e| TaskError::Invalid(e.to_string()))?;
            }
            c.push(record);
            Ok(())
        };
        if let Err(e) = store.update(&self.task_id, false, size, change).await {
            tracing::warn!(task = %self.task_id, error = %e, "skill event dropped");
        }
    }

    /// The record of a skill event. Progress is the status of the moment, not part of the
    /// conversation: it stays out of the history (which every later turn receives).
    fn record(&self, event: SkillEvent) -> Record {
        let (task_id, context_id) = (self.task_id.clone(), self.context_id.clone());
        let event = match event {
            SkillEvent::Status(reply) => {
                let message = reply.map(|r| self.agent_message(r, true));
                StreamResponse::StatusUpdate(skillhost_types::TaskStatusUpdateEvent {
                    task_id,
                    context_id,
                    status: status(TaskState::Working, message),
                    metadata: None,
                })
            }
            SkillEvent::Artifact {
                artifact,
                append,
                last_chunk,
            } => StreamResponse::ArtifactUpdate(TaskArtifactUpdateEvent {
                task_id,
                context_id,
                artifact,
                append,
                last_chunk,
                metadata: None,
            }),
        };
        Record::Event {
            event,
            history: false,
        }
    }

    /// Stops the run for lack of room; the turn then ends FAILED, saying which bound.
    fn stop(&self, full: Full, cap: usize) {
        let why = match full {
            Full::Task => format!("the task reached its size limit ({} MiB)", cap >> 20),
            Full::Host => "the host's task store is full".to_string(),
        };
        tracing::warn!(task = %self.task_id, reason = %why, "turn stopped");
        let _ = self.full.set(why);
        self.cancel.cancel();
    }

    /// Writes the turn's last state and says how the turn ended.
    async fn finish(&self, result: Result<Outcome, Failure>) -> TurnEnd {
        let result = match self.full.get() {
            Some(why) => Err(Failure {
                kind: RESOURCE_LIMIT.into(),
                text: why.clone(),
            }),
            None => result,
        };
        let (state, reply) = ending(result, &self.task_id, &self.skill.card.id);
        let (state, reply) = self.admit_reply(state, reply).await;
        let direct = matches!(state, Ending::Direct);
        let state = match state {
            Ending::State(s) => s,
            Ending::Direct => TaskState::Completed,
        };
        let change = |c: &mut Change<'_>| {
            if direct && !c.visible() {
                // Nothing was emitted and nobody saw the task: answer with the message alone
                // (the task is discarded right after).
                let reply = reply.unwrap_or_else(empty_reply);
                return Ok(TurnEnd::Message(self.agent_message(reply, false)));
            }
            c.show();
            let message = reply.map(|r| self.agent_message(r, true));
            set_status(c, state, message, true)?;
            Ok(TurnEnd::Task(c.view().task.clone()))
        };
        let changed = self
            .shared
            .store
            .update(&self.task_id, true, 0, change)
            .await;
        self.announce(changed)
    }

    /// Admits the turn's last reply; one that does not fit becomes a `resourceLimit`
    /// failure, whose short message is always kept.
    async fn admit_reply(&self, state: Ending, reply: Option<Reply>) -> (Ending, Option<Reply>) {
        let size: usize = reply
            .iter()
            .flat_map(|r| &r.parts)
            .map(skillhost_types::ApproxSize::approx_size)
            .sum();
        let (store, cap) = (&self.shared.store, self.shared.config.max_task_bytes);
        match store.admit(&self.task_id, size, cap).await {
            Ok(()) => {
                // Reserved only to check; the update charges what it adds.
                store.release(size);
                (state, reply)
            }
            Err(_) => {
                let why = "the turn's last message does not fit in the task's store".to_string();
                (
                    Ending::State(TaskState::Failed),
                    Some(failure(why, RESOURCE_LIMIT)),
                )
            }
        }
    }

    /// Hands the turn's end over: a direct reply's task is discarded and its readers
    /// released. Committing woke every other reader.
    fn announce(&self, changed: Result<(u64, TurnEnd), TaskError>) -> TurnEnd {
        let id = self.task_id.as_str();
        match changed {
            Ok((seq, TurnEnd::Message(m))) => {
                self.shared.store.discard(id);
                self.shared.store.inner.bus.close(id, seq);
                TurnEnd::Message(m)
            }
            Ok((_, end)) => end,
            Err(e) => {
                // Only a broken invariant gets here (the task vanished or was ended by
                // someone else); keep readers from waiting forever.
                tracing::error!(task = id, error = %e, "could not record the end of a turn");
                self.shared.store.inner.bus.close(id, 0);
                TurnEnd::Task(self.lost_task())
            }
        }
    }

    /// A stand-in for a task that disappeared mid-turn.
    fn lost_task(&self) -> skillhost_types::Task {
        skillhost_types::Task {
            id: self.task_id.clone(),
            context_id: self.context_id.clone(),
            status: status(TaskState::Failed, None),
            artifacts: Vec::new(),
            history: Vec::new(),
            metadata: None,
        }
    }

    /// The agent message for a reply. Messages of a task carry its id; a direct reply only
    /// its context.
    fn agent_message(&self, reply: Reply, in_task: bool) -> Message {
        Message {
            context_id: Some(self.context_id.clone()),
            task_id: in_task.then(|| self.task_id.clone()),
            metadata: reply.metadata,
            ..Message::agent(reply.parts)
        }
    }
}
