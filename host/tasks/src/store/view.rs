//! [`View`]: a task as its log has built it, kept up to date one record at a time.
//!
//! Applying a record costs what the record holds, never what the task holds: the history
//! grows by a message, an artifact is found through an index by id, and the task's charged
//! size grows by the record's size. Replaying a log through [`View::apply`] gives the same
//! view as the live task had, which is how a task is loaded after a restart.

use std::collections::HashMap;

use skillhost_types::event::TaskArtifactUpdateEvent;
use skillhost_types::{Message, StreamResponse, Task, TaskState, timestamp};

use super::record::Record;

/// A task as of its last record, with what the engine needs beside it.
#[derive(Debug, Clone)]
pub struct View {
    /// The task, with its whole history and merged artifacts.
    pub task: Task,
    /// The skill that runs it.
    pub skill_id: String,
    /// Who owns it.
    pub owner: String,
    /// SHA-256 of the component that ran (or runs) the latest turn.
    pub component: String,
    /// Sequence number of its last record.
    pub seq: u64,
    /// Bytes charged to the task: the sizes of its records, added as each is appended.
    pub bytes: usize,
    /// When the status last changed (microseconds since the Unix epoch).
    pub status_at: i64,
    /// When the task was created (microseconds since the Unix epoch).
    pub created_at: i64,
    /// Artifact id to its position in `task.artifacts` and whether it is sealed.
    artifacts: HashMap<String, (usize, bool)>,
    /// `messageId` of each client message the task accepted, to its place in the history.
    messages: HashMap<String, usize>,
}

impl View {
    /// The view of a task that has only its first record. `None` unless `record` is
    /// [`Record::Created`].
    pub fn new(record: &Record) -> Option<Self> {
        let Record::Created {
            task,
            skill_id,
            owner,
            component,
        } = record
        else {
            return None;
        };
        let at = status_micros(task);
        Some(Self {
            messages: (task.history.iter().enumerate())
                .map(|(i, m)| (m.message_id.clone(), i))
                .collect(),
            task: task.clone(),
            skill_id: skill_id.clone(),
            owner: owner.clone(),
            component: component.clone(),
            seq: 1,
            bytes: record.size(),
            status_at: at,
            created_at: at,
            artifacts: HashMap::new(),
        })
    }

    /// Rebuilds a view from a whole log, first record first.
    pub fn replay<'a>(mut records: impl Iterator<Item = &'a Record>) -> Option<Self> {
        let mut view = Self::new(records.next()?)?;
        records.for_each(|r| view.apply(r));
        Some(view)
    }

    /// Applies the next record.
    pub fn apply(&mut self, record: &Record) {
        self.seq += 1;
        self.bytes += record.size();
        match record {
            // Only ever the first record; a second one would be a bug, and is ignored.
            Record::Created { .. } => {}
            Record::Turn { message, component } => {
                let at = self.task.history.len();
                self.messages.insert(message.message_id.clone(), at);
                self.task.history.push(message.clone());
                self.component.clone_from(component);
            }
            Record::Event { event, history } => self.event(event, *history),
        }
    }

    fn event(&mut self, event: &StreamResponse, history: bool) {
        match event {
            StreamResponse::StatusUpdate(u) => {
                if history {
                    self.task.history.extend(u.status.message.clone());
                }
                self.task.status = u.status.clone();
                self.status_at = status_micros(&self.task);
            }
            StreamResponse::ArtifactUpdate(u) => self.artifact(u),
            // Not written to logs.
            StreamResponse::Task(_) | StreamResponse::Message(_) => {}
        }
    }

    /// Appended parts extend the artifact with the same id; otherwise the artifact is added,
    /// or replaces the one with its id. The last chunk seals an artifact; a replacement that
    /// is not a last chunk opens it again.
    fn artifact(&mut self, u: &TaskArtifactUpdateEvent) {
        let artifacts = &mut self.task.artifacts;
        match self.artifacts.get_mut(&u.artifact.artifact_id) {
            Some((i, sealed)) => {
                if u.append {
                    artifacts[*i].parts.extend(u.artifact.parts.iter().cloned());
                } else {
                    artifacts[*i] = u.artifact.clone();
                    *sealed = false;
                }
                *sealed |= u.last_chunk;
            }
            None => {
                let entry = (artifacts.len(), u.last_chunk);
                self.artifacts.insert(u.artifact.artifact_id.clone(), entry);
                artifacts.push(u.artifact.clone());
            }
        }
    }

    /// The task's state.
    pub fn state(&self) -> TaskState {
        self.task.status.state
    }

    /// Whether the task accepted this client message already: the same `messageId` with
    /// the same parts, as a client sends it again when it lost the answer. (A different
    /// message that reuses an id is a new message; some clients, the A2A TCK among them,
    /// reuse ids.)
    pub fn accepted(&self, message: &Message) -> bool {
        let earlier = self.messages.get(&message.message_id);
        earlier
            .and_then(|&i| self.task.history.get(i))
            .is_some_and(|m| m.parts == message.parts)
    }

    /// The task's artifacts as a turn sees them: each id, and whether it is complete.
    pub fn artifact_states(&self) -> Vec<(String, bool)> {
        let states = self.task.artifacts.iter().map(|a| {
            let sealed = self.artifacts.get(&a.artifact_id).is_some_and(|e| e.1);
            (a.artifact_id.clone(), sealed)
        });
        states.collect()
    }
}

/// The instant of a task's status; tasks the engine made always have one.
fn status_micros(task: &Task) -> i64 {
    task.status
        .timestamp
        .as_deref()
        .and_then(timestamp::micros)
        .unwrap_or(0)
}
