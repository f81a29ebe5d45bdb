//! Which skills exist right now, where each comes from, and which one a message goes to.
//!
//! A plugin directory holds one sub-directory per plugin: a component (`*.wasm`) and the
//! `skill.toml` beside it that sets its limits and configuration. [`Registry::load_dir`]
//! (or [`Registry::load_dir_leniently`], which leaves broken plugins out) compiles them all
//! through the runtime and builds a [`Catalog`]: an immutable snapshot of
//! the skills, which the registry hands out as an `Arc` so a later reload can swap it while
//! running tasks keep the plugin they started with.
//!
//! # Layout
//! - [`manifest`]: the `skill.toml` format ([`SkillManifest`]) and the `[limits]` table that
//!   the host config shares ([`LimitsToml`]).
//! - [`catalog`]: [`Catalog`] and skill routing ([`Catalog::route`]).
//! - `executor`: the registry as the task engine's `Executor`: route and run skills.
//! - `loader`: reading a directory into a catalog.
//! - [`metrics`]: plugin loads and swaps.
//! - [`Registry`]: the current catalog.

pub mod catalog;
mod executor;
mod loader;
pub mod manifest;
pub mod metrics;

use std::path::Path;
use std::sync::{Arc, PoisonError, RwLock};

pub use catalog::{Catalog, Skill};
pub use manifest::{BuildToml, LimitsToml, ManifestError, SkillManifest};
use skillhost_runtime::{LoadError, Runtime};
pub use skillhost_types::skill::RouteError;

/// Why plugins could not be loaded. Each error names the plugin it is about.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// The plugin directory could not be read.
    #[error("cannot read plugin directory {path}")]
    Dir {
        /// The directory.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A plugin's files are missing or unreadable, or its manifest is wrong.
    #[error("plugin {plugin}: {reason}")]
    Plugin {
        /// The plugin's directory name.
        plugin: String,
        /// What is wrong.
        reason: String,
    },
    /// The component did not load.
    #[error("plugin {plugin} did not load")]
    Load {
        /// The plugin's directory name.
        plugin: String,
        /// The cause.
        source: LoadError,
    },
    /// Two plugins offer the same skill id.
    #[error("skill id {id:?} is offered by both {first} and {second}")]
    DuplicateSkill {
        /// The skill id.
        id: String,
        /// One plugin.
        first: String,
        /// The other.
        second: String,
    },
    /// The configured default skill does not exist.
    #[error("default skill {id:?} is not offered by any plugin; loaded skills: {}", list(.loaded))]
    UnknownDefault {
        /// The configured id.
        id: String,
        /// The skills that did load.
        loaded: Vec<String>,
    },
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        "none".into()
    } else {
        ids.join(", ")
    }
}

/// The current catalog of skills.
pub struct Registry {
    current: RwLock<Arc<Catalog>>,
}

impl Registry {
    /// A registry serving `catalog`.
    pub fn new(catalog: Catalog) -> Self {
        Self {
            current: RwLock::new(Arc::new(catalog)),
        }
    }

    /// Loads every plugin under `dir`; any that does not load fails the whole load.
    /// `defaults` are the limits for whatever a plugin's `skill.toml` leaves unset.
    pub async fn load_dir(
        runtime: &Runtime,
        dir: &Path,
        defaults: &skillhost_runtime::Limits,
        default_skill: Option<&str>,
    ) -> Result<Self, RegistryError> {
        let (catalog, _) = loader::load_dir(runtime, dir, defaults, default_skill, true).await?;
        Ok(Self::new(catalog))
    }

    /// Loads every plugin under `dir` that loads, and says why each other one was left
    /// out. Only an unreadable directory or a default skill that did not load fails it.
    pub async fn load_dir_leniently(
        runtime: &Runtime,
        dir: &Path,
        defaults: &skillhost_runtime::Limits,
        default_skill: Option<&str>,
    ) -> Result<(Self, Vec<RegistryError>), RegistryError> {
        let (catalog, left_out) =
            loader::load_dir(runtime, dir, defaults, default_skill, false).await?;
        Ok((Self::new(catalog), left_out))
    }

    /// The catalog as it is now.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}
