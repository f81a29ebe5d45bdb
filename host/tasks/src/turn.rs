//! Starting a turn: validate the message, route it, then create a task or resume one.

use skillhost_types::event::TaskStatusUpdateEvent;
use skillhost_types::request::SendMessageRequest;
use skillhost_types::skill::SkillCard;
use skillhost_types::{
    ApproxSize, Message, Metadata, Role, StreamResponse, Task, TaskState, TaskStatus, timestamp,
};
use tokio::sync::oneshot;
use tracing::Instrument;

use crate::bus::Listener;
use crate::driver::Driver;
use crate::executor::SkillInfo;
use crate::running::Registration;
use crate::store::{Change, Record};
use crate::{TaskError, TaskManager, modes, transition};

/// How a turn ended, for whoever waits on it.
#[derive(Debug)]
pub(crate) enum TurnEnd {
    /// The task after its last update of the turn.
    Task(Task),
    /// The skill's direct reply; the task was never shown and is gone.
    Message(Message),
}

/// What a message started.
pub(crate) enum Begun {
    /// A turn.
    Turn(Started),
    /// Nothing: the task already accepted this message (a client's retry); here it is as
    /// it stands.
    Existing(Task),
}

/// A turn that has started.
pub(crate) struct Started {
    pub(crate) task_id: String,
    /// The task as the turn began (for a stream's first event).
    pub(crate) snapshot: Task,
    /// The log position of `snapshot`.
    pub(crate) seq: u64,
    pub(crate) done: oneshot::Receiver<TurnEnd>,
    /// Listening since before the turn could emit anything.
    pub(crate) listener: Listener,
    /// Whether the client has seen the task already (a resumed task, `returnImmediately`, or
    /// a queued run); only a task nobody has seen can turn out to be a direct reply.
    pub(crate) visible: bool,
}

/// How to create a new task: shown to clients at once (`returnImmediately`), for a stream,
/// and under the id an A2A 0.1 client chose.
struct New {
    visible: bool,
    streaming: bool,
    named: Option<String>,
}

/// What a turn's driver starts from.
pub(crate) struct Launch {
    pub(crate) task: Task,
    pub(crate) artifacts: Vec<(String, bool)>,
    pub(crate) skill: SkillInfo,
    pub(crate) metadata: Option<Metadata>,
    pub(crate) seq: u64,
    pub(crate) visible: bool,
}

