//! [`Settings`]: what the host runs with, resolved from `skillhost.toml` over the defaults.
//! Every default is written down where it is set: here for the host-wide values, in each
//! crate's config type for its own.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use skillhost_runtime::{Limits, RuntimeConfig};
use skillhost_server::{AuthConfig, CardConfig, ServerLimits};
use skillhost_tasks::{ManagerConfig, StoreLimits};

use skillhost_push::PushSettings;

use crate::auth;
use crate::config::{
    AgentToml, ConfigError, HostToml, PushToml, RuntimeToml, ServerToml, TasksToml,
};
use crate::guard::HttpLimits;

/// Where tasks live unless `[store] url` or `--store` says otherwise: a SQLite file under
/// `data/`, relative to the working directory.
pub const DEFAULT_STORE_URL: &str = "sqlite://data/skillhost.db";

/// Everything the host needs to start, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The plugin directory.
    pub plugins: PathBuf,
    /// The skill for messages without `skillId`.
    pub default_skill: Option<String>,
    /// Whether a plugin that does not load stops the start. Default false: it is left out,
    /// and said so in the log, so one bad plugin cannot keep the others down.
    pub strict: bool,
    /// Default limits for plugins.
    pub limits: Limits,
    /// Runtime settings.
    pub runtime: RuntimeConfig,
    /// Task engine settings.
    pub tasks: ManagerConfig,
    /// What the task store holds.
    pub store: StoreLimits,
    /// Where the task store is: `memory`, `sqlite://PATH` or `postgres://…`.
    pub store_url: String,
    /// HTTP bounds.
    pub server: ServerLimits,
    /// HTTP-level limits: requests at once, time per request.
    pub http: HttpLimits,
    /// The Agent Card's presentation.
    pub card: CardConfig,
    /// Who may call, and how callers authenticate.
    pub auth: AuthConfig,
    /// Push notification delivery.
    pub push: PushSettings,
    /// The inspector at `/inspector`; `None` (the default): off.
    pub inspector: Option<skillhost_server::InspectorConfig>,
    /// `[metrics]`: whether they are on, and where `/metrics` is served.
    pub metrics: crate::metrics::MetricsSettings,
}

impl Settings {
    /// Resolves a parsed config file over the defaults.
    pub fn from_toml(file: HostToml) -> Result<Self, ConfigError> {
        let limits = file
            .limits
            .apply(&Limits::default())
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        let (tasks, store) = tasks(&file.tasks, file.agent.default_input_modes.clone())?;
        let card = card(file.agent, file.public_url, &tasks);
        let auth = auth::resolve(file.auth)?;
        let inspector = crate::inspector::resolve(file.inspector, file.listen)?;
        Ok(Self {
            listen: file
                .listen
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080))),
            plugins: file.plugins.unwrap_or_else(|| PathBuf::from("plugins")),
            default_skill: file.default_skill,
            strict: file.strict.unwrap_or(false),
            limits,
            runtime: runtime(&file.runtime)?,
            tasks,
            store,
            store_url: file.store.url.unwrap_or_else(|| DEFAULT_STORE_URL.into()),
            server: server(&file.server)?,
            http: http(&file.server)?,
            card,
            auth,
            push: push(&file.push)?,
            inspector,
            metrics: crate::metrics::MetricsSettings::resolve(file.metrics),
        })
    }
}

fn runtime(file: &RuntimeToml) -> Result<RuntimeConfig, ConfigError> {
    let d = RuntimeConfig::default();
    let tick_ms = positive(
        "runtime.epoch_tick_ms",
        file.epoch_tick_ms,
        d.epoch_tick.as_millis() as u64,
    )?;
    Ok(RuntimeConfig {
        max_concurrent_runs: positive(
            "runtime.max_concurrent_runs",
            file.max_concurrent_runs,
            d.max_concurrent_runs,
        )?,
        max_queued_runs: file.max_queued_runs.unwrap_or(d.max_queued_runs),
        max_plugin_share: share(file.max_plugin_share, d.max_plugin_share)?,
        heavy_runs: positive("runtime.heavy_runs", file.heavy_runs, d.heavy_runs)?,
        epoch_tick: Duration::from_millis(tick_ms),
        pooling: file.pooling.unwrap_or(d.pooling),
        cache_dir: file.cache_dir.clone(),
    })
}

fn tasks(
    file: &TasksToml,
    input_modes: Option<Vec<String>>,
) -> Result<(ManagerConfig, StoreLimits), ConfigError> {
    let (d, ds) = (ManagerConfig::default(), StoreLimits::default());
    let tasks = ManagerConfig {
        default_input_modes: input_modes.unwrap_or(d.default_input_modes),
        max_history: positive("tasks.max_history", file.max_history, d.max_history)?,
        max_task_bytes: mib("tasks.max_task_mib", file.max_task_mib, d.max_task_bytes)?,
        idle_timeout: Duration::from_secs(positive(
            "tasks.idle_timeout_s",
            file.idle_timeout_s,
            d.idle_timeout.as_secs(),
        )?),
    };
    let store = StoreLimits {
        max_tasks: positive("tasks.max_tasks", file.max_tasks, ds.max_tasks)?,
        max_bytes: mib("tasks.max_store_mib", file.max_store_mib, ds.max_bytes)?,
    };
    Ok((tasks, store))
}

