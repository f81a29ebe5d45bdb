//! [`TaskManager`]: every task operation the protocol offers.

use std::sync::Arc;

use std::time::Duration;

use dashmap::DashMap;
use skillhost_types::request::SendMessageRequest;
use skillhost_types::{Message, Task, timestamp};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::TaskError;
use crate::executor::Executor;
use crate::store::{ListFilter, ListQuery, Store};
use crate::stream::TaskStream;
use crate::turn::{Begun, TurnEnd};

/// Settings of the task engine.
#[derive(Debug, Clone)]
pub struct ManagerConfig {
    /// Media types a skill accepts when its card declares none (the Agent Card's
    /// `defaultInputModes`). Default: `text/plain`, `application/json`.
    pub default_input_modes: Vec<String>,
    /// Messages a task's history may hold: the client's messages and the replies that ended
    /// each turn (progress is not kept), so about two per turn. A message that would pass it
    /// is refused, so a client cannot grow one task without bound. Default 1000.
    pub max_history: usize,
    /// Bytes one task may hold: the sizes of its log's records (its history and artifacts
    /// are built from them). A message that would pass it is refused; a skill event that
    /// would ends the turn FAILED with `failureKind` `resourceLimit`, and is not kept.
    /// Default 64 MiB.
    pub max_task_bytes: usize,
    /// How long a task may wait for its client (input or auth required) before it is
    /// canceled; see [`TaskManager::expire_idle`]. Default 1 hour.
    pub idle_timeout: Duration,
}

impl Default for ManagerConfig {
    fn default() -> Self {
        Self {
            default_input_modes: vec!["text/plain".into(), "application/json".into()],
            max_history: 1000,
            max_task_bytes: 64 << 20,
            idle_timeout: Duration::from_secs(3600),
        }
    }
}

/// The result of a blocking or immediate send.
#[derive(Debug, Clone, PartialEq)]
pub enum Sent {
    /// The task, after its turn (or at once, with `returnImmediately`).
    Task(Task),
    /// The skill's direct reply; no task was created.
    Message(Message),
}

/// `ListTasks` parameters, validated.
#[derive(Debug, Clone, Default)]
pub struct ListRequest {
    /// The filter, cursor and page size.
    pub query: ListQuery,
    /// History messages per task (None: all; negative is refused).
    pub history_length: Option<i32>,
    /// Whether to include artifacts.
    pub include_artifacts: bool,
}

/// A page of tasks.
#[derive(Debug, Clone)]
pub struct ListResult {
    /// The tasks, newest status first.
    pub tasks: Vec<Task>,
    /// Cursor of the last task on the page, if more follow.
    pub next: Option<(String, String)>,
    /// Matching tasks in all.
    pub total: usize,
}

/// The task engine. Cheap to clone.
#[derive(Clone)]
pub struct TaskManager {
    pub(crate) shared: Arc<Shared>,
}

pub(crate) struct Shared {
    pub(crate) store: Store,
    pub(crate) executor: Arc<dyn Executor>,
    /// Tasks whose turn is running, with what stops them.
    pub(crate) running: DashMap<String, Running>,
    pub(crate) config: ManagerConfig,
}

/// A running turn: its cancel token, and a flag the driver raises when it has written the
/// turn's last state.
#[derive(Clone)]
pub(crate) struct Running {
    pub(crate) turn: u64,
    pub(crate) cancel: CancellationToken,
    pub(crate) finished: watch::Receiver<bool>,
}

impl TaskManager {
    /// An engine over `store`, running skills through `executor`. Call
    /// [`TaskManager::recover`] before serving.
    pub fn new(store: Store, executor: Arc<dyn Executor>, config: ManagerConfig) -> Self {
        let shared = Shared {
            store,
            executor,
            running: DashMap::new(),
            config,
        };
        Self {
            shared: Arc::new(shared),
        }
    }

    /// The store this engine keeps its tasks in.
    pub fn store(&self) -> &Store {
        &self.shared.store
    }

    /// `SendMessage` by `owner`: starts a turn and waits until the task ends or is
    /// interrupted, or, with `returnImmediately`, answers as soon as the task exists. A new
    /// task belongs to `owner`; a follow-up to another owner's task finds no task.
    pub async fn send(&self, owner: &str, req: SendMessageRequest) -> Result<Sent, TaskError> {
        let config = req.configuration.clone().unwrap_or_default();
        let history = history_length(config.history_length)?;
        let started = match self
            .start_turn(owner, req, config.return_immediately, false)
            .await?
        {
            Begun::Turn(started) => started,
            Begun::Existing(task) => return Ok(Sent::Task(keep_last(task, history))),
        };
        if config.return_immediately {
            return Ok(Sent::Task(keep_last(started.snapshot, history)));
        }
        match started.done.await {
            Ok(TurnEnd::Task(task)) => Ok(Sent::Task(keep_last(task, history))),
            Ok(TurnEnd::Message(message)) => Ok(Sent::Message(message)),
            Err(_) => Err(TaskError::Lost),
        }
    }

    /// `SendStreamingMessage`: starts a turn and returns its events: the task first, then
    /// every update until the turn ends; or just the skill's direct reply.
    pub async fn send_streaming(
        &self,
        owner: &str,
        req: SendMessageRequest,
    ) -> Result<TaskStream, TaskError> {
        let config = req.configuration.clone().unwrap_or_default();
        let history = history_length(config.history_length)?;
        match self.start_turn(owner, req, false, true).await? {
            Begun::Turn(started) => Ok(TaskStream::for_turn(self.shared.clone(), started, history)),
            Begun::Existing(task) => {
                let id = task.id.clone();
                self.subscribe_from(owner, &id, None, Some(task)).await
            }
        }
    }

