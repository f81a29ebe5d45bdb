//! Resuming a task: the client's answer to a task that waits for input starts its next
//! turn, with the whole history. An answer the task already accepted (a retry after a lost
//! response) starts nothing: the client gets the task as it stands.

use skillhost_types::{Message, Metadata, Task, TaskState};

use crate::executor::SkillInfo;
use crate::store::room::Full;
use crate::store::{Record, View};
use crate::turn::{Begun, Launch, interrupted, set_status};
use crate::{TaskError, TaskManager};

/// What a resumed task's change found.
enum Resumed {
    /// The turn's starting point: the task and its artifacts' states.
    Started(Task, Vec<(String, bool)>),
    /// The message was accepted before.
    Again(Task),
}

impl TaskManager {
    pub(crate) async fn resume(
        &self,
        owner: &str,
        id: String,
        mut message: Message,
        metadata: Option<Metadata>,
    ) -> Result<Begun, TaskError> {
        let checked = (self.visible(owner, &id, |v| self.resumable(v, &message))).await?;
        let (skill, context_id) = match checked? {
            Ok(found) => found,
            Err(task) => return Ok(Begun::Existing(task)),
        };
        let admission = self.shared.executor.admit(&skill)?;
        message.context_id = Some(context_id);
        let store = &self.shared.store;
        let listener = store.inner.bus.listen(&id);
        let registration = self.register(&id, admission)?;
        let record = Record::Turn {
            message,
            component: skill.component.to_string(),
        };
        let size = record.size();
        let cap = self.shared.config.max_task_bytes;
        let admitted = store
            .admit(&id, size, cap)
            .await
            .map_err(|full| match full {
                Full::Task => TaskError::Invalid(format!("task {id} has reached its size limit")),
                Full::Host => TaskError::Capacity,
            });
        let changed = match admitted {
            Ok(()) => {
                store
                    .update(&id, true, size, |c| start(c, &id, record))
                    .await
            }
            Err(e) => Err(e),
        };
        let (seq, resumed) = match changed {
            Ok((seq, Resumed::Started(task, artifacts))) => (seq, (task, artifacts)),
            other => {
                self.unregister(&id, registration.turn);
                return match other? {
                    (_, Resumed::Again(task)) => Ok(Begun::Existing(task)),
                    (_, Resumed::Started(..)) => Err(TaskError::Lost),
                };
            }
        };
        let (task, artifacts) = resumed;
        let launch = Launch {
            task,
            artifacts,
            skill,
            metadata,
            seq,
            visible: true,
        };
        Ok(Begun::Turn(self.launch(launch, registration, listener)))
    }

    /// Whether `message` may continue the task, with the skill that runs it and the task's
    /// context; or, for a message the task accepted before, the task as it stands.
    fn resumable(
        &self,
        view: &View,
        message: &Message,
    ) -> Result<Result<(SkillInfo, String), Task>, TaskError> {
        let (task, id) = (&view.task, &view.task.id);
        if view.accepted(message) {
            return Ok(Err(task.clone()));
        }
        let invalid = |why: String| Err(TaskError::Invalid(why));
        if message
            .context_id
            .as_ref()
            .is_some_and(|c| *c != task.context_id)
        {
            return invalid(format!("contextId does not match task {id}'s context"));
        }
        interrupted(id, task.status.state)?;
        if task.history.len() >= self.shared.config.max_history {
            return invalid(format!("task {id} has reached its history limit"));
        }
        let Some(skill) = self.shared.executor.skill(&view.skill_id) else {
            return invalid(format!(
                "skill {} of task {id} is no longer loaded",
                view.skill_id
            ));
        };
        self.check_modes(&skill.card, message)?;
        Ok(Ok((skill, task.context_id.clone())))
    }
}

/// The change that starts the turn; checked again under the task's lock, since another
/// answer may have come first.
fn start(c: &mut crate::store::Change<'_>, id: &str, record: Record) -> Result<Resumed, TaskError> {
    if let Record::Turn { message, .. } = &record
        && c.view().accepted(message)
    {
        return Ok(Resumed::Again(c.view().task.clone()));
    }
    interrupted(id, c.view().state())?;
    c.push(record);
    set_status(c, TaskState::Working, None, false)?;
    let view = c.view();
    Ok(Resumed::Started(view.task.clone(), view.artifact_states()))
}
