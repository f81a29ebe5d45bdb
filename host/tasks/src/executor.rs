//! [`Executor`]: how the task engine runs one turn of a skill, without knowing where or how.
//!
//! The engine needs three things from whatever runs skills: which skill a message goes to,
//! whether a run would have to wait for a slot, and the run itself, which reports events on a
//! channel as they happen and ends with an [`Outcome`] or a [`Failure`]. The registry
//! implements it over the wasm sandbox; tests implement it with plain closures; an executor
//! on another host could implement it over the network.

use std::borrow::Cow;
use std::sync::Arc;

use futures::future::BoxFuture;
use skillhost_types::skill::{Outcome, RouteError, SkillCard, SkillEvent};
use skillhost_types::{Message, Metadata};
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

/// A skill that can run, and the version of the code that runs it.
#[derive(Debug, Clone)]
pub struct SkillInfo {
    /// How the skill describes itself.
    pub card: Arc<SkillCard>,
    /// The SHA-256 (lowercase hex) of the component that runs it: recorded with each turn.
    pub component: Arc<str>,
}

/// One turn of a task, as the executor receives it.
#[derive(Debug, Clone, Copy)]
pub struct Turn<'a> {
    /// The task id.
    pub task_id: &'a str,
    /// The context id.
    pub context_id: &'a str,
    /// Which skill.
    pub skill_id: &'a str,
    /// The component version the engine recorded for this turn.
    pub component: &'a str,
    /// The new message.
    pub message: &'a Message,
    /// Earlier messages, oldest first.
    pub history: &'a [Message],
    /// The request's metadata.
    pub metadata: Option<&'a Metadata>,
    /// The ids of the task's artifacts from earlier turns, each with whether its last chunk
    /// was sent: open ones can be extended by chunks, complete ones cannot.
    pub artifacts: &'a [(String, bool)],
}

/// Why a run ended without an outcome: a stable machine-readable `kind` (it becomes the
/// status message's `metadata.failureKind`) and a text written for the client. The engine
/// reads only these two, so an executor may add kinds without the engine changing.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// For example `outOfFuel`, `deadline`, `hostBusy`, or [`Failure::CANCELLED`].
    pub kind: Cow<'static, str>,
    /// What the client is told; never host internals.
    pub text: String,
}

impl Failure {
    /// The kind of a run stopped through its cancellation token.
    pub const CANCELLED: &'static str = "cancelled";

    /// Whether the run was stopped by its cancellation token (the task ends CANCELED, not
    /// FAILED).
    pub fn is_cancelled(&self) -> bool {
        self.kind == Self::CANCELLED
    }
}

/// Runs skills for the task engine.
pub trait Executor: Send + Sync + 'static {
    /// The skill for a message: the one `requested` names (`metadata.skillId`), else the
    /// default one.
    fn route(&self, requested: Option<&str>) -> Result<SkillInfo, RouteError>;

    /// The skill with this id, to run the next turn of a task.
    fn skill(&self, id: &str) -> Option<SkillInfo>;

    /// Whether a run of `skill` started now would wait for a free slot. A new task's stream
    /// then shows the task at once instead of waiting to learn whether the skill answers
    /// with a direct message.
    fn saturated(&self, skill: &SkillInfo) -> bool;

    /// Runs one turn. Events go to `events` in emission order; `cancel` stops the run, which
    /// then ends with a [`Failure`] of kind [`Failure::CANCELLED`].
    fn run<'a>(
        &'a self,
        turn: Turn<'a>,
        events: UnboundedSender<SkillEvent>,
        cancel: CancellationToken,
    ) -> BoxFuture<'a, Result<Outcome, Failure>>;
}
