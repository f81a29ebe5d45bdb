//! What travels on a stream: [`StreamResponse`] and the two update events.

use serde::{Deserialize, Serialize};

use crate::{Artifact, Message, Metadata, Task, TaskStatus};

/// A2A `StreamResponse`: one event of a stream, one push notification. The member name is the
/// discriminator on the wire: `{"task": …}`, `{"statusUpdate": …}`, …
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StreamResponse {
    /// The task as it stands; always the first event of a task stream.
    Task(Task),
    /// A direct reply; the only event of a message stream.
    Message(Message),
    /// The task's status changed.
    StatusUpdate(TaskStatusUpdateEvent),
    /// An artifact was added or extended.
    ArtifactUpdate(TaskArtifactUpdateEvent),
}

/// A2A `TaskStatusUpdateEvent`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskStatusUpdateEvent {
    /// The task.
    pub task_id: String,
    /// Its context.
    pub context_id: String,
    /// The new status.
    pub status: TaskStatus,
    /// Extra data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

/// A2A `TaskArtifactUpdateEvent`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskArtifactUpdateEvent {
    /// The task.
    pub task_id: String,
    /// Its context.
    pub context_id: String,
    /// The artifact, or the chunk of it that this event adds.
    pub artifact: Artifact,
    /// The parts extend the artifact with the same id instead of replacing it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub append: bool,
    /// This is the artifact's final chunk.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub last_chunk: bool,
    /// Extra data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl StreamResponse {
    /// The task state this event leaves the task in, if it is a status update.
    pub fn state(&self) -> Option<crate::TaskState> {
        match self {
            Self::Task(t) => Some(t.status.state),
            Self::StatusUpdate(u) => Some(u.status.state),
            Self::Message(_) | Self::ArtifactUpdate(_) => None,
        }
    }
}
