//! The behaviours the A2A conformance suites ask of a system under test, as a plugin, so that
//! conformance runs through the same path as every other skill.
//!
//! The a2a-tck (branch 1.0-dev) selects a behaviour by the prefix of `message.messageId`; the
//! ACTS suite by the prefix of the first text part. Both are checked, longest prefix first.

use std::time::Duration;

use skillhost_sdk::prelude::*;

struct Tck;

/// What a turn does.
#[derive(Clone, Copy)]
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
    /// WORKING until cancelled.
    UntilCancelled,
}

/// Prefixes, longest first where one extends another.
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
    ("tck-multi-turn", Behaviour::InputRequired),
    ("tck-long-running", Behaviour::UntilCancelled),
    ("tck-cancel", Behaviour::UntilCancelled),
    (
        "test-resubscribe-message-id",
        Behaviour::Slow(Duration::from_secs(4)),
    ),
];

fn behaviour(turn: &Turn) -> Behaviour {
    let first_text = turn
        .message
        .parts
        .iter()
        .find_map(Part::as_text)
        .unwrap_or("");
    let matches = |key: &str| {
        PREFIXES
            .iter()
            .filter(|(p, _)| key.starts_with(p))
            .max_by_key(|(p, _)| p.len())
            .map(|(_, b)| *b)
    };
    matches(&turn.message.message_id)
        .or_else(|| matches(first_text))
        .unwrap_or(Behaviour::Complete)
}

impl Skill for Tck {
    fn describe() -> Vec<SkillCard> {
        vec![
            SkillCard::new(
                "tck",
                "A2A TCK agent",
                "Acts out the behaviours the A2A conformance suites select by messageId prefix.",
            )
            .tags(&["a2a", "conformance", "test"])
            .examples(&["tck-complete-task"])
            .input_modes(&["*/*"])
            .output_modes(&["text/plain", "application/json"]),
        ]
    }

    fn run(turn: Turn) -> Result<Outcome, SkillError> {
        let done = || Ok(Outcome::Completed(Some(Reply::text("Hello from TCK"))));
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
            Behaviour::UntilCancelled => {
                progress("Working until cancelled");
                while !cancelled() {
                    std::thread::sleep(Duration::from_millis(50));
                }
                done()
            }
        }
    }
}

fn artifact(parts: Vec<Part>) -> Result<Outcome, SkillError> {
    emit_artifact(&Artifact::new("artifact-1", "output", parts));
    Ok(Outcome::Completed(Some(Reply::text("Hello from TCK"))))
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
