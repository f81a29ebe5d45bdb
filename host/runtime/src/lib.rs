//! The sandbox: loads skill plugins (WebAssembly components built against `a2a:skill`) and
//! runs one turn of a task in a fresh, limited instance. This is the only crate that knows
//! wasmtime; it knows nothing of tasks, stores or HTTP. A turn goes in, [`SkillEvent`]s come
//! out on a channel while it runs, and an [`Outcome`] or a [`RunError`] comes back.
//!
//! # Layout
//! - [`engine`]: [`Runtime`], the shared engines (one per wasm stack size, normally exactly
//!   one), the instance pool, the epoch ticker thread and the run slots.
//! - [`limits`]: [`Limits`], every per-run bound and its default; the memory limiter.
//! - [`admission`]: bounded queues per plugin and host-wide; [`Ticket`]s.
//! - `share`: each plugin's share of the instance pool, fixed at load.
//! - `sched`: CPU-heavy runs take turns on fewer cores than the host has.
//! - `image`: a component's initial memory data, which decides how instances initialize it.
//! - `state`: what a `Store` holds during one run; the deny-by-default WASI context.
//! - `host`: the host side of the `events`, `logging` and `config` imports and of the value
//!   `run` returns.
//! - `account`: what each value a skill hands over costs, for the byte limits.
//! - `validate`: checks on what reaches clients (media types, file names, URLs, metadata
//!   keys the host owns).
//! - `convert`: A2A types to and from the generated WIT types.
//! - `meter`: host-call time, charged to the run as fuel.
//! - [`metrics`]: the runtime's metrics (runs, fuel, wall time, run queue, instances).
//! - [`plugin`]: [`Plugin`]: compile once, `InstancePre`, `describe`.
//! - `cache`: compiled components on disk, keyed by content and engine settings.
//! - `run`: [`Plugin::run`]: fresh store, call `run`.
//! - `blame`: how a run that did not return is named, and whose fault it was.
//! - [`error`]: [`LoadError`] and [`RunError`].
//!
//! # Using it
//! 1. Build one [`Runtime`] for the process.
//! 2. [`Runtime::load`] each component once: it compiles, pre-instantiates and asks the
//!    plugin which skills it offers.
//! 3. Before a task exists, [`Plugin::admit`] its turn: a full queue is refused at once.
//! 4. Call [`Plugin::run`] with the [`Ticket`], the turn, a channel for events and a
//!    cancellation token. Dropping the returned future stops the guest too.

mod account;
pub mod admission;
mod bindings;
mod blame;
mod cache;
mod convert;
pub mod engine;
pub mod error;
mod host;
mod image;
pub mod limits;
mod meter;
pub mod metrics;
pub mod plugin;
mod run;
mod sched;
mod share;
mod state;
mod validate;

pub use admission::{Overloaded, Queue, Ticket};
pub use engine::{Runtime, RuntimeConfig};
pub use error::{LoadError, RunError};
pub use limits::Limits;
pub use plugin::{Plugin, SkillCard};
pub use run::{Outcome, Reply, SkillEvent, Turn};
pub use tokio_util::sync::CancellationToken;
pub use validate::{FAILURE_KIND, RESERVED_METADATA_KEYS, URL_SCHEMES};
