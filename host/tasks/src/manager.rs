//! [`TaskManager`]: every task operation the protocol offers.

use std::sync::Arc;

use dashmap::DashMap;
use skillhost_registry::Registry;
use skillhost_types::request::SendMessageRequest;
use std::time::Duration;

use skillhost_types::{Message, Task};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::TaskError;
use crate::bus::Bus;
use crate::store::{ListQuery, StoredTask, TaskStore};
use crate::stream::TaskStream;
use crate::turn::TurnEnd;

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
    /// Approximate bytes one task may hold (history and artifacts). Messages and skill
    /// events that would pass it are refused, so one task cannot grow across turns without
    /// bound. Default 64 MiB.
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
    pub(crate) store: Arc<dyn TaskStore>,
    pub(crate) registry: Arc<Registry>,
    pub(crate) bus: Bus,
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
    /// An engine over `store`, running the skills of `registry`.
    pub fn new(store: Arc<dyn TaskStore>, registry: Arc<Registry>, config: ManagerConfig) -> Self {
        let shared = Shared {
            store,
            registry,
            bus: Bus::default(),
            running: DashMap::new(),
            config,
        };
        Self {
            shared: Arc::new(shared),
        }
    }

    /// The registry whose skills this engine runs.
    pub fn registry(&self) -> &Arc<Registry> {
        &self.shared.registry
    }

    /// `SendMessage`: starts a turn and waits until the task ends or is interrupted, or, with
    /// `returnImmediately`, answers as soon as the task exists.
    pub async fn send(&self, req: SendMessageRequest) -> Result<Sent, TaskError> {
        let config = req.configuration.clone().unwrap_or_default();
        let history = history_length(config.history_length)?;
        let started = self.start_turn(req, config.return_immediately).await?;
        if config.return_immediately {
            return Ok(Sent::Task(trim(&started.snapshot, history)));
        }
        match started.done.await {
            Ok(TurnEnd::Task(task)) => Ok(Sent::Task(trim(&task, history))),
            Ok(TurnEnd::Message(message)) => Ok(Sent::Message(message)),
            Err(_) => Err(TaskError::Lost),
        }
    }

    /// `SendStreamingMessage`: starts a turn and returns its events: the task first, then
    /// every update until the turn ends; or just the skill's direct reply.
    pub async fn send_streaming(&self, req: SendMessageRequest) -> Result<TaskStream, TaskError> {
        let config = req.configuration.clone().unwrap_or_default();
        let history = history_length(config.history_length)?;
        let started = self.start_turn(req, false).await?;
        Ok(TaskStream::for_turn(self.shared.clone(), started, history))
    }

    /// `GetTask`.
    pub async fn get(&self, id: &str, history_length: Option<i32>) -> Result<Task, TaskError> {
        let history = self::history_length(history_length)?;
        Ok(trim(&self.visible(id).await?.task, history))
    }

    /// `SubscribeToTask`: the task now, then its updates until it ends or is interrupted
    /// again. A finished task has nothing to follow.
    pub async fn subscribe(&self, id: &str) -> Result<TaskStream, TaskError> {
        let listener = self.shared.bus.listen(id);
        let stored = self.visible(id).await?;
        let state = stored.task.status.state;
        if state.is_terminal() {
            return Err(TaskError::Terminal {
                id: id.to_string(),
                state,
            });
        }
        Ok(TaskStream::for_subscriber(
            self.shared.clone(),
            stored,
            listener,
        ))
    }

    /// `ListTasks`.
    pub async fn list(&self, req: ListRequest) -> Result<ListResult, TaskError> {
        let history = history_length(req.history_length)?;
        let page = self.shared.store.list(&req.query).await?;
        let next = page
            .more
            .then(|| page.tasks.last())
            .flatten()
            .map(|t| (t.status.timestamp.clone().unwrap_or_default(), t.id.clone()));
        let artifacts = req.include_artifacts;
        let tasks = page
            .tasks
            .iter()
            .map(|t| project(t, history, artifacts))
            .collect();
        Ok(ListResult {
            tasks,
            next,
            total: page.total,
        })
    }

    pub(crate) async fn visible(&self, id: &str) -> Result<StoredTask, TaskError> {
        match self.shared.store.get(id).await? {
            Some(stored) if stored.visible => Ok(stored),
            _ => Err(TaskError::NotFound(id.to_string())),
        }
    }
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
