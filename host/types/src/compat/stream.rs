//! [`EventWriter`]: a stream's events in an older shape.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::value::RawValue;

use super::Dialect;
use super::write::{ArtifactAt, reply_task};
use crate::event::{TaskArtifactUpdateEvent, TaskStatusUpdateEvent};
use crate::{Artifact, Message, StreamResponse, Task, TaskState, TaskStatus};

/// Writes the events of one stream in an older shape. It remembers what those shapes need
/// across events: the artifacts' positions (0.1 `index`) and the task's id.
#[derive(Debug, Clone)]
pub struct EventWriter {
    dialect: Dialect,
    /// The task's id: known up front for a 0.1 send, otherwise from the first event.
    task_id: Option<String>,
    /// Artifact ids in the order the task got them.
    artifacts: Vec<String>,
}

impl EventWriter {
    /// A writer for a stream in `dialect`; `task_id` names the task of a 0.1 send.
    pub fn new(dialect: Dialect, task_id: Option<String>) -> Self {
        Self {
            dialect,
            task_id,
            artifacts: Vec::new(),
        }
    }

    /// Whether `event` is the last of its stream: a direct reply, or a status that ends
    /// the turn. 0.3 marks it `final`.
    pub fn ends(event: &StreamResponse) -> bool {
        match event {
            StreamResponse::Message(_) => true,
            _ => event.state().is_some_and(TaskState::ends_turn),
        }
    }

    /// Whether writing `event` needs the task's artifacts: the final status update of a
    /// 0.1 stream carries them, as the servers of 0.1's time did.
    pub fn needs_artifacts(&self, event: &StreamResponse) -> bool {
        self.dialect == Dialect::V0_1
            && matches!(event, StreamResponse::StatusUpdate(_))
            && Self::ends(event)
    }

    /// `event` as JSON; `artifacts` are the task's, when [`EventWriter::needs_artifacts`].
    pub fn write(
        &mut self,
        event: &StreamResponse,
        artifacts: &[Artifact],
    ) -> serde_json::Result<Box<RawValue>> {
        let d = self.dialect;
        match event {
            StreamResponse::Task(task) => {
                self.task_id = Some(task.id.clone());
                self.artifacts = task
                    .artifacts
                    .iter()
                    .map(|a| a.artifact_id.clone())
                    .collect();
                if d == Dialect::V0_1 {
                    return self.status(&task.id, &task.context_id, &task.status, false, &[]);
                }
                serde_json::value::to_raw_value(&d.wire(task))
            }
            StreamResponse::Message(message) => self.message(message),
            StreamResponse::StatusUpdate(u) => self.status(
                &u.task_id,
                &u.context_id,
                &u.status,
                Self::ends(event),
                artifacts,
            ),
            StreamResponse::ArtifactUpdate(u) => self.artifact(u),
        }
    }

    /// A direct reply: 0.1 has none, so it is written as the final update of a completed
    /// task.
    fn message(&self, message: &Message) -> serde_json::Result<Box<RawValue>> {
        match (self.dialect, &self.task_id) {
            (Dialect::V0_1, Some(id)) => {
                let Task {
                    id,
                    context_id,
                    status,
                    ..
                } = reply_task(id, message);
                self.status(&id, &context_id, &status, true, &[])
            }
            (d, _) => serde_json::value::to_raw_value(&d.wire(message)),
        }
    }

    fn status(
        &self,
        task_id: &str,
        context_id: &str,
        status: &TaskStatus,
        last: bool,
        artifacts: &[Artifact],
    ) -> serde_json::Result<Box<RawValue>> {
        let event = StatusEvent {
            dialect: self.dialect,
            update: &TaskStatusUpdateEvent {
                task_id: task_id.to_string(),
                context_id: context_id.to_string(),
                status: status.clone(),
                metadata: None,
            },
            last,
            artifacts,
        };
        serde_json::value::to_raw_value(&event)
    }

    fn artifact(&mut self, u: &TaskArtifactUpdateEvent) -> serde_json::Result<Box<RawValue>> {
        let id = &u.artifact.artifact_id;
        let index = match self.artifacts.iter().position(|a| a == id) {
            Some(index) => index,
            None => {
                self.artifacts.push(id.clone());
                self.artifacts.len() - 1
            }
        };
        serde_json::value::to_raw_value(&ArtifactEvent {
            dialect: self.dialect,
            update: u,
            index,
        })
    }
}

/// Writes the members that name a task: `taskId` and `contextId` (0.3), `id` (0.1).
fn task_members<M: SerializeMap>(
    d: Dialect,
    m: &mut M,
    task: &str,
    context: &str,
) -> Result<(), M::Error> {
    if d.v0_3() {
        m.serialize_entry("taskId", task)?;
        m.serialize_entry("contextId", context)?;
    }
    if d.v0_1() {
        m.serialize_entry("id", task)?;
    }
    Ok(())
}

struct StatusEvent<'a> {
    dialect: Dialect,
    update: &'a TaskStatusUpdateEvent,
    last: bool,
    artifacts: &'a [Artifact],
}

