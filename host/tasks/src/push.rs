//! The push config methods of [`TaskManager`]. Each first finds the caller's task as every
//! other method does ([`TaskManager::visible`]), so a task a caller may not see has no configs for
//! them either: they get TaskNotFound, never a hint that it exists.
//!
//! The manager only keeps configs; delivering them is the deliverer's (another crate), which
//! follows each task's log from the config's cursor.

use skillhost_types::push::{DeliveryState, TaskPushNotificationConfig};
use skillhost_types::timestamp;

use crate::TaskError;
use crate::manager::TaskManager;
use crate::store::PushRow;

impl TaskManager {
    /// `CreateTaskPushNotificationConfig`, and the inline config of `SendMessage`. The host
    /// picks the id when the client gave none; a config with an existing id replaces it.
    /// Delivery covers the log after this moment, or all of it with `from_start` (an inline
    /// config, registered with the task's first message). A task holds at most
    /// `max_per_task` configs.
    pub async fn push_set(
        &self,
        owner: &str,
        mut config: TaskPushNotificationConfig,
        from_start: bool,
        max_per_task: usize,
    ) -> Result<TaskPushNotificationConfig, TaskError> {
        let seq = self.visible(owner, &config.task_id, |v| v.seq).await?;
        if config.id.is_empty() {
            config.id = uuid::Uuid::new_v4().to_string();
        }
        let backend = self.store().backend();
        let rows = backend.push_rows(Some(&config.task_id)).await?;
        let replaced = rows.iter().find(|r| r.id() == config.id);
        if replaced.is_none() && rows.len() >= max_per_task {
            return Err(TaskError::Invalid(format!(
                "task {} already has {max_per_task} push notification configs, the most it may have; delete one first",
                config.task_id
            )));
        }
        let row = PushRow {
            created_at: replaced.map_or_else(timestamp::now_micros, |r| r.created_at),
            config: TaskPushNotificationConfig {
                delivery: None,
                ..config
            },
            cursor: if from_start { 0 } else { seq },
            delivery: DeliveryState::default(),
            done: false,
        };
        backend.push_put(&row).await?;
        Ok(shown(row, seq))
    }

    /// `GetTaskPushNotificationConfig`; without `id` (an older client's `get`), the task's
    /// first config.
    pub async fn push_get(
        &self,
        owner: &str,
        task_id: &str,
        id: Option<&str>,
    ) -> Result<TaskPushNotificationConfig, TaskError> {
        let seq = self.visible(owner, task_id, |v| v.seq).await?;
        let rows = self.store().backend().push_rows(Some(task_id)).await?;
        let row = rows.into_iter().find(|r| id.is_none_or(|id| r.id() == id));
        row.map(|r| shown(r, seq))
            .ok_or_else(|| TaskError::PushConfigNotFound {
                task: task_id.to_string(),
                id: id.unwrap_or_default().to_string(),
            })
    }

    /// `ListTaskPushNotificationConfigs`: the task's configs, oldest first.
    pub async fn push_list(
        &self,
        owner: &str,
        task_id: &str,
    ) -> Result<Vec<TaskPushNotificationConfig>, TaskError> {
        let seq = self.visible(owner, task_id, |v| v.seq).await?;
        let rows = self.store().backend().push_rows(Some(task_id)).await?;
        Ok(rows.into_iter().map(|r| shown(r, seq)).collect())
    }

    /// `DeleteTaskPushNotificationConfig`: idempotent, deleting what is not there succeeds.
    pub async fn push_delete(&self, owner: &str, task_id: &str, id: &str) -> Result<(), TaskError> {
        self.visible(owner, task_id, |_| ()).await?;
        self.store().backend().push_delete(task_id, id).await?;
        Ok(())
    }
}

/// A config as a client sees it: no secret, and its delivery state with what is pending.
fn shown(row: PushRow, seq: u64) -> TaskPushNotificationConfig {
    TaskPushNotificationConfig {
        secret: None,
        delivery: Some(DeliveryState {
            pending: seq.saturating_sub(row.cursor),
            ..row.delivery
        }),
        ..row.config
    }
}
