//! The sandbox: loads skill plugins (WebAssembly components built against `a2a:skill`) and
//! runs one turn of a task in a fresh, limited instance. This is the only crate that knows
//! wasmtime; it knows nothing of tasks, stores or HTTP. A turn goes in, [`SkillEvent`]s come
//! out on a channel while it runs, and an [`Outcome`] or a [`RunError`] comes back.
//!
//! # Layout
//! - [`engine`]: [`Runtime`], the shared engines (one per wasm stack size, normally exactly
//!   one), the epoch ticker thread and the concurrency gate.
//! - [`limits`]: [`Limits`], every per-run bound and its default.
//! - `image`: a component's initial memory data, which decides how instances initialize it.
//! - `state`: what a `Store` holds during one run; the deny-by-default WASI context.
//! - `host`: the host side of the `events`, `logging` and `config` imports.
//! - `convert`: A2A types to and from the generated WIT types.
//! - [`plugin`]: [`Plugin`]: compile once, `InstancePre`, `describe`.
//! - `cache`: compiled components on disk, keyed by content and engine settings.
//! - `run`: [`Plugin::run`]: fresh store, call `run`, classify how it ended.
//! - [`error`]: [`LoadError`] and [`RunError`].
//!
//! # Using it
//! 1. Build one [`Runtime`] for the process.
//! 2. [`Runtime::load`] each component once: it compiles, pre-instantiates and asks the
//!    plugin which skills it offers.
//! 3. For every turn call [`Plugin::run`] with the turn, a channel for events and a
//!    cancellation token. Dropping the returned future stops the guest too.

mod bindings;
mod cache;
mod convert;
pub mod engine;
pub mod error;
mod host;
mod image;
pub mod limits;
pub mod plugin;
mod run;
mod state;

pub use engine::{Runtime, RuntimeConfig};
pub use error::{LoadError, RunError};
pub use limits::Limits;
pub use plugin::{Plugin, SkillCard};
pub use run::{Outcome, Reply, SkillEvent, Turn};
pub use tokio_util::sync::CancellationToken;
