//! The behaviours the A2A conformance suites ask of a system under test, as a plugin, so that
//! conformance runs through the same path as every other skill.
//!
//! The a2a-tck (branch 1.0-dev) selects a behaviour by the prefix of `message.messageId`; the
//! ACTS draft (§11) by the prefix of the text of the first part. Both are checked, messageId
//! first and the longest prefix winning. A follow-up that names no behaviour of its own
//! (ACTS sends plain "more input" and "done") continues the behaviour that started its
//! task, found the same way in the task's history.

use std::time::Duration;

use skillhost_sdk::prelude::*;

/// The plugin. Public, so that a native build (the unit tests) keeps what only the wasm32
/// export calls.
pub struct Tck;

/// What a turn does.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Behaviour {
    Complete,
    InputRequired,
    MessageResponse,
    Reject,
    Failure,
    ArtifactText,
    ArtifactFile,
    ArtifactFileUrl,
    ArtifactData,
    /// WORKING, one text artifact, COMPLETED.
    Stream(&'static str),
    StreamFile,
    StreamChunked,
    /// WORKING, a pause, COMPLETED.
    Slow(Duration),
    /// WORKING for a while (cancel ends it early), then an artifact and COMPLETED.
    LongRunning,
    /// INPUT_REQUIRED until a follow-up says `done`, then an artifact and COMPLETED.
    MultiTurn,
    /// WORKING until cancelled.
    UntilCancelled,
}

/// The media type a2a-tck 1.0-dev's CORE-SEND-003 sends (see `describe`).
const TCK_SEND_003: &str = "application/x-unsupported-tck-type";

/// How long `tck-long-running` works: long enough that a client polling for a non-terminal
/// state sees one, short enough not to slow a conformance run.
const LONG_RUNNING: Duration = Duration::from_secs(2);

/// Prefixes; where one extends another, the longest match wins.
const PREFIXES: &[(&str, Behaviour)] = &[
    ("tck-complete-task", Behaviour::Complete),
    ("tck-input-required", Behaviour::InputRequired),
    ("tck-message-response", Behaviour::MessageResponse),
    ("tck-reject-task", Behaviour::Reject),
    ("tck-task-failure", Behaviour::Failure),
    ("tck-artifact-text", Behaviour::ArtifactText),
    ("tck-artifact-file-url", Behaviour::ArtifactFileUrl),
    ("tck-artifact-file", Behaviour::ArtifactFile),
    ("tck-artifact-data", Behaviour::ArtifactData),
    ("tck-stream-001", Behaviour::Stream("Stream hello from TCK")),
    ("tck-stream-002", Behaviour::Complete),
    ("tck-stream-003", Behaviour::Stream("Stream task lifecycle")),
    (
        "tck-stream-ordering-001",
        Behaviour::Stream("Ordered output"),
    ),
    (
        "tck-stream-artifact-text",
        Behaviour::Stream("Streamed text content"),
    ),
    ("tck-stream-artifact-file", Behaviour::StreamFile),
    ("tck-stream-artifact-chunked", Behaviour::StreamChunked),
    ("tck-stream-chunked", Behaviour::StreamChunked),
    (
        "tck-stream-basic",
        Behaviour::Stream("Stream hello from TCK"),
    ),
    ("tck-multi-turn", Behaviour::MultiTurn),
    ("tck-long-running", Behaviour::LongRunning),
    ("tck-cancel", Behaviour::UntilCancelled),
    (
        "test-resubscribe-message-id",
        Behaviour::Slow(Duration::from_secs(4)),
    ),
];

/// The behaviour `message` names by its messageId or the text of its first part.
fn named(message: &Message) -> Option<Behaviour> {
    let first_text = message.parts.iter().find_map(Part::as_text).unwrap_or("");
    let matches = |key: &str| {
        PREFIXES
            .iter()
            .filter(|(p, _)| key.starts_with(p))
            .max_by_key(|(p, _)| p.len())
            .map(|(_, b)| *b)
    };
    matches(&message.message_id).or_else(|| matches(first_text.trim_start()))
}

/// The new message's behaviour; else the one that started the task; else completing.
fn behaviour(turn: &Turn) -> Behaviour {
    let earlier = || turn.history.iter().filter(|m| m.role == Role::User);
    named(&turn.message)
        .or_else(|| earlier().find_map(named))
        .unwrap_or(Behaviour::Complete)
}

impl Skill for Tck {
    fn describe() -> Vec<SkillCard> {
        vec![
            SkillCard::new(
                "tck",
                "A2A TCK agent",
                "Acts out the behaviours the A2A conformance suites select by messageId or first-part prefix.",
            )
            .tags(&["a2a", "conformance", "test"])
            .examples(&["tck-complete-task"])
            // The host refuses a part of any other declared type (ContentTypeNotSupported).
            // The last one is what a2a-tck 1.0-dev's CORE-SEND-003 sends while expecting
            // success (its requirement lacks the expected error: a2a-tck issue #202).
            .input_modes(&[
                "text/plain",
                "application/json",
                "application/octet-stream",
                TCK_SEND_003,
            ])
            .output_modes(&["text/plain", "application/json"]),
        ]
    }

