//! Progress, artifacts and cancellation: the `events` host import.
//!
//! Each call reaches the client at once, as a stream event. The host limits how many events
//! and bytes a run may emit; past the limit, the run ends and the task fails.

use crate::types::{Artifact, Part, Reply};
use crate::wit::a2a::skill::events as host;

/// Reports progress with a text message; the task stays WORKING.
pub fn progress(text: impl Into<String>) {
    host::emit_status(Some(&Reply::text(text)));
}

/// Reports progress with an optional message of any parts.
pub fn status(message: Option<&Reply>) {
    host::emit_status(message);
}

/// Emits a whole artifact in one event.
pub fn emit_artifact(artifact: &Artifact) {
    host::emit_artifact(artifact, false, true);
}

/// Whether the client cancelled the task. The host stops cancelled runs by itself; check
/// this only to skip work between steps.
pub fn cancelled() -> bool {
    host::cancelled()
}

/// An artifact sent in chunks: the client sees each chunk as it is written.
///
/// ```ignore
/// let mut out = ArtifactStream::new("log", "build log");
/// out.write(vec![Part::text("step 1\n")]);
/// out.finish(vec![Part::text("done\n")]);
/// ```
///
/// Call [`ArtifactStream::finish`] to complete the artifact; a stream dropped without it
/// leaves the artifact open (clients never see its last chunk) and logs a warning.
pub struct ArtifactStream {
    template: Artifact,
    started: bool,
    finished: bool,
}

impl ArtifactStream {
    /// A stream for the artifact `id`; nothing is sent until the first chunk.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        let template = Artifact::new(id, name, Vec::new());
        Self {
            template,
            started: false,
            finished: false,
        }
    }

    /// Sends the next chunk. An empty chunk sends nothing (the host refuses empty parts).
    pub fn write(&mut self, parts: Vec<Part>) {
        if !parts.is_empty() {
            self.send(parts, false);
        }
    }

    /// Sends the last chunk and completes the artifact. With no parts left to send, the
    /// last chunk is an empty text part, because an artifact event needs one.
    pub fn finish(mut self, parts: Vec<Part>) {
        let parts = if parts.is_empty() {
            vec![Part::text("")]
        } else {
            parts
        };
        self.send(parts, true);
        self.finished = true;
    }

    fn send(&mut self, parts: Vec<Part>, last: bool) {
        let chunk = Artifact {
            parts,
            ..self.template.clone()
        };
        host::emit_artifact(&chunk, self.started, last);
        self.started = true;
    }
}

impl Drop for ArtifactStream {
    fn drop(&mut self) {
        if self.started && !self.finished {
            let id = &self.template.artifact_id;
            crate::log::warn(&format!(
                "artifact stream `{id}` dropped without finish(): the artifact stays open"
            ));
        }
    }
}
