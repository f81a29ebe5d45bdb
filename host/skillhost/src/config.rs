//! `skillhost.toml`: how this host runs. Every key is optional; command-line flags win over
//! the file, and the file over the defaults written here.
//!
//! ```toml
//! listen = "127.0.0.1:8080"          # address to serve on
//! plugins = "plugins"                # one sub-directory per plugin (component + skill.toml)
//! public_url = "https://a.example"   # base URL in the Agent Card; default: from `listen`,
//!                                    # or the request's Host header when listening on 0.0.0.0
//! default_skill = "echo"             # skill for messages without metadata.skillId
//! strict = false                     # true: a plugin that does not load stops the start
//!
//! [agent]                            # how the Agent Card presents the host
//! name = "Skillhost"
//! description = "Skills running as sandboxed WebAssembly components."
//! version = "0.1.0"
//! documentation_url = "https://example.com/docs"
//! provider = { organization = "Example", url = "https://example.com" }
//! default_input_modes = ["text/plain", "application/json"]
//! default_output_modes = ["text/plain", "application/json"]
//!
//! [limits]                           # defaults for every plugin; keys as in skill.toml
//! fuel = 10_000_000_000
//! deadline_ms = 30_000
//!
//! [runtime]
//! max_concurrent_runs = 128          # run slots: guests running at once; more wait
//! max_queued_runs = 256              # runs waiting for a slot; more are refused at once
//! max_plugin_share = 50              # percent of the run slots one plugin may hold
//! heavy_runs = 1                     # CPU-heavy runs at once (default: cores - 1)
//! epoch_tick_ms = 10                 # deadline resolution and cancel latency bound
//! pooling = true                     # pooling allocator (falls back if unavailable)
//! cache_dir = "target/compiled"      # compiled components, reused across restarts; only
//!                                    # the host's user may write here
//!
//! [store]                            # where tasks and their event logs live
//! url = "sqlite://data/skillhost.db" # the default: one SQLite file (directory created);
//!                                    # or "memory" (lost on restart), or
//!                                    # "postgres://user@127.0.0.1:5432/skillhost"
//!
//! [tasks]
//! max_tasks = 100_000                # tasks kept in the store; when full, finished ones
//! max_store_mib = 1_024              #   go first, then the longest waiting; running never
//! max_history = 1_000                # messages per task (the client's and turn endings)
//! max_task_mib = 64                  # bytes one task may hold, history and artifacts
//! idle_timeout_s = 3_600             # a task waiting for its client longer is canceled
//!
//! [server]
//! max_body_kib = 8_192               # largest request body
//! keep_alive_s = 15                  # SSE keep-alive comment interval
//! error_mapping = "1.0.0"            # HTTP statuses of errors: A2A "1.0.0" or "1.0.1"
//! max_requests = 1_024               # requests at once; more are refused with 503
//! request_timeout_s = 300            # longest a request may take, then 503
//!
//! [log]
//! format = "text"                    # "text" (the default) or "json": one object per line
//! [trace]                            # OpenTelemetry traces; no endpoint: none (the default)
//! otlp_endpoint = "http://127.0.0.1:4318" # OTLP/HTTP collector; spans to …/v1/traces;
//!                                    # default: OTEL_EXPORTER_OTLP_ENDPOINT, else off
//! service_name = "skillhost"         # service.name of the spans
//! sampling_ratio = 1.0               # share of new traces kept; callers' flags are kept
//! batch_delay_ms = 5_000             # how long finished spans wait for a batch
//! [auth]                             # who may call; nothing here: anyone (anonymous)
//! allow_anonymous = false            # default: true only while no scheme is configured
//! api_key_header = "X-API-Key"       # the header API keys come in
//! api_keys = [                       # each key and the principal that owns its tasks;
//!   { principal = "alice", key = "a-long-random-key" },       # the key inline,
//!   { principal = "bob", key_env = "BOB_API_KEY" },           # from the environment,
//!   { principal = "ci", key_file = "/run/secrets/ci-key" },   # or from a file
//! ]
//!
//! [auth.jwt]                         # bearer JWTs; `sub` is the principal
//! issuer = "https://login.example"   # required: the iss every token carries
//! audience = "skillhost"             # required: the aud every token includes
//! leeway_s = 30                      # clock skew allowed on exp and nbf
//! hs256_secret_env = "JWT_SECRET"    # HS256 key (>= 32 bytes): hs256_secret, _env or _file
//! jwks_url = "https://login.example/jwks.json" # RS256/ES256 keys, by kid
//! jwks_max_age_s = 300               # keys are fetched again after this long,
//! jwks_min_refresh_s = 10            # or at once for an unknown kid, at most this often
//! jwks_timeout_s = 5                 # longest one fetch may take
//! [push]                             # webhook delivery (defaults in skillhost_push)
//! timeout_ms = 10_000                # one attempt: connect, send, answer
//! backoff_base_ms = 1_000            # wait after a first failure; doubles, with jitter
//! backoff_max_ms = 300_000           # longest wait between attempts
//! max_attempts = 15                  # per update; then the config is marked failing
//! max_response_kib = 64              # bytes of a webhook's answer read
//! max_in_flight = 64                 # POSTs at once, over all webhooks
//! max_configs_per_task = 10
//! allow_ranges = ["127.0.0.0/8"]     # non-public ranges webhooks may use; default none
//! ca_file = "webhook-ca.pem"         # extra roots for https webhooks; default: system's only
//! [inspector]                        # the live page at /inspector (see crate::inspector)
//! enabled = false                    # default off; off loopback it needs a token:
//! token_env = "INSPECTOR_TOKEN"      # token, token_env or token_file
//! [metrics]                          # Prometheus text at GET /metrics
//! enabled = true                     # the default; false: no recorder, no /metrics
//! listen = "127.0.0.1:9464"          # a listener of its own, open to whoever reaches it;
//!                                    # default none: the main listener serves /metrics, to
//!                                    # anyone without [auth], else to authenticated callers
//! ```

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Deserialize;
use skillhost_registry::LimitsToml;
use skillhost_types::AgentProvider;