    /// `GetTask`: `owner`'s task `id`.
    pub async fn get(
        &self,
        owner: &str,
        id: &str,
        history_length: Option<i32>,
    ) -> Result<Task, TaskError> {
        let history = self::history_length(history_length)?;
        self.visible(owner, id, |v| trim(&v.task, history)).await
    }

    /// `SubscribeToTask`: the task now, then its updates until it ends or is interrupted
    /// again. A finished task has nothing to follow.
    ///
    /// With `last_event_id` (a stream's `Last-Event-ID`: the sequence number of the last
    /// event the client received), the stream starts instead with the events after it, so a
    /// client that dropped misses nothing and sees nothing twice; a finished task's stream
    /// then ends after its last event.
    pub async fn subscribe(
        &self,
        owner: &str,
        id: &str,
        last_event_id: Option<u64>,
    ) -> Result<TaskStream, TaskError> {
        self.subscribe_from(owner, id, last_event_id, None).await
    }

    async fn subscribe_from(
        &self,
        owner: &str,
        id: &str,
        last_event_id: Option<u64>,
        existing: Option<Task>,
    ) -> Result<TaskStream, TaskError> {
        let listener = self.shared.store.inner.bus.listen(id);
        let (task, seq) = self.visible(owner, id, |v| (v.task.clone(), v.seq)).await?;
        let state = task.status.state;
        match last_event_id {
            Some(last) if last > seq => Err(TaskError::Invalid(format!(
                "Last-Event-ID {last} is past the end of task {id}'s log ({seq})"
            ))),
            Some(last) => Ok(TaskStream::resumed(self.shared.clone(), id, listener, last)),
            None if state.is_terminal() && existing.is_none() => Err(TaskError::Terminal {
                id: id.to_string(),
                state,
            }),
            None => Ok(TaskStream::for_subscriber(
                self.shared.clone(),
                existing.unwrap_or(task),
                seq,
                listener,
            )),
        }
    }

    /// `ListTasks`: `owner`'s tasks only, whatever the query.
    pub async fn list(&self, owner: &str, req: ListRequest) -> Result<ListResult, TaskError> {
        let history = history_length(req.history_length)?;
        let page = self.shared.store.list(&filter(owner, &req.query)?).await?;
        let (artifacts, store) = (req.include_artifacts, &self.shared.store);
        let mut tasks = Vec::with_capacity(page.ids.len());
        for id in &page.ids {
            // A task evicted since the query is left out.
            if let Some(task) = store
                .read(id, |v| project(&v.task, history, artifacts))
                .await?
            {
                tasks.push(task);
            }
        }
        let next = page
            .more
            .then(|| tasks.last())
            .flatten()
            .map(|t: &Task| (t.status.timestamp.clone().unwrap_or_default(), t.id.clone()));
        Ok(ListResult {
            tasks,
            next,
            total: page.total,
        })
    }
}

/// The listing's filter, scoped to `owner`, with its timestamps as instants.
fn filter(owner: &str, q: &ListQuery) -> Result<ListFilter, TaskError> {
    let instant = |text: &str| {
        timestamp::micros(text)
            .ok_or_else(|| TaskError::Invalid(format!("{text:?} is not an RFC 3339 timestamp")))
    };
    let after = match &q.after {
        Some((ts, id)) => Some((instant(ts)?, id.clone())),
        None => None,
    };
    Ok(ListFilter {
        owner: Some(owner.to_string()),
        context_id: q.context_id.clone(),
        state: q.state,
        status_after: q.status_after.as_deref().map(instant).transpose()?,
        after,
        limit: q.limit,
    })
}

/// Validates a requested history length: unset means all, negative is an error.
pub(crate) fn history_length(n: Option<i32>) -> Result<Option<usize>, TaskError> {
    match n {
        None => Ok(None),
        Some(n) if n < 0 => Err(TaskError::Invalid(format!(
            "historyLength must be >= 0, got {n}"
        ))),
        Some(n) => Ok(Some(n as usize)),
    }
}

/// Keeps the last `n` history messages (all when `None`).
pub(crate) fn trim(task: &Task, n: Option<usize>) -> Task {
    project(task, n, true)
}

/// [`trim`] for a task the caller owns: the history is cut in place, nothing is copied.
fn keep_last(mut task: Task, n: Option<usize>) -> Task {
    let skip = n.map_or(0, |n| task.history.len().saturating_sub(n));
    task.history.drain(..skip);
    task
}

/// The task as a response shows it: its last `history` messages (all when `None`), its
/// artifacts if asked. Copies only what it keeps.
pub(crate) fn project(task: &Task, history: Option<usize>, artifacts: bool) -> Task {
    let skip = history.map_or(0, |n| task.history.len().saturating_sub(n));
    Task {
        id: task.id.clone(),
        context_id: task.context_id.clone(),
        status: task.status.clone(),
        artifacts: if artifacts {
            task.artifacts.clone()
        } else {
            Vec::new()
        },
        history: task.history[skip..].to_vec(),
        metadata: task.metadata.clone(),
    }
}
