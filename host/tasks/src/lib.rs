//! The task engine: the A2A task lifecycle, with no knowledge of HTTP or JSON-RPC.
//!
//! A message comes in, [`TaskManager`] routes it to a skill, creates or resumes the task and
//! starts a turn. The turn's driver runs the skill through the runtime and applies each event
//! the skill emits: it checks the transition, merges artifacts, extends the history, and
//! appends the resulting A2A events to the task's log in the [`store`]. The [`bus`] then
//! wakes every reader of the task (streams, subscribers, blocking senders), who read the new
//! events from the log in order.
//!
//! # Layout
//! - [`manager`]: [`TaskManager`], the entry point: send, get, list, cancel, subscribe.
//! - `turn`: validating and starting a turn; `resume`: the next turn of a waiting task;
//!   `running`: which tasks have a turn running.
//! - `driver`: running a turn and turning skill events into task events; `outcome`: how a
//!   run's result becomes task state.
//! - `expire`: canceling tasks whose client never answers.
//! - [`stream`]: [`TaskStream`], the events of a task for one reader.
//! - [`transition`]: the state machine as a pure function.
//! - [`store`]: the [`TaskStore`](store::TaskStore) trait and the in-memory backend.
//! - [`bus`]: per-task wake-ups.
//! - [`error`], the errors: [`TaskError`].

pub mod bus;
mod cancel;
mod driver;
pub mod error;
mod expire;
pub mod manager;
mod modes;
mod outcome;
mod resume;
mod running;
pub mod store;
pub mod stream;
pub mod transition;
mod turn;

pub use error::{StoreError, TaskError};
pub use manager::{ListRequest, ListResult, ManagerConfig, Sent, TaskManager};
pub use store::{MemoryStore, StoreLimits, TaskStore};
pub use stream::TaskStream;
