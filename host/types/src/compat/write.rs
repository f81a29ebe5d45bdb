//! Writing 1.0 values in the 0.3 and 0.1 shapes: wrappers whose `Serialize` writes the
//! older JSON straight from the internal value, without copying it.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::Dialect;
use crate::{Artifact, Message, Part, PartContent, Role, Task, TaskState, TaskStatus};

/// `value` written in `dialect`.
#[derive(Debug, Clone, Copy)]
pub struct Wire<'a, T: ?Sized> {
    /// The shape.
    pub dialect: Dialect,
    /// The internal value.
    pub value: &'a T,
}

impl Dialect {
    /// `value`, to be written in this dialect.
    pub fn wire<T: ?Sized>(self, value: &T) -> Wire<'_, T> {
        Wire {
            dialect: self,
            value,
        }
    }

    /// A task state's name.
    pub fn state(self, state: TaskState) -> &'static str {
        match (state, self) {
            (TaskState::Rejected, Dialect::V0_1) => "failed",
            (TaskState::AuthRequired, Dialect::V0_1) => "input-required",
            (TaskState::Unspecified, _) => "unknown",
            (TaskState::Submitted, _) => "submitted",
            (TaskState::Working, _) => "working",
            (TaskState::Completed, _) => "completed",
            (TaskState::Failed, _) => "failed",
            (TaskState::Canceled, _) => "canceled",
            (TaskState::InputRequired, _) => "input-required",
            (TaskState::Rejected, _) => "rejected",
            (TaskState::AuthRequired, _) => "auth-required",
        }
    }

    /// The discriminator members (`kind`, 0.3; `type`, 0.1) of a part or object of `kind`.
    pub(crate) fn tag<M: SerializeMap>(self, m: &mut M, kind: &str) -> Result<(), M::Error> {
        if self.v0_3() {
            m.serialize_entry("kind", kind)?;
        }
        if self.v0_1() && ["text", "file", "data"].contains(&kind) {
            m.serialize_entry("type", kind)?;
        }
        Ok(())
    }
}

/// A 0.1 direct reply: 0.1 has no direct replies, so the reply becomes a completed task
/// (named as the client named it) whose status message it is.
pub fn reply_task(task_id: &str, reply: &Message) -> Task {
    Task {
        id: task_id.to_string(),
        context_id: reply.context_id.clone().unwrap_or_default(),
        status: TaskStatus {
            state: TaskState::Completed,
            message: Some(reply.clone()),
            timestamp: Some(crate::timestamp::now()),
        },
        artifacts: Vec::new(),
        history: Vec::new(),
        metadata: None,
    }
}

impl Serialize for Wire<'_, Task> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (d, t) = (self.dialect, self.value);
        let mut m = s.serialize_map(None)?;
        d.tag(&mut m, "task")?;
        m.serialize_entry("id", &t.id)?;
        if d.v0_3() {
            m.serialize_entry("contextId", &t.context_id)?;
        }
        if d.v0_1() {
            m.serialize_entry("sessionId", &t.context_id)?;
        }
        m.serialize_entry("status", &d.wire(&t.status))?;
        if d == Dialect::V0_1
            && let Some(message) = &t.status.message
        {
            m.serialize_entry("message", &d.wire(message))?;
        }
        if !t.artifacts.is_empty() {
            m.serialize_entry("artifacts", &d.wire(t.artifacts.as_slice()))?;
        }
        if !t.history.is_empty() {
            m.serialize_entry("history", &d.wire(t.history.as_slice()))?;
        }
        if let Some(metadata) = &t.metadata {
            m.serialize_entry("metadata", metadata)?;
        }
        m.end()
    }
}

impl Serialize for Wire<'_, TaskStatus> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (d, status) = (self.dialect, self.value);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("state", d.state(status.state))?;
        if let Some(message) = &status.message {
            m.serialize_entry("message", &d.wire(message))?;
        }
        if let Some(timestamp) = &status.timestamp {
            m.serialize_entry("timestamp", timestamp)?;
        }
        m.end()
    }
}

