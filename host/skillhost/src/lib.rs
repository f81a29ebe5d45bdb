//! Skillhost's wiring: config in, a running host out. The binary (`main.rs`) is a thin CLI
//! over this library, and the black-box tests start the same [`Host`] on `127.0.0.1:0`.
//!
//! # Layout
//! - [`config`]: the `skillhost.toml` format.
//! - [`Settings`]: the resolved settings, from the file and the command line.
//! - [`Host`]: runtime, registry, task manager and router, built from [`Settings`].

pub mod config;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use skillhost_registry::{Registry, RegistryError};
use skillhost_runtime::{Limits, Runtime, RuntimeConfig};
use skillhost_server::{AppState, CardConfig, ServerLimits};
use skillhost_tasks::{ManagerConfig, MemoryStore, TaskManager};

use crate::config::{ConfigError, HostToml};

/// Everything the host needs to start, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The plugin directory.
    pub plugins: PathBuf,
    /// The skill for messages without `skillId`.
    pub default_skill: Option<String>,
    /// Default limits for plugins.
    pub limits: Limits,
    /// Runtime settings.
    pub runtime: RuntimeConfig,
    /// Task engine settings.
    pub tasks: ManagerConfig,
    /// Tasks kept in memory.
    pub max_tasks: usize,
    /// HTTP bounds.
    pub server: ServerLimits,
    /// The Agent Card's presentation.
    pub card: CardConfig,
}

impl Settings {
    /// Resolves a parsed config file over the defaults.
    pub fn from_toml(file: HostToml) -> Result<Self, ConfigError> {
        let limits = file
            .limits
            .apply(&Limits::default())
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        let mut runtime = RuntimeConfig::default();
        runtime.max_concurrent_runs = positive(
            "runtime.max_concurrent_runs",
            file.runtime.max_concurrent_runs,
            runtime.max_concurrent_runs,
        )?;
        if let Some(ms) = file.runtime.epoch_tick_ms {
            runtime.epoch_tick =
                Duration::from_millis(
                    positive("runtime.epoch_tick_ms", Some(ms as usize), 10)? as u64
                );
        }
        runtime.pooling = file.runtime.pooling.unwrap_or(runtime.pooling);
        let mut tasks = ManagerConfig::default();
        tasks.max_history = positive(
            "tasks.max_history",
            file.tasks.max_history,
            tasks.max_history,
        )?;
        let defaults = ServerLimits::default();
        let server = ServerLimits {
            max_body_bytes: positive(
                "server.max_body_kib",
                file.server.max_body_kib,
                defaults.max_body_bytes >> 10,
            )? << 10,
            keep_alive: file
                .server
                .keep_alive_s
                .map_or(defaults.keep_alive, Duration::from_secs),
        };
        let agent = file.agent;
        if let Some(modes) = &agent.default_input_modes {
            tasks.default_input_modes = modes.clone();
        }
        let card = CardConfig {
            name: agent.name.unwrap_or_else(|| "Skillhost".into()),
            description: agent.description.unwrap_or_else(|| {
                "An A2A agent whose skills run as sandboxed WebAssembly components.".into()
            }),
            version: agent
                .version
                .unwrap_or_else(|| env!("CARGO_PKG_VERSION").into()),
            public_url: file.public_url,
            provider: agent.provider,
            documentation_url: agent.documentation_url,
            default_input_modes: tasks.default_input_modes.clone(),
            default_output_modes: agent
                .default_output_modes
                .unwrap_or_else(|| vec!["text/plain".into(), "application/json".into()]),
        };
        Ok(Self {
            listen: file
                .listen
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080))),
            plugins: file.plugins.unwrap_or_else(|| PathBuf::from("plugins")),
            default_skill: file.default_skill,
            limits,
            runtime,
            tasks,
            max_tasks: positive("tasks.max_tasks", file.tasks.max_tasks, 100_000)?,
            server,
            card,
        })
    }
}

fn positive(key: &str, value: Option<usize>, default: usize) -> Result<usize, ConfigError> {
    match value {
        Some(0) => Err(ConfigError::Invalid(format!("{key} must be at least 1"))),
        Some(v) => Ok(v),
        None => Ok(default),
    }
}

/// A built host: every part wired, ready to serve.
pub struct Host {
    /// The HTTP routes.
    pub router: axum::Router,
    /// The task engine.
    pub manager: TaskManager,
    /// The sandbox runtime.
    pub runtime: Runtime,
}

impl Host {
    /// Loads the plugins and wires the host. `public_url` is the base URL for the card
    /// when the settings name none (normally `http://` plus the bound address).
    pub async fn build(
        settings: &Settings,
        public_url: Option<String>,
    ) -> Result<Self, RegistryError> {
        let runtime = Runtime::new(settings.runtime.clone());
        let registry = Registry::load_dir(
            &runtime,
            &settings.plugins,
            &settings.limits,
            settings.default_skill.as_deref(),
        )
        .await?;
        let store = Arc::new(MemoryStore::new(settings.max_tasks));
        let manager = TaskManager::new(store, Arc::new(registry), settings.tasks.clone());
        let mut card = settings.card.clone();
        card.public_url = card.public_url.or(public_url);
        let state = AppState {
            manager: manager.clone(),
            card: Arc::new(card),
            limits: settings.server.clone(),
        };
        Ok(Self {
            router: skillhost_server::router(state),
            manager,
            runtime,
        })
    }
}

/// The card's base URL for a bound address: the address itself, unless it is a wildcard
/// (then each request's Host header decides).
pub fn url_for(addr: SocketAddr) -> Option<String> {
    (!addr.ip().is_unspecified()).then(|| format!("http://{addr}"))
}