/// The parsed file. Unknown keys are errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostToml {
    /// Example: `listen = "127.0.0.1:8080"`.
    pub listen: Option<SocketAddr>,
    /// Example: `plugins = "plugins"`.
    pub plugins: Option<PathBuf>,
    /// Example: `public_url = "https://agents.example.com"`.
    pub public_url: Option<String>,
    /// Example: `default_skill = "echo"`.
    pub default_skill: Option<String>,
    /// Example: `strict = true`.
    pub strict: Option<bool>,
    /// The Agent Card's presentation.
    #[serde(default)]
    pub agent: AgentToml,
    /// Default limits for every plugin.
    #[serde(default)]
    pub limits: LimitsToml,
    /// Runtime settings.
    #[serde(default)]
    pub runtime: RuntimeToml,
    /// Where tasks live.
    #[serde(default)]
    pub store: StoreToml,
    /// Task engine settings.
    #[serde(default)]
    pub tasks: TasksToml,
    /// HTTP settings.
    #[serde(default)]
    pub server: ServerToml,
    /// Log output.
    #[serde(default)]
    pub log: crate::logs::LogToml,
    /// Traces (see [`crate::traces`]); off unless an endpoint is set.
    #[serde(default)]
    pub trace: crate::traces::TraceToml,
    /// Authentication (see [`crate::auth`] for every key and its default).
    #[serde(default)]
    pub auth: crate::auth::AuthToml,
    /// `[push]`.
    #[serde(default)]
    pub push: PushToml,
    /// `[inspector]` (see [`crate::inspector`]): off by default.
    #[serde(default)]
    pub inspector: crate::inspector::InspectorToml,
    /// `[metrics]` (see [`crate::metrics`] for every key and its default).
    #[serde(default)]
    pub metrics: crate::metrics::MetricsToml,
}

/// `[push]`: webhook delivery. Defaults in `skillhost_push::PushSettings`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushToml {
    /// Example: `timeout_ms = 10_000`.
    pub timeout_ms: Option<u64>,
    /// Example: `backoff_base_ms = 1_000`.
    pub backoff_base_ms: Option<u64>,
    /// Example: `backoff_max_ms = 300_000`.
    pub backoff_max_ms: Option<u64>,
    /// Example: `max_attempts = 15`.
    pub max_attempts: Option<u32>,
    /// Example: `max_response_kib = 64`.
    pub max_response_kib: Option<usize>,
    /// Example: `max_in_flight = 64`.
    pub max_in_flight: Option<usize>,
    /// Example: `max_configs_per_task = 10`.
    pub max_configs_per_task: Option<usize>,
    /// CIDR ranges, e.g. `allow_ranges = ["127.0.0.0/8"]` for a receiver on this machine.
    pub allow_ranges: Option<Vec<String>>,
    /// PEM file of CA certificates trusted for `https` webhooks besides the system's, e.g.
    /// `ca_file = "/etc/skillhost/webhook-ca.pem"`.
    pub ca_file: Option<PathBuf>,
}