fn server(file: &ServerToml) -> Result<ServerLimits, ConfigError> {
    let d = ServerLimits::default();
    let body_kib = positive(
        "server.max_body_kib",
        file.max_body_kib,
        d.max_body_bytes >> 10,
    )?;
    let keep_alive = positive(
        "server.keep_alive_s",
        file.keep_alive_s,
        d.keep_alive.as_secs(),
    )?;
    Ok(ServerLimits {
        max_body_bytes: body_kib << 10,
        keep_alive: Duration::from_secs(keep_alive),
        error_mapping: file.error_mapping.unwrap_or(d.error_mapping),
    })
}

/// `runtime.max_plugin_share`: a percentage, 1 to 100.
fn share(value: Option<u8>, default: u8) -> Result<u8, ConfigError> {
    match value {
        Some(v) if !(1..=100).contains(&v) => Err(ConfigError::Invalid(format!(
            "runtime.max_plugin_share must be 1..=100 (percent), got {v}"
        ))),
        v => Ok(v.unwrap_or(default)),
    }
}

fn push(file: &PushToml) -> Result<PushSettings, ConfigError> {
    let d = PushSettings::default();
    let ms = |key: &str, v: Option<u64>, d: Duration| {
        positive(key, v, d.as_millis() as u64).map(Duration::from_millis)
    };
    let allow = file.allow_ranges.iter().flatten().map(|r| {
        r.parse::<skillhost_push::IpNet>().map_err(|e| {
            ConfigError::Invalid(format!("push.allow_ranges: {r:?} is not a CIDR range: {e}"))
        })
    });
    Ok(PushSettings {
        timeout: ms("push.timeout_ms", file.timeout_ms, d.timeout)?,
        backoff_base: ms("push.backoff_base_ms", file.backoff_base_ms, d.backoff_base)?,
        backoff_max: ms("push.backoff_max_ms", file.backoff_max_ms, d.backoff_max)?,
        max_attempts: positive("push.max_attempts", file.max_attempts, d.max_attempts)?,
        max_response_bytes: positive(
            "push.max_response_kib",
            file.max_response_kib,
            d.max_response_bytes >> 10,
        )? << 10,
        max_in_flight: positive("push.max_in_flight", file.max_in_flight, d.max_in_flight)?,
        max_configs_per_task: positive(
            "push.max_configs_per_task",
            file.max_configs_per_task,
            d.max_configs_per_task,
        )?,
        allow_ranges: allow.collect::<Result<_, _>>()?,
        extra_roots_pem: file
            .ca_file
            .as_ref()
            .map(|path| {
                std::fs::read(path).map_err(|e| {
                    ConfigError::Invalid(format!("push.ca_file {}: {e}", path.display()))
                })
            })
            .transpose()?,
    })
}

fn http(file: &ServerToml) -> Result<HttpLimits, ConfigError> {
    let d = HttpLimits::default();
    let timeout = positive(
        "server.request_timeout_s",
        file.request_timeout_s,
        d.request_timeout.as_secs(),
    )?;
    Ok(HttpLimits {
        max_requests: positive("server.max_requests", file.max_requests, d.max_requests)?,
        request_timeout: Duration::from_secs(timeout),
    })
}

fn card(agent: AgentToml, public_url: Option<String>, tasks: &ManagerConfig) -> CardConfig {
    let description = "An A2A agent whose skills run as sandboxed WebAssembly components.";
    CardConfig {
        name: agent.name.unwrap_or_else(|| "Skillhost".into()),
        description: agent.description.unwrap_or_else(|| description.into()),
        version: agent
            .version
            .unwrap_or_else(|| env!("CARGO_PKG_VERSION").into()),
        public_url,
        provider: agent.provider,
        documentation_url: agent.documentation_url,
        default_input_modes: tasks.default_input_modes.clone(),
        default_output_modes: agent
            .default_output_modes
            .unwrap_or_else(|| vec!["text/plain".into(), "application/json".into()]),
    }
}

/// A configured count or size: at least 1, or the default.
fn positive<T: Copy + PartialEq + From<u8>>(
    key: &str,
    value: Option<T>,
    default: T,
) -> Result<T, ConfigError> {
    match value {
        Some(v) if v == T::from(0) => {
            Err(ConfigError::Invalid(format!("{key} must be at least 1")))
        }
        Some(v) => Ok(v),
        None => Ok(default),
    }
}

/// A configured size in MiB, as bytes.
fn mib(key: &str, value: Option<usize>, default_bytes: usize) -> Result<usize, ConfigError> {
    positive(key, value.map(|m| m.saturating_mul(1 << 20)), default_bytes)
}
