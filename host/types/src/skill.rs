//! What a skill is and says, independent of where it runs: its card, the events it emits
//! during a turn, how it ends the turn, and why a message found no skill.
//!
//! These are the task engine's side of running a skill. The sandbox (the runtime crate)
//! produces them, and any other executor (one on another host, a test double) can too.

use crate::{Artifact, Metadata, Part};

/// A skill as the plugin describes it (the WIT `skill-card`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillCard {
    /// Unique id.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// What it does.
    pub description: String,
    /// Keywords.
    pub tags: Vec<String>,
    /// Example prompts.
    pub examples: Vec<String>,
    /// Accepted media types (empty: the card's defaults).
    pub input_modes: Vec<String>,
    /// Produced media types (empty: the card's defaults).
    pub output_modes: Vec<String>,
}

/// Something the skill says: parts and metadata, without ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The content; never empty.
    pub parts: Vec<Part>,
    /// Extra data.
    pub metadata: Option<Metadata>,
}

/// An event a running skill emitted, in emission order.
#[derive(Debug, Clone, PartialEq)]
pub enum SkillEvent {
    /// Progress, with an optional message.
    Status(Option<Reply>),
    /// An artifact or a chunk of one.
    Artifact {
        /// The artifact (or the chunk's parts).
        artifact: Artifact,
        /// Extends the artifact with the same id.
        append: bool,
        /// The artifact is complete.
        last_chunk: bool,
    },
}

/// How the skill ended its turn.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Done, with an optional final message.
    Completed(Option<Reply>),
    /// Waiting for the client's answer to this question.
    InputRequired(Reply),
    /// Waiting for the client to authenticate.
    AuthRequired(Reply),
    /// Refused, with the reason.
    Rejected(Reply),
    /// A direct reply.
    Message(Reply),
    /// The skill's own error, for the client.
    Failed(String),
}

/// Why a message could not be routed to a skill.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    /// `skillId` names no loaded skill.
    #[error("unknown skill {requested:?}; available skills: {}", list(.available))]
    Unknown {
        /// What the client asked for.
        requested: String,
        /// What exists.
        available: Vec<String>,
    },
    /// No `skillId`, several skills and no default.
    #[error("no skill chosen: set message.metadata.skillId to one of: {}", list(.available))]
    Unchosen {
        /// What exists.
        available: Vec<String>,
    },
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        "(none loaded)".into()
    } else {
        ids.join(", ")
    }
}

/// The `metadata.failureKind` of a failed task's status message: the host's name for why it
/// failed (`skillError`, `outOfFuel`, …). Set by the host only.
pub const FAILURE_KIND: &str = "failureKind";

/// Metadata keys the host owns. A skill that sets one in any metadata it sends (a reply's,
/// an artifact's or a part's) breaks the contract: otherwise a COMPLETED task could claim
/// `failureKind: outOfFuel`, and clients that act on the key would be misled.
pub const RESERVED_METADATA_KEYS: &[&str] = &[FAILURE_KIND];

/// Which admission queue was full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    /// The plugin's: it runs and queues as many runs as it may.
    Plugin,
    /// The host's: all plugins together run and queue as many runs as the host may.
    Host,
}

impl Queue {
    /// The name clients see in the error's metadata.
    pub fn name(self) -> &'static str {
        match self {
            Self::Plugin => "plugin",
            Self::Host => "host",
        }
    }
}

/// A run refused at admission, before any task existed: a queue is full. Said at once, with
/// a time to retry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}; retry in {} s", describe(.queue, .plugin), .retry_after.as_secs())]
pub struct Overloaded {
    /// Which queue was full.
    pub queue: Queue,
    /// The plugin asked for.
    pub plugin: String,
    /// When to try again.
    pub retry_after: std::time::Duration,
}

fn describe(queue: &Queue, plugin: &str) -> String {
    match queue {
        Queue::Plugin => format!("plugin {plugin} has as many runs running and waiting as it may"),
        Queue::Host => "the host has as many runs running and waiting as it may".into(),
    }
}
