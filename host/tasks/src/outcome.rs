//! How a run's result becomes task state: the end state and message, artifact merging and
//! sealing, and failure messages that say who failed.

use skillhost_runtime::{FAILURE_KIND, Outcome, Reply, RunError};
use skillhost_types::{Artifact, Metadata, Part, TaskState};

use crate::{TaskError, transition};

/// How a turn ends: a task state, or a direct reply.
pub(crate) enum Ending {
    /// The task ends the turn in this state.
    State(TaskState),
    /// The skill answered directly.
    Direct,
}

pub(crate) fn ending(
    result: Result<Outcome, RunError>,
    task: &str,
    skill: &str,
) -> (Ending, Option<Reply>) {
    use Ending::{Direct, State};
    match result {
        Ok(Outcome::Completed(r)) => (State(TaskState::Completed), r),
        Ok(Outcome::InputRequired(r)) => (State(TaskState::InputRequired), Some(r)),
        Ok(Outcome::AuthRequired(r)) => (State(TaskState::AuthRequired), Some(r)),
        Ok(Outcome::Rejected(r)) => (State(TaskState::Rejected), Some(r)),
        Ok(Outcome::Message(r)) => (Direct, Some(r)),
        Ok(Outcome::Failed(why)) => (State(TaskState::Failed), Some(failure(why, SKILL_ERROR))),
        Err(RunError::Cancelled) => (State(TaskState::Canceled), None),
        Err(e) => {
            let reason = e.to_string();
            tracing::warn!(task, skill, reason = %reason.escape_debug(), "run failed");
            (State(TaskState::Failed), Some(failure(reason, e.kind())))
        }
    }
}

/// Adds an artifact event to the task's artifacts: appended parts extend the artifact with
/// the same id; otherwise the artifact is added, or replaces the one with its id.
pub(crate) fn merge(artifacts: &mut Vec<Artifact>, update: &Artifact, append: bool) {
    match artifacts
        .iter_mut()
        .find(|a| a.artifact_id == update.artifact_id)
    {
        Some(existing) if append => existing.parts.extend(update.parts.iter().cloned()),
        Some(existing) => *existing = update.clone(),
        None => artifacts.push(update.clone()),
    }
}

/// Records whether an artifact is complete: its last chunk seals it; a replacement that is
/// not a last chunk opens it again.
pub(crate) fn seal(sealed: &mut Vec<String>, id: &str, append: bool, last_chunk: bool) {
    let known = sealed.iter().position(|s| s == id);
    match (known, last_chunk) {
        (None, true) => sealed.push(id.to_string()),
        (Some(i), false) if !append => {
            sealed.swap_remove(i);
        }
        _ => {}
    }
}

pub(crate) fn text_reply(text: String) -> Reply {
    Reply {
        parts: vec![Part::text(text)],
        metadata: None,
    }
}

/// `failureKind` of a turn that failed by the skill's own decision.
const SKILL_ERROR: &str = "skillError";

/// A failure's status message: the reason as text, and in `metadata.failureKind` a stable
/// name (`skillError`, or the limit or fault the host stopped the skill for) that clients
/// can act on without parsing text.
fn failure(text: String, kind: &str) -> Reply {
    let mut metadata = Metadata::new();
    metadata.insert(FAILURE_KIND.into(), kind.into());
    Reply {
        parts: vec![Part::text(text)],
        metadata: Some(metadata),
    }
}

pub(crate) fn empty_reply() -> Reply {
    text_reply(String::new())
}

pub(crate) fn invalid(e: transition::InvalidTransition) -> TaskError {
    TaskError::Invalid(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artifact(id: &str, text: &str) -> Artifact {
        Artifact {
            artifact_id: id.into(),
            name: None,
            description: None,
            parts: vec![Part::text(text)],
            metadata: None,
            extensions: Vec::new(),
        }
    }

    #[test]
    fn chunks_append_and_a_new_artifact_with_the_same_id_replaces() {
        let mut all = Vec::new();
        merge(&mut all, &artifact("a", "1"), false);
        merge(&mut all, &artifact("a", "2"), true);
        merge(&mut all, &artifact("b", "x"), false);
        let texts: Vec<Vec<&str>> = all
            .iter()
            .map(|a| a.parts.iter().filter_map(Part::as_text).collect())
            .collect();
        assert_eq!(texts, vec![vec!["1", "2"], vec!["x"]]);
        merge(&mut all, &artifact("a", "3"), false);
        assert_eq!(all[0].parts.len(), 1);
    }
}
