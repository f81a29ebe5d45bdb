//! The A2A 1.0 data model and the JSON-RPC 2.0 envelope: plain serde types, no I/O.
//!
//! Skillhost keeps one internal model, the A2A 1.0 proto (`lf.a2a.v1`) in its ProtoJSON form,
//! and converts other protocol versions at the server edge (with [`compat`]). Serializing these types gives the
//! 1.0 wire format: lowerCamelCase fields, `TASK_STATE_*` / `ROLE_*` enums, the oneof member
//! name as the discriminator of a part, unset fields omitted. Parsing accepts the snake_case
//! spellings too and ignores unknown fields, as ProtoJSON readers should.
//!
//! # Layout
//! - [`part`]: [`Part`], the unit of content (text, raw bytes, URL or JSON data).
//! - [`message`]: [`Message`] and [`Role`].
//! - [`task`]: [`Task`], [`TaskStatus`], [`TaskState`], [`Artifact`].
//! - [`event`]: [`StreamResponse`] and the two update events that travel on streams.
//! - [`card`]: the Agent Card.
//! - [`request`]: the parameters and results of the A2A methods.
//! - [`push`]: push notification configs and their delivery state.
//! - [`skill`]: a skill's card, events and outcome, as any executor reports them.
//! - [`compat`]: the A2A 0.3 and 0.1 shapes, read into and written from this model.
//! - [`jsonrpc`]: the JSON-RPC envelope and error object.
//! - [`error`]: [`A2aError`], every protocol error with its code and `ErrorInfo` reason.
//! - [`principal`]: [`Principal`], who makes a call (and so owns the tasks it creates).
//! - [`timestamp`]: ISO-8601 UTC timestamps as A2A writes them.
//! - [`size`]: approximate sizes in memory, for byte budgets.

pub mod card;
pub mod compat;
pub mod error;
pub mod event;
pub mod jsonrpc;
pub mod message;
pub mod part;
pub mod principal;
pub mod push;
pub mod request;
pub mod size;
pub mod skill;
pub mod task;
pub mod timestamp;

pub use card::{AgentCapabilities, AgentCard, AgentInterface, AgentProvider, AgentSkill};
pub use error::{A2aError, ErrorKind, ErrorMapping};
pub use event::{StreamResponse, TaskArtifactUpdateEvent, TaskStatusUpdateEvent};
pub use message::{Message, Role};
pub use part::{Part, PartContent};
pub use principal::Principal;
pub use size::ApproxSize;
pub use task::{Artifact, Task, TaskState, TaskStatus};

/// A JSON object (`google.protobuf.Struct`), the type of every `metadata` field.
pub type Metadata = serde_json::Map<String, serde_json::Value>;
