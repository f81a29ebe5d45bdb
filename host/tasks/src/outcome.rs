//! How a run's result becomes task state: the end state and message, and failure messages
//! that say who failed.

use skillhost_types::skill::{FAILURE_KIND, Outcome, Reply};
use skillhost_types::{Metadata, Part, TaskState};

use crate::executor::Failure;

/// How a turn ends: a task state, or a direct reply.
pub(crate) enum Ending {
    /// The task ends the turn in this state.
    State(TaskState),
    /// The skill answered directly.
    Direct,
}

pub(crate) fn ending(
    result: Result<Outcome, Failure>,
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
        Err(f) if f.is_cancelled() => (State(TaskState::Canceled), None),
        Err(f) => {
            tracing::warn!(task, skill, kind = %f.kind, reason = %f.text.escape_debug(), "run failed");
            (State(TaskState::Failed), Some(failure(f.text, &f.kind)))
        }
    }
}

/// `failureKind` of a turn that failed by the skill's own decision.
const SKILL_ERROR: &str = "skillError";

/// A failure's status message: the reason as text, and in `metadata.failureKind` a stable
/// name (`skillError`, or the limit or fault the host stopped the skill for) that clients
/// can act on without parsing text.
pub(crate) fn failure(text: String, kind: &str) -> Reply {
    let mut metadata = Metadata::new();
    metadata.insert(FAILURE_KIND.into(), kind.into());
    Reply {
        parts: vec![Part::text(text)],
        metadata: Some(metadata),
    }
}

pub(crate) fn empty_reply() -> Reply {
    Reply {
        parts: vec![Part::text(String::new())],
        metadata: None,
    }
}
