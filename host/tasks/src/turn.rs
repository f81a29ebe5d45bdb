//! Starting a turn: validate the message, route it, then create a task or resume one.

use std::sync::Arc;

use skillhost_registry::Skill;
use skillhost_types::event::TaskStatusUpdateEvent;
use skillhost_types::request::SendMessageRequest;
use skillhost_types::{
    ApproxSize, Message, Metadata, Role, StreamResponse, Task, TaskState, TaskStatus, timestamp,
};
use tokio::sync::oneshot;

use crate::bus::Listener;
use crate::driver::Driver;
use crate::running::Registration;
use crate::store::StoredTask;
use crate::{TaskError, TaskManager, modes, transition};

/// How a turn ended, for whoever waits on it.
#[derive(Debug)]
pub(crate) enum TurnEnd {
    /// The task after its last update of the turn.
    Task(Arc<Task>),
    /// The skill's direct reply; the task was never shown and is gone.
    Message(Message),
}

/// A turn that has started.
pub(crate) struct Started {
    pub(crate) task_id: String,
    /// The task as the turn began (for a stream's first event).
    pub(crate) snapshot: Arc<Task>,
    /// The log position of `snapshot`.
    pub(crate) seq: u64,
    pub(crate) done: oneshot::Receiver<TurnEnd>,
    /// Listening since before the turn could emit anything.
    pub(crate) listener: Listener,
    /// Whether the client has seen the task already (a resumed task, or `returnImmediately`);
    /// only a task nobody has seen can turn out to be a direct reply.
    pub(crate) visible: bool,
}

impl TaskManager {
    /// Starts a turn for `req`: a new task, or the next turn of the interrupted task that
    /// `message.taskId` names. `visible` shows a new task to clients at once (it is
    /// otherwise shown by its first event, and never if the skill answers directly).
    pub(crate) async fn start_turn(
        &self,
        req: SendMessageRequest,
        visible: bool,
    ) -> Result<Started, TaskError> {
        let message = validate(req.message)?;
        let limit = self.shared.config.max_task_bytes;
        if message.approx_size() > limit {
            let why = format!(
                "the message is larger than a task may grow ({} MiB)",
                limit >> 20
            );
            return Err(TaskError::Invalid(why));
        }
        // An A2A 0.1 client names its task: a name not yet taken starts a task under it.
        let named = match req.client_task_id {
            Some(id) if self.shared.store.get(&id).await?.is_none() => Some(id),
            Some(id) => return self.resume(id, message, req.metadata).await,
            None => None,
        };
        match message.task_id.clone() {
            Some(task_id) => self.resume(task_id, message, req.metadata).await,
            None => self.create(message, req.metadata, visible, named).await,
        }
    }

