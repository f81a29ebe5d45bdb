//! [`TaskStream`]: the events of one task for one reader, in log order, each with its
//! sequence number.

use std::collections::VecDeque;
use std::sync::Arc;

use skillhost_types::{StreamResponse, Task, TaskState};
use tokio::sync::oneshot;

use crate::TaskError;
use crate::bus::Listener;
use crate::manager::{Shared, trim};
use crate::store::Record;
use crate::turn::{Started, TurnEnd};

/// One event of a stream and its place in the task's log (SSE `id:`). The first event (the
/// task) carries the position it reflects; a direct reply, which has no task, carries 0.
#[derive(Debug, Clone)]
pub struct StreamEvent {
    /// The task's sequence number after this event.
    pub seq: u64,
    body: Body,
}

#[derive(Debug, Clone)]
enum Body {
    Logged(Arc<Record>),
    Own(Box<StreamResponse>),
}

impl StreamEvent {
    /// The event as A2A sends it.
    pub fn response(&self) -> Option<&StreamResponse> {
        match &self.body {
            Body::Logged(record) => record.event(),
            Body::Own(response) => Some(response),
        }
    }
}

/// A task's events for one reader: first the task, then each status and artifact update,
/// ending after an update that leaves the task terminal or interrupted. A stream of a new
/// turn that the skill answers directly holds that message alone. A stream whose task is
/// evicted ends with an error.
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
    snapshot: Option<Task>,
    /// For a new turn: its end, until the stream knows whether it is a task at all.
    turn: Option<oneshot::Receiver<TurnEnd>>,
    pending: VecDeque<(u64, Arc<Record>)>,
    history: Option<usize>,
    /// The log read so far ends a finished task: nothing more will come.
    finished: bool,
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
        let mut stream = Self::new(shared, task_id, listener, seq);
        stream.snapshot = Some(snapshot);
        stream.turn = turn;
        stream.history = history;
        stream
    }

    pub(crate) fn for_subscriber(
        shared: Arc<Shared>,
        task: Task,
        seq: u64,
        listener: Listener,
    ) -> Self {
        let mut stream = Self::new(shared, task.id.clone(), listener, seq);
        stream.snapshot = Some(task);
        stream
    }

    /// A stream that goes on after the event with sequence number `last`.
    pub(crate) fn resumed(shared: Arc<Shared>, id: &str, listener: Listener, last: u64) -> Self {
        Self::new(shared, id.to_string(), listener, last)
    }

    fn new(shared: Arc<Shared>, task_id: String, listener: Listener, cursor: u64) -> Self {
        Self {
            shared,
            task_id,
            listener,
            cursor,
            snapshot: None,
            turn: None,
            pending: VecDeque::new(),
            history: None,
            finished: false,
            ended: false,
        }
    }

    /// The id of the task.
    pub fn task_id(&self) -> &str {
        &self.task_id
    }

    /// The next event, or `None` once the stream has ended. An error (the task was evicted)
    /// is the last item.
    pub async fn next(&mut self) -> Option<Result<StreamEvent, TaskError>> {
        if self.ended {
            return None;
        }
        if let Some(message) = self.decide().await {
            self.ended = true;
            return Some(Ok(own(0, StreamResponse::Message(message))));
        }
        if let Some(task) = self.snapshot.take() {
            // A finished task's snapshot is all there is.
            self.ended = task.status.state.is_terminal();
            let task = StreamResponse::Task(trim(&task, self.history));
            return Some(Ok(own(self.cursor, task)));
        }
        loop {
            if let Some((seq, record)) = self.pending.pop_front() {
                let Some(state) = record.event().map(StreamResponse::state) else {
                    continue;
                };
                self.ended = state.is_some_and(TaskState::ends_turn);
                let body = Body::Logged(record);
                return Some(Ok(StreamEvent { seq, body }));
            }
            match self.refill().await {
                Ok(true) => {}
                Ok(false) => {
                    self.ended = true;
                    return None;
                }
                Err(e) => {
                    self.ended = true;
                    return Some(Err(e));
                }
            }
        }
    }

    /// For a new turn, waits for its first event or its end. Returns the skill's direct reply
    /// if the turn ended with one before emitting anything.
    async fn decide(&mut self) -> Option<skillhost_types::Message> {
        let mut done = self.turn.take()?;
        loop {
            tokio::select! {
                biased;
                end = &mut done => return direct(end),
                open = self.listener.changed() => {
                    let alive = self.fetch().await.unwrap_or(false);
                    if !self.pending.is_empty() {
                        return None;
                    }
                    if !alive || !open {
                        // Gone or closed without an event: a direct reply discards its task
                        // just before handing the reply over, so wait for the turn's end.
                        return direct(done.await);
                    }
                }
            }
        }
    }

    /// Waits until the log has events past the cursor and queues them. Ok(false) when a
    /// finished task has nothing more; an error if the task is gone.
    async fn refill(&mut self) -> Result<bool, TaskError> {
        loop {
            if !self.fetch().await? {
                return Err(self.gone());
            }
            if !self.pending.is_empty() {
                return Ok(true);
            }
            if self.finished {
                return Ok(false);
            }
            if !self.listener.changed().await {
                // Closed: the task ended (whatever was logged before that is still to be
                // read), or it was evicted.
                if !self.fetch().await? {
                    return Err(self.gone());
                }
                return match self.pending.is_empty() {
                    false => Ok(true),
                    true if self.finished => Ok(false),
                    true => Err(self.gone()),
                };
            }
        }
    }

    fn gone(&self) -> TaskError {
        TaskError::Gone(self.task_id.clone())
    }

    /// Queues the committed events past the cursor; false if the task is gone.
    async fn fetch(&mut self) -> Result<bool, TaskError> {
        let records = self
            .shared
            .store
            .records(&self.task_id, self.cursor)
            .await?;
        let Some((records, finished)) = records else {
            return Ok(false);
        };
        if let Some((last, _)) = records.last() {
            self.cursor = *last;
        }
        self.finished = finished;
        self.pending.extend(records);
        Ok(true)
    }
}

fn own(seq: u64, response: StreamResponse) -> StreamEvent {
    StreamEvent {
        seq,
        body: Body::Own(Box::new(response)),
    }
}

/// The stream's only event, if the turn ended with a direct reply.
fn direct(end: Result<TurnEnd, oneshot::error::RecvError>) -> Option<skillhost_types::Message> {
    match end {
        Ok(TurnEnd::Message(m)) => Some(m),
        _ => None,
    }
}