/// `[agent]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentToml {
    /// Example: `name = "Skillhost"`.
    pub name: Option<String>,
    /// Example: `description = "Data analysis agents"`.
    pub description: Option<String>,
    /// Example: `version = "1.2.0"`.
    pub version: Option<String>,
    /// Example: `documentation_url = "https://example.com/docs"`.
    pub documentation_url: Option<String>,
    /// Example: `provider = { organization = "Example", url = "https://example.com" }`.
    pub provider: Option<AgentProvider>,
    /// Example: `default_input_modes = ["text/plain"]`.
    pub default_input_modes: Option<Vec<String>>,
    /// Example: `default_output_modes = ["text/plain"]`.
    pub default_output_modes: Option<Vec<String>>,
}

/// `[runtime]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuntimeToml {
    /// Example: `max_concurrent_runs = 128`.
    pub max_concurrent_runs: Option<usize>,
    /// Example: `max_queued_runs = 256`.
    pub max_queued_runs: Option<usize>,
    /// Example: `max_plugin_share = 50`.
    pub max_plugin_share: Option<u8>,
    /// Example: `heavy_runs = 1`.
    pub heavy_runs: Option<usize>,
    /// Example: `epoch_tick_ms = 10`.
    pub epoch_tick_ms: Option<u64>,
    /// Example: `pooling = true`.
    pub pooling: Option<bool>,
    /// Example: `cache_dir = "/var/cache/skillhost"`.
    pub cache_dir: Option<PathBuf>,
}

/// `[store]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreToml {
    /// Example: `url = "sqlite://data/skillhost.db"` (the default), `url = "memory"`, or
    /// `url = "postgres://skillhost@127.0.0.1:5432/skillhost"`.
    pub url: Option<String>,
}

/// `[tasks]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TasksToml {
    /// Example: `max_tasks = 100_000`.
    pub max_tasks: Option<usize>,
    /// Example: `max_store_mib = 1_024`.
    pub max_store_mib: Option<usize>,
    /// Example: `max_history = 1_000`.
    pub max_history: Option<usize>,
    /// Example: `max_task_mib = 64`.
    pub max_task_mib: Option<usize>,
    /// Example: `idle_timeout_s = 3_600`.
    pub idle_timeout_s: Option<u64>,
}

/// `[server]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerToml {
    /// Example: `max_body_kib = 8_192`.
    pub max_body_kib: Option<usize>,
    /// Example: `keep_alive_s = 15`.
    pub keep_alive_s: Option<u64>,
    /// Which edition of A2A's error to HTTP status table the HTTP+JSON binding follows:
    /// `"1.0.0"` (the default, which the conformance suite checks) or `"1.0.1"` (400 instead
    /// of 409, 415 and 502). Example: `error_mapping = "1.0.1"`.
    pub error_mapping: Option<skillhost_types::ErrorMapping>,
    /// Example: `max_requests = 1_024`.
    pub max_requests: Option<usize>,
    /// Example: `request_timeout_s = 300`.
    pub request_timeout_s: Option<u64>,
}

/// Why the host config is unusable.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not valid.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// What is wrong, with its location.
        message: String,
    },
    /// A value is out of range.
    #[error("{0}")]
    Invalid(String),
}

impl HostToml {
    /// Reads and parses a config file.
    pub fn read(path: &std::path::Path) -> Result<Self, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: shown.clone(),
            source,
        })?;
        Self::parse(&shown, &text)
    }

    /// Parses config text; `origin` names it in errors.
    pub fn parse(origin: &str, text: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: origin.to_string(),
            message: e.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example_parses() {
        let doc = include_str!("config.rs");
        let example: String = doc
            .lines()
            .skip_while(|l| !l.starts_with("//! ```toml"))
            .skip(1)
            .take_while(|l| !l.starts_with("//! ```"))
            .map(|l| {
                l.trim_start_matches("//!")
                    .trim_start_matches(' ')
                    .to_string()
                    + "\n"
            })
            .collect();
        let parsed: HostToml =
            toml::from_str(&example).expect("the example in the module doc parses");
        assert_eq!(parsed.default_skill.as_deref(), Some("echo"));
        assert_eq!(parsed.tasks.max_tasks, Some(100_000));
    }

    #[test]
    fn unknown_keys_are_errors() {
        let err = toml::from_str::<HostToml>("[runtime]\npoolin = true").unwrap_err();
        assert!(err.to_string().contains("unknown field `poolin`"), "{err}");
    }
}