impl Serialize for StatusEvent<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (d, u) = (self.dialect, self.update);
        let mut m = s.serialize_map(None)?;
        if d.v0_3() {
            m.serialize_entry("kind", "status-update")?;
        }
        task_members(d, &mut m, &u.task_id, &u.context_id)?;
        m.serialize_entry("status", &d.wire(&u.status))?;
        m.serialize_entry("final", &self.last)?;
        if d == Dialect::V0_1 {
            if let Some(message) = &u.status.message {
                m.serialize_entry("message", &d.wire(message))?;
            }
            if !self.artifacts.is_empty() {
                m.serialize_entry("artifacts", &d.wire(self.artifacts))?;
            }
        }
        if let Some(metadata) = &u.metadata {
            m.serialize_entry("metadata", metadata)?;
        }
        m.end()
    }
}

struct ArtifactEvent<'a> {
    dialect: Dialect,
    update: &'a TaskArtifactUpdateEvent,
    index: usize,
}

impl Serialize for ArtifactEvent<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (d, u) = (self.dialect, self.update);
        let mut m = s.serialize_map(None)?;
        if d.v0_3() {
            m.serialize_entry("kind", "artifact-update")?;
        }
        task_members(d, &mut m, &u.task_id, &u.context_id)?;
        let artifact = ArtifactAt {
            dialect: d,
            artifact: &u.artifact,
            index: self.index,
            chunk: Some((u.append, u.last_chunk)),
        };
        m.serialize_entry("artifact", &artifact)?;
        if d.v0_3() {
            m.serialize_entry("append", &u.append)?;
            m.serialize_entry("lastChunk", &u.last_chunk)?;
        }
        if let Some(metadata) = &u.metadata {
            m.serialize_entry("metadata", metadata)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Part;
    use serde_json::{Value, json};

    fn task(state: TaskState) -> Task {
        Task {
            id: "t1".into(),
            context_id: "c1".into(),
            status: TaskStatus {
                state,
                message: None,
                timestamp: None,
            },
            artifacts: Vec::new(),
            history: Vec::new(),
            metadata: None,
        }
    }

    fn events() -> Vec<StreamResponse> {
        let chunk = |append, last_chunk| {
            StreamResponse::ArtifactUpdate(TaskArtifactUpdateEvent {
                task_id: "t1".into(),
                context_id: "c1".into(),
                artifact: Artifact {
                    artifact_id: "a1".into(),
                    name: None,
                    description: None,
                    parts: vec![Part::text("x")],
                    metadata: None,
                    extensions: Vec::new(),
                },
                append,
                last_chunk,
                metadata: None,
            })
        };
        let done = StreamResponse::StatusUpdate(TaskStatusUpdateEvent {
            task_id: "t1".into(),
            context_id: "c1".into(),
            status: task(TaskState::Completed).status,
            metadata: None,
        });
        vec![
            StreamResponse::Task(task(TaskState::Submitted)),
            chunk(false, false),
            chunk(true, true),
            done,
        ]
    }

    fn write_all(d: Dialect, artifacts: &[Artifact]) -> Vec<Value> {
        let mut w = EventWriter::new(d, None);
        let raw = events()
            .iter()
            .map(|e| w.write(e, artifacts).expect("writes"))
            .collect::<Vec<_>>();
        raw.iter()
            .map(|r| serde_json::from_str(r.get()).expect("json"))
            .collect()
    }

    #[test]
    fn a_0_3_stream_tags_kinds_and_marks_the_final_update() {
        let e = write_all(Dialect::V0_3, &[]);
        let kinds: Vec<&Value> = e.iter().map(|e| &e["kind"]).collect();
        assert_eq!(
            kinds,
            [
                &json!("task"),
                &json!("artifact-update"),
                &json!("artifact-update"),
                &json!("status-update")
            ]
        );
        assert_eq!(
            (&e[2]["append"], &e[2]["lastChunk"]),
            (&json!(true), &json!(true))
        );
        assert_eq!(
            (&e[3]["final"], &e[3]["status"]["state"]),
            (&json!(true), &json!("completed"))
        );
    }

    #[test]
    fn a_0_1_stream_holds_only_updates_with_indexes_and_the_final_artifacts() {
        let artifacts = [events()[1].clone()].map(|e| match e {
            StreamResponse::ArtifactUpdate(u) => u.artifact,
            _ => unreachable!(),
        });
        let w = EventWriter::new(Dialect::V0_1, None);
        assert!(w.needs_artifacts(&events()[3]) && !w.needs_artifacts(&events()[1]));
        let e = write_all(Dialect::V0_1, &artifacts);
        assert_eq!(
            (&e[0]["id"], &e[0]["status"]["state"], &e[0]["final"]),
            (&json!("t1"), &json!("submitted"), &json!(false))
        );
        assert_eq!(e[1]["artifact"]["index"], 0);
        assert_eq!(
            (&e[2]["artifact"]["append"], &e[2]["artifact"]["lastChunk"]),
            (&json!(true), &json!(true))
        );
        assert_eq!(e[3]["artifacts"][0]["parts"][0]["text"], "x");
        let reply = StreamResponse::Message(Message::agent(vec![Part::text("hi")]));
        let mut w = EventWriter::new(Dialect::V0_1, Some("mine".into()));
        let only: Value =
            serde_json::from_str(w.write(&reply, &[]).expect("writes").get()).expect("json");
        assert_eq!(
            (&only["id"], &only["status"]["state"], &only["final"]),
            (&json!("mine"), &json!("completed"), &json!(true))
        );
    }
}