    fn run(turn: Turn) -> Result<Outcome, SkillError> {
        match behaviour(&turn) {
            Behaviour::Complete => done(),
            Behaviour::InputRequired => {
                Ok(Outcome::InputRequired(Reply::text("Please provide input")))
            }
            Behaviour::MessageResponse => {
                Ok(Outcome::Message(Reply::text("Direct message response")))
            }
            Behaviour::Reject => Ok(Outcome::Rejected(Reply::text(
                "Task rejected by the TCK agent",
            ))),
            Behaviour::Failure => Err(SkillError::new("Task failed as the TCK asked")),
            Behaviour::ArtifactText => artifact(vec![Part::text("Generated text content")]),
            Behaviour::ArtifactFile => artifact(vec![text_file()]),
            Behaviour::ArtifactFileUrl => artifact(vec![url_file()]),
            Behaviour::ArtifactData => {
                artifact(vec![Part::data_json(r#"{"key":"value","count":42}"#)])
            }
            Behaviour::MultiTurn => multi_turn(&turn),
            other => streamed(other),
        }
    }
}

/// The behaviours that report progress first.
fn streamed(behaviour: Behaviour) -> Result<Outcome, SkillError> {
    match behaviour {
        Behaviour::Stream(text) => {
            progress("Working");
            artifact(vec![Part::text(text)])
        }
        Behaviour::StreamFile => {
            progress("Working");
            artifact(vec![text_file()])
        }
        Behaviour::StreamChunked => {
            progress("Working");
            let mut out = ArtifactStream::new("artifact-1", "chunked");
            out.write(vec![Part::text("chunk-1 ")]);
            out.finish(vec![Part::text("chunk-2")]);
            done()
        }
        Behaviour::Slow(pause) => {
            progress("Working");
            std::thread::sleep(pause);
            done()
        }
        Behaviour::LongRunning => {
            progress("Working on a long task");
            wait(Some(LONG_RUNNING));
            artifact(vec![Part::text("Long-running work finished")])
        }
        _ => {
            progress("Working until cancelled");
            wait(None);
            done()
        }
    }
}

/// Asks for more until the new message's text starts with `done`.
fn multi_turn(turn: &Turn) -> Result<Outcome, SkillError> {
    let said = turn
        .message
        .parts
        .iter()
        .find_map(Part::as_text)
        .unwrap_or("");
    if said.trim().to_ascii_lowercase().starts_with("done") {
        return artifact(vec![Part::text("Multi-turn conversation complete")]);
    }
    Ok(Outcome::InputRequired(Reply::text(
        "Please provide more input, or say done",
    )))
}

/// Waits `limit` (forever when `None`), returning early when the task is cancelled.
fn wait(limit: Option<Duration>) {
    let step = Duration::from_millis(50);
    let mut waited = Duration::ZERO;
    while !cancelled() && limit.is_none_or(|l| waited < l) {
        std::thread::sleep(step);
        waited += step;
    }
}

fn done() -> Result<Outcome, SkillError> {
    Ok(Outcome::Completed(Some(Reply::text("Hello from TCK"))))
}

fn artifact(parts: Vec<Part>) -> Result<Outcome, SkillError> {
    emit_artifact(&Artifact::new("artifact-1", "output", parts));
    done()
}

fn text_file() -> Part {
    Part::raw(b"tck".to_vec())
        .with_media_type("text/plain")
        .with_filename("output.txt")
}

fn url_file() -> Part {
    Part::url("https://example.com/output.txt")
        .with_media_type("text/plain")
        .with_filename("output.txt")
}

skillhost_sdk::export_skill!(Tck);

#[cfg(test)]
mod tests {
    use super::*;

    fn message(role: Role, id: &str, text: &str) -> Message {
        Message {
            message_id: id.into(),
            role,
            parts: vec![Part::text(text)],
            metadata: None,
            reference_task_ids: Vec::new(),
        }
    }

    fn turn(history: Vec<Message>, new: Message) -> Turn {
        Turn {
            task_id: "t".into(),
            context_id: "c".into(),
            skill_id: "tck".into(),
            message: new,
            history,
            metadata: None,
        }
    }

    #[test]
    fn message_ids_win_over_text_and_the_longest_prefix_wins() {
        let m = message(Role::User, "tck-artifact-file-url-1", "tck-complete-task");
        assert_eq!(named(&m), Some(Behaviour::ArtifactFileUrl));
        let by_text = message(Role::User, "uuid-1", "tck-long-running please");
        assert_eq!(named(&by_text), Some(Behaviour::LongRunning));
    }

    #[test]
    fn a_plain_follow_up_continues_the_task_s_behaviour() {
        let start = message(Role::User, "uuid-1", "tck-multi-turn begin");
        let question = message(Role::Agent, "uuid-2", "tck-cancel is not mine to choose");
        let more = turn(
            vec![start.clone(), question.clone()],
            message(Role::User, "uuid-3", "more"),
        );
        assert_eq!(behaviour(&more), Behaviour::MultiTurn);
        let own = turn(vec![start], message(Role::User, "tck-complete-task-9", "x"));
        assert_eq!(behaviour(&own), Behaviour::Complete);
        assert_eq!(
            behaviour(&turn(vec![], message(Role::User, "u", "hi"))),
            Behaviour::Complete
        );
    }
}
