//! [`Record`]: one entry of a task's event log, the truth from which its view is built.
//!
//! A log holds what a client can see (status and artifact updates, exactly as streams send
//! them) and the two things they leave out: how the task began, and each client message
//! that started another turn. Replaying the records in order rebuilds the task.

use serde::{Deserialize, Serialize};
use skillhost_types::{ApproxSize, Message, StreamResponse, Task};

/// An entry of a task's log. Stored as JSON by the database backends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Record {
    /// The task began (always sequence number 1): as first shown, with its first message,
    /// and its first turn's component.
    #[serde(rename_all = "camelCase")]
    Created {
        /// The task: SUBMITTED, the client's first message as its history.
        task: Task,
        /// The skill that runs it.
        skill_id: String,
        /// Who owns it (a principal id; `anonymous` until authentication exists).
        owner: String,
        /// SHA-256 of the component that runs the first turn.
        component: String,
    },
    /// A client message that starts another turn; it joins the history.
    #[serde(rename_all = "camelCase")]
    Turn {
        /// The message.
        message: Message,
        /// SHA-256 of the component that runs the turn.
        component: String,
    },
    /// A status or artifact update, as streams send it.
    #[serde(rename_all = "camelCase")]
    Event {
        /// The update.
        event: StreamResponse,
        /// A status update whose message joins the history (a turn's last word, not
        /// progress).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        history: bool,
    },
}

/// Overhead charged per record beyond its content: sequence number, key and framing.
const RECORD: usize = 64;

impl Record {
    /// The update a stream sends for this record, if it is one.
    pub fn event(&self) -> Option<&StreamResponse> {
        match self {
            Self::Event { event, .. } => Some(event),
            Self::Created { .. } | Self::Turn { .. } => None,
        }
    }

    /// Bytes charged to the task for keeping this record.
    pub fn size(&self) -> usize {
        RECORD
            + match self {
                Self::Created {
                    task,
                    skill_id,
                    owner,
                    component,
                } => task.approx_size() + skill_id.len() + owner.len() + component.len(),
                Self::Turn { message, component } => message.approx_size() + component.len(),
                Self::Event { event, .. } => event.approx_size(),
            }
    }
}