impl TaskManager {
    /// Starts a turn for `req`: a new task, or the next turn of the interrupted task that
    /// `message.taskId` names. `visible` shows a new task to clients at once (it is
    /// otherwise shown by its first event, and never if the skill answers directly); so does
    /// `streaming` when the run would wait for a slot, so the stream starts at once.
    pub(crate) async fn start_turn(
        &self,
        owner: &str,
        req: SendMessageRequest,
        visible: bool,
        streaming: bool,
    ) -> Result<Begun, TaskError> {
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
            Some(id) if self.shared.store.slot(&id).await?.is_none() => Some(id),
            Some(id) => return self.resume(owner, id, message, req.metadata).await,
            None => None,
        };
        match message.task_id.clone() {
            Some(task_id) => self.resume(owner, task_id, message, req.metadata).await,
            None => {
                let how = New {
                    visible,
                    streaming,
                    named,
                };
                let created = self.create(owner, message, req.metadata, how).await?;
                Ok(Begun::Turn(created))
            }
        }
    }

    async fn create(
        &self,
        owner: &str,
        mut message: Message,
        metadata: Option<Metadata>,
        how: New,
    ) -> Result<Started, TaskError> {
        let executor = &self.shared.executor;
        let skill = executor.route(message.metadata_str("skillId"))?;
        self.check_modes(&skill.card, &message)?;
        let admission = executor.admit(&skill)?;
        let visible = how.visible || (how.streaming && executor.saturated(&skill));
        let id = how.named.clone().unwrap_or_else(new_id);
        let context_id = message.context_id.clone().unwrap_or_else(new_id);
        message.task_id = Some(id.clone());
        message.context_id = Some(context_id.clone());
        let task = Task {
            id: id.clone(),
            context_id,
            status: status(TaskState::Submitted, None),
            artifacts: Vec::new(),
            history: vec![message],
            metadata: None,
        };
        let record = Record::Created {
            task: task.clone(),
            skill_id: skill.card.id.clone(),
            owner: owner.into(),
            component: skill.component.to_string(),
        };
        let size = record.size();
        let store = &self.shared.store;
        store
            .admit_task(size)
            .await
            .map_err(|_| TaskError::Capacity)?;
        let listener = store.inner.bus.listen(&id);
        let registration = match self.register(&id, admission) {
            Ok(r) => r,
            Err(e) => {
                store.release(size);
                return Err(e);
            }
        };
        // Registered, a named task cannot be started twice; but it may have been created
        // (and its turn ended) since it was looked up.
        if how.named.is_some() && store.slot(&id).await?.is_some() {
            self.unregister(&id, registration.turn);
            store.release(size);
            return Err(TaskError::Busy(id));
        }
        if let Err(e) = store.create(record, visible, size).await {
            self.unregister(&id, registration.turn);
            return Err(e);
        }
        let launch = Launch {
            task,
            artifacts: Vec::new(),
            skill,
            metadata,
            seq: 1,
            visible,
        };
        Ok(self.launch(launch, registration, listener))
    }

    pub(crate) fn launch(
        &self,
        launch: Launch,
        registration: Registration,
        listener: Listener,
    ) -> Started {
        let (done_tx, done) = oneshot::channel();
        let (seq, visible) = (launch.seq, launch.visible);
        let snapshot = launch.task.clone();
        // The turn's span: a child of the request that started it (if any), and the parent
        // of the run and its store writes, though the turn outlives the request.
        let span = tracing::info_span!(
            "turn",
            task_id = %snapshot.id,
            context_id = %snapshot.context_id,
            skill_id = %launch.skill.card.id,
        );
        let driver = Driver::new(self.shared.clone(), launch, registration, done_tx);
        tokio::spawn(driver.drive_guarded().instrument(span));
        Started {
            task_id: snapshot.id.clone(),
            snapshot,
            seq,
            done,
            listener,
            visible,
        }
    }

    /// Rejects parts whose declared media type the skill does not accept.
    pub(crate) fn check_modes(&self, card: &SkillCard, message: &Message) -> Result<(), TaskError> {
        let accepted = if card.input_modes.is_empty() {
            &self.shared.config.default_input_modes
        } else {
            &card.input_modes
        };
        let refused = message
            .parts
            .iter()
            .filter_map(|p| p.declared_media_type())
            .find(|m| !modes::accepts(accepted, m));
        match refused {
            None => Ok(()),
            Some(media_type) => Err(TaskError::ContentType {
                skill: card.id.clone(),
                media_type: media_type.to_string(),
                accepted: accepted.clone(),
            }),
        }
    }
}

/// A new task or context id: a UUID of version 7, the time in milliseconds then 74 random
/// bits. Ids made one after another sort together, so a database adds each new task at the
/// end of its indexes (a few pages per commit, already cached) instead of at a random page
/// of each: on SQLite, random ids made a commit read and rewrite a page per task and index,
/// and the store ran at a third of the memory store's speed. The random bits keep ids
/// unguessable; the time they show is the task's creation, which its status shows anyway.
fn new_id() -> String {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    // A version 4 UUID's bytes are random but for its version (6) and variant (8) bits.
    let random = uuid::Uuid::new_v4().into_bytes();
    let mut bits = [0u8; 10];
    bits[..6].copy_from_slice(&random[..6]);
    bits[6..].copy_from_slice(&random[12..]);
    uuid::Builder::from_unix_timestamp_millis(millis, &bits)
        .into_uuid()
        .to_string()
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

/// A status of `state`, now.
pub(crate) fn status(state: TaskState, message: Option<Message>) -> TaskStatus {
    TaskStatus {
        state,
        message,
        timestamp: Some(timestamp::now()),
    }
}

/// Moves a task to `state`, checking the transition; `history` adds the status message to
/// the task's history (a turn's last word, not progress).
pub(crate) fn set_status(
    c: &mut Change<'_>,
    state: TaskState,
    message: Option<Message>,
    history: bool,
) -> Result<(), TaskError> {
    transition::check(c.view().state(), state).map_err(|e| TaskError::Invalid(e.to_string()))?;
    let task = &c.view().task;
    let event = StreamResponse::StatusUpdate(TaskStatusUpdateEvent {
        task_id: task.id.clone(),
        context_id: task.context_id.clone(),
        status: status(state, message),
        metadata: None,
    });
    c.push(Record::Event { event, history });
    Ok(())
}