    async fn create(
        &self,
        mut message: Message,
        metadata: Option<Metadata>,
        visible: bool,
        named: Option<String>,
    ) -> Result<Started, TaskError> {
        let skill = self
            .shared
            .registry
            .catalog()
            .route(message.metadata_str("skillId"))?
            .clone();
        self.check_modes(&skill, &message)?;
        let ticket = skill.plugin.admit()?;
        let id = named
            .clone()
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let context_id = message
            .context_id
            .clone()
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        message.task_id = Some(id.clone());
        message.context_id = Some(context_id.clone());
        let task = Arc::new(Task {
            id: id.clone(),
            context_id,
            status: TaskStatus {
                state: TaskState::Submitted,
                message: None,
                timestamp: Some(timestamp::now()),
            },
            artifacts: Vec::new(),
            history: vec![message],
            metadata: None,
        });
        let stored = StoredTask {
            task: task.clone(),
            skill_id: skill.card.id.clone(),
            seq: 0,
            visible,
            sealed: Vec::new(),
        };
        let listener = self.shared.bus.listen(&id);
        let registration = self.register(&id, ticket)?;
        // Registered, a named task cannot be started twice; but it may have been created
        // (and its turn ended) since it was looked up.
        if named.is_some() && self.shared.store.get(&id).await?.is_some() {
            self.unregister(&id, registration.turn);
            return Err(TaskError::Busy(id));
        }
        if let Err(e) = self.shared.store.insert(stored).await {
            self.unregister(&id, registration.turn);
            return Err(e);
        }
        let started = self.launch(task, Vec::new(), skill, metadata, 0, registration, listener);
        Ok(Started { visible, ..started })
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn launch(
        &self,
        snapshot: Arc<Task>,
        artifacts: Vec<(String, bool)>,
        skill: Skill,
        metadata: Option<Metadata>,
        seq: u64,
        registration: Registration,
        listener: Listener,
    ) -> Started {
        let (done_tx, done) = oneshot::channel();
        let shared = self.shared.clone();
        let driver = Driver::new(
            shared,
            &snapshot,
            artifacts,
            skill,
            metadata,
            registration,
            done_tx,
        );
        tokio::spawn(driver.drive_guarded());
        let task_id = snapshot.id.clone();
        Started {
            task_id,
            snapshot,
            seq,
            done,
            listener,
            visible: false,
        }
    }

    /// Rejects parts whose declared media type the skill does not accept.
    pub(crate) fn check_modes(&self, skill: &Skill, message: &Message) -> Result<(), TaskError> {
        let accepted = if skill.card.input_modes.is_empty() {
            &self.shared.config.default_input_modes
        } else {
            &skill.card.input_modes
        };
        let refused = message
            .parts
            .iter()
            .filter_map(|p| p.declared_media_type())
            .find(|m| !modes::accepts(accepted, m));
        match refused {
            None => Ok(()),
            Some(media_type) => Err(TaskError::ContentType {
                skill: skill.card.id.clone(),
                media_type: media_type.to_string(),
                accepted: accepted.clone(),
            }),
        }
    }
}

/// Checks what a client may send, and drops empty ids (proto3 reads "" as unset).
fn validate(mut m: Message) -> Result<Message, TaskError> {
    let invalid = |why: &str| Err(TaskError::Invalid(why.to_string()));
    if m.message_id.is_empty() {
        return invalid("message.messageId is required");
    }
    if m.role != Role::User {
        return invalid("message.role must be ROLE_USER");
    }
    if m.parts.is_empty() {
        return invalid("message.parts must not be empty");
    }
    m.task_id = m.task_id.filter(|s| !s.is_empty());
    m.context_id = m.context_id.filter(|s| !s.is_empty());
    Ok(m)
}

/// A message may only continue a task that waits for one.
pub(crate) fn interrupted(id: &str, state: TaskState) -> Result<(), TaskError> {
    if state.is_terminal() {
        return Err(TaskError::Terminal {
            id: id.to_string(),
            state,
        });
    }
    if !state.is_interrupted() {
        return Err(TaskError::Busy(id.to_string()));
    }
    Ok(())
}

/// Moves a task to WORKING, with an optional progress message, and returns the event that
/// says so.
pub(crate) fn working(
    t: &mut StoredTask,
    message: Option<Message>,
) -> Result<Vec<StreamResponse>, TaskError> {
    transition::check(t.task.status.state, TaskState::Working)
        .map_err(|e| TaskError::Invalid(e.to_string()))?;
    let timestamp = Some(timestamp::now());
    t.task_mut().status = TaskStatus {
        state: TaskState::Working,
        message,
        timestamp,
    };
    Ok(vec![status_event(&t.task)])
}

/// The status update event for a task's current status.
pub(crate) fn status_event(task: &Task) -> StreamResponse {
    StreamResponse::StatusUpdate(TaskStatusUpdateEvent {
        task_id: task.id.clone(),
        context_id: task.context_id.clone(),
        status: task.status.clone(),
        metadata: None,
    })
}

/// The task's artifacts as a turn sees them: each id, and whether it is complete.
pub(crate) fn artifact_states(t: &StoredTask) -> Vec<(String, bool)> {
    let ids = t.task.artifacts.iter().map(|a| a.artifact_id.clone());
    ids.map(|id| {
        let sealed = t.sealed.contains(&id);
        (id, sealed)
    })
    .collect()
}
