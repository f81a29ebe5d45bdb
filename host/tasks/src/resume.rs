//! Resuming a task: the client's answer to a task that waits for input starts its next
//! turn, with the whole history.

use skillhost_registry::Skill;
use skillhost_types::{ApproxSize, Message, Metadata};

use crate::store::StoredTask;
use crate::turn::{Started, artifact_states, interrupted, working};
use crate::{TaskError, TaskManager};

impl TaskManager {
    pub(crate) async fn resume(
        &self,
        id: String,
        mut message: Message,
        metadata: Option<Metadata>,
    ) -> Result<Started, TaskError> {
        let stored = self.visible(&id).await?;
        let skill = self.resumable(&stored, &message)?;
        let ticket = skill.plugin.admit()?;
        message.context_id = Some(stored.task.context_id.clone());
        let listener = self.shared.bus.listen(&id);
        let registration = self.register(&id, ticket)?;
        let (mut snapshot, mut artifacts) = (None, None);
        let mutation = Box::new(|t: &mut StoredTask| {
            // Checked again under the store's lock: another answer may have come first.
            interrupted(&id, t.task.status.state)?;
            let events = working(t, None)?;
            t.task_mut().history.push(message);
            snapshot = Some(t.task.clone());
            artifacts = Some(artifact_states(t));
            Ok(events)
        });
        let seq = match self.shared.store.update(&id, mutation).await {
            Ok(seq) => seq,
            Err(e) => {
                self.unregister(&id, registration.turn);
                return Err(e);
            }
        };
        self.shared.bus.publish(&id, seq);
        let snapshot = snapshot.ok_or_else(|| TaskError::NotFound(id.clone()))?;
        let artifacts = artifacts.unwrap_or_default();
        let started = self.launch(
            snapshot,
            artifacts,
            skill,
            metadata,
            seq,
            registration,
            listener,
        );
        Ok(Started {
            visible: true,
            ..started
        })
    }

    /// Whether `message` may continue the task, and the skill that runs it.
    fn resumable(&self, stored: &StoredTask, message: &Message) -> Result<Skill, TaskError> {
        let (task, id) = (&stored.task, &stored.task.id);
        let invalid = |why: String| Err(TaskError::Invalid(why));
        if message
            .context_id
            .as_ref()
            .is_some_and(|c| *c != task.context_id)
        {
            return invalid(format!("contextId does not match task {id}'s context"));
        }
        interrupted(id, task.status.state)?;
        if task.approx_size() + message.approx_size() > self.shared.config.max_task_bytes {
            return invalid(format!("task {id} has reached its size limit"));
        }
        if task.history.len() >= self.shared.config.max_history {
            return invalid(format!("task {id} has reached its history limit"));
        }
        let catalog = self.shared.registry.catalog();
        let Some(skill) = catalog.get(&stored.skill_id).cloned() else {
            return invalid(format!(
                "skill {} of task {id} is no longer loaded",
                stored.skill_id
            ));
        };
        self.check_modes(&skill, message)?;
        Ok(skill)
    }
}
