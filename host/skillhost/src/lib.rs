//! Skillhost's wiring: config in, a running host out. The binary (`main.rs`) is a thin CLI
//! over this library, and the black-box tests start the same [`Host`] on `127.0.0.1:0`.
//!
//! # Layout
//! - [`config`]: the `skillhost.toml` format; [`auth`]: its `[auth]` section.
//! - [`Settings`] (`settings`): the resolved settings, from the file and the command line.
//! - [`Host`]: runtime, registry, task store (opened, migrated, recovered), task manager
//!   and router, built from [`Settings`].
//! - [`guard`]: the HTTP-level limits (tower layers) around the router.
//! - [`logs`]: the log output, text or JSON.
//! - [`inspector`]: `[inspector]`, and mounting the live page beside the routes.
//! - [`traces`]: OpenTelemetry spans exported over OTLP, when configured.
//! - [`metrics`]: `[metrics]`, the Prometheus recorder and where `/metrics` is served.

pub mod auth;
pub mod config;
pub mod guard;
pub mod inspector;
pub mod logs;
pub mod metrics;
mod settings;
pub mod traces;

pub use settings::{DEFAULT_STORE_URL, Settings};

use std::net::SocketAddr;
use std::sync::Arc;

use skillhost_push::Pusher;
use skillhost_registry::{Registry, RegistryError};
use skillhost_runtime::Runtime;
use skillhost_server::{AppState, Authenticator};
use skillhost_tasks::{LocalBus, Store, TaskError, TaskManager};

/// A built host: every part wired, ready to serve.
pub struct Host {
    /// The HTTP routes.
    pub router: axum::Router,
    /// The task engine.
    pub manager: TaskManager,
    /// The skills.
    pub registry: Arc<Registry>,
    /// The sandbox runtime.
    pub runtime: Runtime,
    /// The push notification deliverer.
    pub push: Pusher,
    /// Why each plugin that did not load was left out (empty when strict).
    pub left_out: Vec<String>,
}

/// Why the host could not start.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The plugins did not load.
    #[error("cannot load plugins")]
    Plugins(#[from] RegistryError),
    /// The push deliverer could not start.
    #[error("cannot start push notification delivery")]
    Push(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The task store could not be opened or recovered.
    #[error("cannot open the task store {url}")]
    Store {
        /// The store's URL, without a password.
        url: String,
        /// The cause.
        source: TaskError,
    },
}

impl Host {
    /// Loads the plugins, opens the task store (running its migrations and the recovery
    /// pass) and wires the host. `public_url` is the base URL for the card when the
    /// settings name none (normally `http://` plus the bound address).
    pub async fn build(
        settings: &Settings,
        public_url: Option<String>,
    ) -> Result<Self, BuildError> {
        let runtime = Runtime::new(settings.runtime.clone());
        let (registry, left_out) = plugins(&runtime, settings).await?;
        let registry = Arc::new(registry);
        let manager = manager(settings, registry.clone())
            .await
            .map_err(|source| BuildError::Store {
                url: skillhost_tasks::store::open::redact(&settings.store_url),
                source,
            })?;
        let push = Pusher::new(manager.store().clone(), settings.push.clone())
            .map_err(|e| BuildError::Push(Box::new(e)))?;
        let resumed = push
            .start()
            .await
            .map_err(|e| BuildError::Push(Box::new(e)))?;
        if resumed > 0 {
            tracing::info!(resumed, "push: resuming delivery");
        }
        let mut card = settings.card.clone();
        card.public_url = card.public_url.or(public_url);
        let state = AppState {
            manager: manager.clone(),
            registry: registry.clone(),
            card: Arc::new(card),
            limits: settings.server.clone(),
            auth: Arc::new(Authenticator::new(settings.auth.clone())),
            push: push.clone(),
            metrics: settings.metrics.on_main_listener(),
        };
        let routes = skillhost_server::router(state.clone());
        let routes = inspector::mount(routes, state, settings.inspector.as_ref());
        Ok(Self {
            router: guard::guard(routes, &settings.http),
            manager,
            registry,
            runtime,
            push,
            left_out,
        })
    }
}

/// The plugins, and why each one that did not load was left out (never, when strict).
async fn plugins(
    runtime: &Runtime,
    settings: &Settings,
) -> Result<(Registry, Vec<String>), RegistryError> {
    let (dir, limits) = (&settings.plugins, &settings.limits);
    let default = settings.default_skill.as_deref();
    if settings.strict {
        let registry = Registry::load_dir(runtime, dir, limits, default).await?;
        return Ok((registry, Vec::new()));
    }
    let (registry, errors) = Registry::load_dir_leniently(runtime, dir, limits, default).await?;
    let left_out: Vec<String> = errors.iter().map(|e| chain(e)).collect();
    for why in &left_out {
        tracing::error!("plugin left out (the others are served): {why}");
    }
    Ok((registry, left_out))
}

/// An error and its causes, on one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The task engine over the configured store, recovered from the last stop and expiring
/// idle tasks.
async fn manager(settings: &Settings, registry: Arc<Registry>) -> Result<TaskManager, TaskError> {
    let backend = skillhost_tasks::store::open::open(&settings.store_url).await?;
    let store = Store::open(
        backend,
        Arc::new(LocalBus::default()),
        settings.store.clone(),
    )
    .await?;
    let manager = TaskManager::new(store, registry, settings.tasks.clone());
    manager.recover().await?;
    manager.expire_in_background();
    Ok(manager)
}

/// The card's base URL for a bound address: the address itself, unless it is a wildcard
/// (then each request's Host header decides).
pub fn url_for(addr: SocketAddr) -> Option<String> {
    (!addr.ip().is_unspecified()).then(|| format!("http://{addr}"))
}
