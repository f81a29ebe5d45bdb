//! [`Driver`]: runs one turn and turns what the skill does into task events.
//!
//! While a turn runs, its driver is the only writer of the task: it applies each event the
//! skill emits, in order, then the outcome. Cancel only signals it and waits for it.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures::FutureExt;

use skillhost_registry::Skill;
use skillhost_runtime::{CancellationToken, Outcome, Reply, RunError, SkillEvent, Ticket};
use skillhost_types::event::TaskArtifactUpdateEvent;
use skillhost_types::{
    ApproxSize, Message, Metadata, Part, StreamResponse, Task, TaskState, TaskStatus, timestamp,
};
use tokio::sync::{mpsc, oneshot, watch};

use crate::manager::Shared;
use crate::outcome::{Ending, empty_reply, ending, invalid, merge, seal};
use crate::running::Registration;
use crate::store::StoredTask;
use crate::turn::{TurnEnd, status_event, working};
use crate::{TaskError, transition};

pub(crate) struct Driver {
    shared: Arc<Shared>,
    task_id: String,
    context_id: String,
    skill: Skill,
    /// The new message and the history before it.
    message: Message,
    history: Vec<Message>,
    /// The task's artifacts: ids, and whether each is complete.
    artifacts: Vec<(String, bool)>,
    /// What the task has left of its size limit, for this turn's events.
    event_bytes: usize,
    metadata: Option<Metadata>,
    turn: u64,
    ticket: Ticket,
    cancel: CancellationToken,
    finished: watch::Sender<bool>,
    done: oneshot::Sender<TurnEnd>,
}

