//! [`Executor`]: how the task engine runs one turn of a skill, without knowing where or how.
//!
//! The engine needs four things from whatever runs skills: which skill a message goes to, a
//! place in the executor's queues before a task exists ([`Admission`]; a full queue is
//! refused at once with [`Overloaded`]), whether a run would have to wait for a slot, and the
//! run itself, which reports events on a channel as they happen and ends with an
//! [`Outcome`] or a [`Failure`]. The registry
//! implements it over the wasm sandbox; tests implement it with plain closures; an executor
//! on another host could implement it over the network.

use std::any::Any;
use std::borrow::Cow;
use std::sync::Arc;

use futures::future::BoxFuture;
use skillhost_types::skill::{Outcome, Overloaded, RouteError, SkillCard, SkillEvent};
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

/// A place for one run in an executor's queues, taken before the task exists and handed back
/// with the run; dropping it frees the place. Opaque to the engine: each executor puts its
/// own ticket inside.
pub struct Admission(Box<dyn Any + Send + Sync>);

impl Admission {
    /// Wraps an executor's ticket.
    pub fn new(ticket: impl Any + Send + Sync) -> Self {
        Self(Box::new(ticket))
    }

    /// The ticket, if it is a `T`.
    pub fn get<T: Any>(&self) -> Option<&T> {
        self.0.downcast_ref()
    }
}

impl std::fmt::Debug for Admission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Admission")
    }
}

/// Runs skills for the task engine.
pub trait Executor: Send + Sync + 'static {
    /// The skill for a message: the one `requested` names (`metadata.skillId`), else the
    /// default one.
    fn route(&self, requested: Option<&str>) -> Result<SkillInfo, RouteError>;

    /// The skill with this id, to run the next turn of a task.
    fn skill(&self, id: &str) -> Option<SkillInfo>;

    /// Takes a place for one run of `skill` in the executor's queues, or says at once that
    /// they are full. Never waits.
    fn admit(&self, skill: &SkillInfo) -> Result<Admission, Overloaded>;

    /// Whether a run of `skill` started now would wait for a free slot. A new task's stream
    /// then shows the task at once instead of waiting to learn whether the skill answers
    /// with a direct message.
    fn saturated(&self, skill: &SkillInfo) -> bool;

    /// Runs one turn in the place `admission` holds. Events go to `events` in emission order;
    /// `cancel` stops the run, which then ends with a [`Failure`] of kind
    /// [`Failure::CANCELLED`].
    fn run<'a>(
        &'a self,
        admission: &'a Admission,
        turn: Turn<'a>,
        events: UnboundedSender<SkillEvent>,
        cancel: CancellationToken,
    ) -> BoxFuture<'a, Result<Outcome, Failure>>;
}