impl Serialize for Wire<'_, Message> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (d, msg) = (self.dialect, self.value);
        let mut m = s.serialize_map(None)?;
        let role = if msg.role == Role::Agent {
            "agent"
        } else {
            "user"
        };
        m.serialize_entry("role", role)?;
        m.serialize_entry("parts", &d.wire(msg.parts.as_slice()))?;
        if let Some(metadata) = &msg.metadata {
            m.serialize_entry("metadata", metadata)?;
        }
        if d.v0_3() {
            m.serialize_entry("kind", "message")?;
            m.serialize_entry("messageId", &msg.message_id)?;
            for (key, id) in [("contextId", &msg.context_id), ("taskId", &msg.task_id)] {
                if let Some(id) = id {
                    m.serialize_entry(key, id)?;
                }
            }
            for (key, list) in [
                ("extensions", &msg.extensions),
                ("referenceTaskIds", &msg.reference_task_ids),
            ] {
                if !list.is_empty() {
                    m.serialize_entry(key, list)?;
                }
            }
        }
        m.end()
    }
}

impl Serialize for Wire<'_, Part> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (d, part) = (self.dialect, self.value);
        let mut m = s.serialize_map(None)?;
        match &part.content {
            PartContent::Text(text) => {
                d.tag(&mut m, "text")?;
                m.serialize_entry("text", text)?;
            }
            PartContent::Raw(_) | PartContent::Url(_) => {
                d.tag(&mut m, "file")?;
                m.serialize_entry("file", &File(part))?;
            }
            PartContent::Data(data) => {
                d.tag(&mut m, "data")?;
                // 0.3 and 0.1 data is an object; 1.0 takes any JSON value.
                if data.is_object() {
                    m.serialize_entry("data", data)?;
                } else {
                    m.serialize_entry("data", &serde_json::json!({ "value": data }))?;
                }
            }
        }
        if let Some(metadata) = &part.metadata {
            m.serialize_entry("metadata", metadata)?;
        }
        m.end()
    }
}

/// The `file` member of a file part.
struct File<'a>(&'a Part);

impl Serialize for File<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let part = self.0;
        let mut m = s.serialize_map(None)?;
        match &part.content {
            PartContent::Raw(bytes) => m.serialize_entry("bytes", &STANDARD.encode(bytes))?,
            PartContent::Url(url) => m.serialize_entry("uri", url)?,
            PartContent::Text(_) | PartContent::Data(_) => {}
        }
        if let Some(media_type) = &part.media_type {
            m.serialize_entry("mimeType", media_type)?;
        }
        if let Some(name) = &part.filename {
            m.serialize_entry("name", name)?;
        }
        m.end()
    }
}

/// An artifact with what its shape needs beyond the artifact: its position in the task
/// (0.1 `index`), and for a 0.1 chunk, `append` and `lastChunk`.
pub(crate) struct ArtifactAt<'a> {
    pub(crate) dialect: Dialect,
    pub(crate) artifact: &'a Artifact,
    pub(crate) index: usize,
    pub(crate) chunk: Option<(bool, bool)>,
}

impl Serialize for ArtifactAt<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (d, a) = (self.dialect, self.artifact);
        let mut m = s.serialize_map(None)?;
        if d.v0_3() {
            m.serialize_entry("artifactId", &a.artifact_id)?;
        }
        if d.v0_1() {
            m.serialize_entry("index", &self.index)?;
        }
        for (key, text) in [("name", &a.name), ("description", &a.description)] {
            if let Some(text) = text {
                m.serialize_entry(key, text)?;
            }
        }
        m.serialize_entry("parts", &d.wire(a.parts.as_slice()))?;
        if let Some(metadata) = &a.metadata {
            m.serialize_entry("metadata", metadata)?;
        }
        if d.v0_3() && !a.extensions.is_empty() {
            m.serialize_entry("extensions", &a.extensions)?;
        }
        if let (true, Some((append, last_chunk))) = (d.v0_1(), self.chunk) {
            m.serialize_entry("append", &append)?;
            m.serialize_entry("lastChunk", &last_chunk)?;
        }
        m.end()
    }
}