impl Driver {
    pub(crate) fn new(
        shared: Arc<Shared>,
        task: &Task,
        artifacts: Vec<(String, bool)>,
        skill: Skill,
        metadata: Option<Metadata>,
        registration: Registration,
        done: oneshot::Sender<TurnEnd>,
    ) -> Self {
        let mut history = task.history.clone();
        // The turn's message is the last one in the history; `start_turn` put it there.
        let message = history.pop().unwrap_or_else(|| Message::agent(Vec::new()));
        let Registration {
            ticket,
            turn,
            cancel,
            finished,
        } = registration;
        let event_bytes = shared
            .config
            .max_task_bytes
            .saturating_sub(task.approx_size());
        Self {
            shared,
            task_id: task.id.clone(),
            context_id: task.context_id.clone(),
            skill,
            message,
            history,
            artifacts,
            event_bytes,
            metadata,
            turn,
            ticket,
            cancel,
            finished,
            done,
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
        let mutation = |t: &mut StoredTask| -> Result<Vec<StreamResponse>, TaskError> {
            if t.task.status.state.is_terminal() {
                return Ok(Vec::new());
            }
            let message = Some(Message::agent(vec![Part::text("internal error")]));
            t.task_mut().status = TaskStatus {
                state: TaskState::Failed,
                message,
                timestamp: Some(timestamp::now()),
            };
            t.visible = true;
            Ok(vec![status_event(&t.task)])
        };
        let seq = shared.store.update(&id, Box::new(mutation)).await;
        shared.bus.close(&id, seq.unwrap_or(0));
        shared.running.remove_if(&id, |_, r| r.turn == turn);
    }

    async fn drive(self) {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let input = skillhost_runtime::Turn {
            task_id: &self.task_id,
            context_id: &self.context_id,
            skill_id: &self.skill.card.id,
            message: &self.message,
            history: &self.history,
            metadata: self.metadata.as_ref(),
            artifacts: &self.artifacts,
            event_bytes: self.event_bytes,
        };
        let run = self
            .skill
            .plugin
            .run(&self.ticket, input, tx, self.cancel.clone());
        tokio::pin!(run);
        let result = loop {
            tokio::select! {
                biased;
                Some(event) = rx.recv() => self.apply(event).await,
                result = &mut run => break result,
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

    /// Applies one skill event to the task and announces it.
    async fn apply(&self, event: SkillEvent) {
        let mutation = |t: &mut StoredTask| -> Result<Vec<StreamResponse>, TaskError> {
            t.visible = true;
            match event {
                // Progress is the status of the moment, not part of the conversation: it
                // stays out of the history (which every later turn receives).
                SkillEvent::Status(reply) => working(t, reply.map(|r| self.agent_message(r, true))),
                SkillEvent::Artifact {
                    artifact,
                    append,
                    last_chunk,
                } => {
                    let mut events = if t.task.status.state == TaskState::Submitted {
                        working(t, None)?
                    } else {
                        Vec::new()
                    };
                    merge(&mut t.task_mut().artifacts, &artifact, append);
                    seal(&mut t.sealed, &artifact.artifact_id, append, last_chunk);
                    events.push(StreamResponse::ArtifactUpdate(TaskArtifactUpdateEvent {
                        task_id: t.task.id.clone(),
                        context_id: t.task.context_id.clone(),
                        artifact,
                        append,
                        last_chunk,
                        metadata: None,
                    }));
                    Ok(events)
                }
            }
        };
        match self
            .shared
            .store
            .update(&self.task_id, Box::new(mutation))
            .await
        {
            Ok(seq) => self.shared.bus.publish(&self.task_id, seq),
            Err(e) => tracing::warn!(task = %self.task_id, error = %e, "skill event dropped"),
        }
    }

    /// Writes the turn's last state and says how the turn ended.
    async fn finish(&self, result: Result<Outcome, RunError>) -> TurnEnd {
        let (state, reply) = ending(result, &self.task_id, &self.skill.card.id);
        let direct = matches!(state, Ending::Direct);
        let state = match state {
            Ending::State(s) => s,
            Ending::Direct => TaskState::Completed,
        };
        let mut end = None;
        let mutation = |t: &mut StoredTask| -> Result<Vec<StreamResponse>, TaskError> {
            if direct && !t.visible {
                // Nothing was emitted and nobody saw the task: answer with the message alone
                // (the task is deleted right after).
                end = Some(TurnEnd::Message(
                    self.agent_message(reply.clone().unwrap_or_else(empty_reply), false),
                ));
                return Ok(Vec::new());
            }
            transition::check(t.task.status.state, state).map_err(invalid)?;
            let message = reply.clone().map(|r| self.agent_message(r, true));
            t.task_mut().history.extend(message.clone());
            t.task_mut().status = TaskStatus {
                state,
                message,
                timestamp: Some(timestamp::now()),
            };
            t.visible = true;
            end = Some(TurnEnd::Task(t.task.clone()));
            Ok(vec![status_event(&t.task)])
        };
        let seq = self
            .shared
            .store
            .update(&self.task_id, Box::new(mutation))
            .await;
        self.announce(seq, end, state.is_terminal()).await
    }

    /// Tells readers how the turn ended and hands the end over: a direct reply's task is
    /// deleted; a finished task's readers stop; an interrupted task's readers wait on.
    async fn announce(
        &self,
        seq: Result<u64, TaskError>,
        end: Option<TurnEnd>,
        terminal: bool,
    ) -> TurnEnd {
        let (shared, id) = (&self.shared, self.task_id.as_str());
        match (seq, end) {
            (Ok(seq), Some(TurnEnd::Message(m))) => {
                let _ = shared.store.delete(id).await;
                shared.bus.close(id, seq);
                TurnEnd::Message(m)
            }
            (Ok(seq), Some(TurnEnd::Task(task))) => {
                if terminal {
                    shared.bus.close(id, seq);
                } else {
                    shared.bus.publish(id, seq);
                }
                TurnEnd::Task(task)
            }
            (seq, _) => {
                // Only a broken invariant gets here (the task vanished or was ended by
                // someone else); keep readers from waiting forever.
                tracing::error!(task = id, result = ?seq.err(), "could not record the end of a turn");
                let stored = shared.store.get(id).await.ok().flatten();
                shared.bus.close(id, stored.as_ref().map_or(0, |s| s.seq));
                TurnEnd::Task(stored.map_or_else(|| Arc::new(self.lost_task()), |s| s.task))
            }
        }
    }

    /// A stand-in for a task that disappeared mid-turn.
    fn lost_task(&self) -> Task {
        let status = TaskStatus {
            state: TaskState::Failed,
            message: None,
            timestamp: Some(timestamp::now()),
        };
        Task {
            id: self.task_id.clone(),
            context_id: self.context_id.clone(),
            status,
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
