//! [`TaskStream`]: the events of one task for one reader, in log order.

use std::collections::VecDeque;
use std::sync::Arc;

use skillhost_types::{StreamResponse, Task, TaskState};
use tokio::sync::oneshot;

use crate::bus::Listener;
use crate::manager::{Shared, trim};
use crate::store::StoredTask;
use crate::turn::{Started, TurnEnd};

/// A task's events for one reader: first the task, then each status and artifact update,
/// ending after an update that leaves the task terminal or interrupted. A stream of a new
/// turn that the skill answers directly holds that message alone.
///
/// Every reader reads the task's log at its own pace, so two readers see the same events in
/// the same order, and a slow one misses nothing.
pub struct TaskStream {
    shared: Arc<Shared>,
    task_id: String,
    listener: Listener,
    /// Log position of the last event read.
    cursor: u64,
    /// The task, until sent.
    snapshot: Option<Arc<Task>>,
    /// For a new turn: its end, until the stream knows whether it is a task at all.
    turn: Option<oneshot::Receiver<TurnEnd>>,
    pending: VecDeque<Arc<StreamResponse>>,
    history: Option<usize>,
    ended: bool,
}

impl TaskStream {
    pub(crate) fn for_turn(shared: Arc<Shared>, started: Started, history: Option<usize>) -> Self {
        let Started {
            task_id,
            snapshot,
            seq,
            done,
            listener,
            visible,
        } = started;
        let turn = (!visible).then_some(done);
        Self::new(shared, task_id, listener, seq, snapshot, turn, history)
    }

    pub(crate) fn for_subscriber(
        shared: Arc<Shared>,
        stored: StoredTask,
        listener: Listener,
    ) -> Self {
        let task_id = stored.task.id.clone();
        Self::new(
            shared,
            task_id,
            listener,
            stored.seq,
            stored.task,
            None,
            None,
        )
    }

    fn new(
        shared: Arc<Shared>,
        task_id: String,
        listener: Listener,
        cursor: u64,
        snapshot: Arc<Task>,
        turn: Option<oneshot::Receiver<TurnEnd>>,
        history: Option<usize>,
    ) -> Self {
        let pending = VecDeque::new();
        let snapshot = Some(snapshot);
        Self {
            shared,
            task_id,
            listener,
            cursor,
            snapshot,
            turn,
            pending,
            history,
            ended: false,
        }
    }

    /// The id of the task.
    pub fn task_id(&self) -> &str {
        &self.task_id
    }

    /// The next event, or `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Arc<StreamResponse>> {
        if self.ended {
            return None;
        }
        if let Some(message) = self.decide().await {
            self.ended = true;
            return Some(message);
        }
        if let Some(task) = self.snapshot.take() {
            return Some(Arc::new(StreamResponse::Task(trim(&task, self.history))));
        }
        loop {
            if let Some(event) = self.pending.pop_front() {
                self.ended = event.state().is_some_and(TaskState::ends_turn);
                return Some(event);
            }
            if !self.refill().await {
                self.ended = true;
                return None;
            }
        }
    }

    /// For a new turn, waits for its first event or its end. Returns the skill's direct reply
    /// if the turn ended with one before emitting anything.
    async fn decide(&mut self) -> Option<Arc<StreamResponse>> {
        let mut done = self.turn.take()?;
        loop {
            tokio::select! {
                biased;
                end = &mut done => return direct(end),
                open = self.listener.changed() => {
                    let alive = self.fetch().await;
                    if !self.pending.is_empty() {
                        return None;
                    }
                    if !alive || !open {
                        // Gone or closed without an event: a direct reply deletes its task
                        // just before handing the reply over, so wait for the turn's end.
                        return direct(done.await);
                    }
                }
            }
        }
    }

    /// Waits until the log has events past the cursor and queues them; false when the task
    /// has ended (or vanished) and nothing more will come.
    async fn refill(&mut self) -> bool {
        loop {
            if !self.fetch().await {
                return false;
            }
            if !self.pending.is_empty() {
                return true;
            }
            if !self.listener.changed().await {
                // The task ended: whatever was logged before that is still to be read.
                return self.fetch().await && !self.pending.is_empty();
            }
        }
    }

    /// Queues the events past the cursor; false if the task is gone.
    async fn fetch(&mut self) -> bool {
        match self
            .shared
            .store
            .events_after(&self.task_id, self.cursor)
            .await
        {
            Ok(events) => {
                if let Some(last) = events.last() {
                    self.cursor = last.seq;
                }
                self.pending.extend(events.into_iter().map(|e| e.event));
                true
            }
            Err(_) => false,
        }
    }
}

/// The stream's only event, if the turn ended with a direct reply.
fn direct(end: Result<TurnEnd, oneshot::error::RecvError>) -> Option<Arc<StreamResponse>> {
    match end {
        Ok(TurnEnd::Message(m)) => Some(Arc::new(StreamResponse::Message(m))),
        _ => None,
    }
}