impl Serialize for Wire<'_, [Artifact]> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.value.len()))?;
        for (index, artifact) in self.value.iter().enumerate() {
            seq.serialize_element(&ArtifactAt {
                dialect: self.dialect,
                artifact,
                index,
                chunk: None,
            })?;
        }
        seq.end()
    }
}

macro_rules! wire_seq {
    ($($t:ty),*) => {$(
        impl Serialize for Wire<'_, [$t]> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.value.iter().map(|v| self.dialect.wire(v)))
            }
        }
    )*};
}

wire_seq!(Message, Part);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn write<T: ?Sized>(d: Dialect, value: &T) -> Value
    where
        for<'a> Wire<'a, T>: Serialize,
    {
        serde_json::to_value(d.wire(value)).expect("serializes")
    }

    fn task() -> Task {
        let mut file = Part::from(PartContent::Raw(b"hi".to_vec()));
        file.media_type = Some("text/plain".into());
        let mut question = Message::agent(vec![Part::text("which?")]);
        question.context_id = Some("c1".into());
        let artifact = Artifact {
            artifact_id: "a1".into(),
            name: Some("out".into()),
            description: None,
            parts: vec![file, Part::from(PartContent::Data(json!([1, 2])))],
            metadata: None,
            extensions: Vec::new(),
        };
        Task {
            id: "t1".into(),
            context_id: "c1".into(),
            status: TaskStatus {
                state: TaskState::InputRequired,
                message: Some(question),
                timestamp: None,
            },
            artifacts: vec![artifact],
            history: Vec::new(),
            metadata: None,
        }
    }

    #[test]
    fn a_0_3_task_is_kind_tagged_with_lower_case_states() {
        let t = write(Dialect::V0_3, &task());
        assert_eq!(
            (&t["kind"], &t["contextId"]),
            (&json!("task"), &json!("c1"))
        );
        assert_eq!(t["status"]["state"], "input-required");
        assert_eq!(t["status"]["message"]["kind"], "message");
        assert_eq!(t["status"]["message"]["role"], "agent");
        let parts = &t["artifacts"][0]["parts"];
        assert_eq!(
            parts[0],
            json!({"kind": "file", "file": {"bytes": "aGk=", "mimeType": "text/plain"}})
        );
        assert_eq!(parts[1], json!({"kind": "data", "data": {"value": [1, 2]}}));
        assert!(t.get("sessionId").is_none() && t["artifacts"][0].get("index").is_none());
    }

    #[test]
    fn a_0_1_task_has_a_session_indexed_artifacts_and_type_tags() {
        let t = write(Dialect::V0_1, &task());
        assert_eq!((&t["sessionId"], t.get("kind")), (&json!("c1"), None));
        assert_eq!(t["artifacts"][0]["index"], 0);
        assert_eq!(t["artifacts"][0]["parts"][0]["type"], "file");
        assert_eq!(
            t["message"]["parts"][0]["text"], "which?",
            "the seed scripts read it"
        );
        assert!(t["status"]["message"].get("messageId").is_none());
    }

    #[test]
    fn either_writes_what_both_readers_need() {
        let t = write(Dialect::Either, &task());
        let part = &t["artifacts"][0]["parts"][0];
        assert_eq!(
            (&part["kind"], &part["type"]),
            (&json!("file"), &json!("file"))
        );
        assert_eq!(
            (&t["contextId"], &t["sessionId"]),
            (&json!("c1"), &json!("c1"))
        );
        assert!(
            t.get("message").is_none(),
            "the 0.1 extras are for 0.1 alone"
        );
        assert_eq!(Dialect::Either.state(TaskState::Rejected), "rejected");
        assert_eq!(Dialect::V0_1.state(TaskState::Rejected), "failed");
    }
}
