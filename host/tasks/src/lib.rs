//! The task engine: the A2A task lifecycle, with no knowledge of HTTP or JSON-RPC, nor of
//! how skills run.
//!
//! A message comes in, [`TaskManager`] routes it to a skill through its [`Executor`],
//! creates or resumes the task and starts a turn. The turn's driver runs the skill and
//! applies each event the skill emits: it checks the transition and appends the resulting
//! records to the task's log in the [`store`], which builds the task's view from them. Once
//! the backend has committed them, the [`bus`] wakes every reader of the task (streams,
//! subscribers), who read the new events from the log in order.
//!
//! # Layout
//! - [`manager`]: [`TaskManager`], the entry point: send, get, list, cancel, subscribe.
//! - `admin`: every owner's tasks, for an operator (the server's inspector only).
//! - [`executor`]: [`Executor`], how turns are run (the registry implements it).
//! - `turn`: validating and starting a turn; `resume`: the next turn of a waiting task;
//!   `running`: which tasks have a turn running; `owner`: tasks belong to their caller.
//! - `driver`: running a turn and turning skill events into records; `outcome`: how a
//!   run's result becomes task state.
//! - `expire`: canceling tasks whose client never answers; `recover`: the pass at start
//!   that ends the turns a stopped host left running.
//! - `push`: the push config methods (keeping configs; delivery is another crate's).
//! - [`stream`]: [`TaskStream`], the events of a task for one reader.
//! - [`transition`]: the state machine as a pure function.
//! - [`metrics`]: task transitions, store size and store operation latency.
//! - [`store`]: [`Store`], logs, views, bounds, group commit; its backends.
//! - [`bus`]: per-task wake-ups, and the seam for many hosts.
//! - [`error`], the errors: [`TaskError`].

mod admin;
pub mod bus;
mod cancel;
mod driver;
#[cfg(test)]
mod engine_tests;
pub mod error;
pub mod executor;
mod expire;
pub mod manager;
pub mod metrics;
mod modes;
mod outcome;
mod owner;
mod push;
mod recover;
mod resume;
mod running;
pub mod store;
pub mod stream;
#[cfg(any(test, feature = "testing"))]
#[doc(hidden)]
pub mod testing;
pub mod transition;
mod turn;

pub use bus::{Bus, LocalBus};
pub use error::{StoreError, TaskError};
pub use executor::{Executor, Failure, SkillInfo, Turn};
pub use manager::{ListRequest, ListResult, ManagerConfig, Sent, TaskManager};
pub use recover::HOST_RESTART;
pub use store::{Store, StoreLimits};
pub use stream::{StreamEvent, TaskStream};
