//! `[metrics]`: the Prometheus recorder behind every crate's `metrics` calls, and where
//! `GET /metrics` is served.
//!
//! The recorder is process-global, like the tracing subscriber: [`install`] it once per
//! process (the binary does, through [`start`]), then every host built in the process counts
//! into it. The libraries only record through the `metrics` facade; each declares its metrics
//! in its own `metrics` module (`skillhost_server`, `skillhost_tasks`, `skillhost_runtime`,
//! `skillhost_push`, `skillhost_registry`), which is the list of what is exported.
//!
//! Where `/metrics` is served (the README says the same):
//! - `listen` set: only on that listener, to anyone who reaches it (bind it to loopback or
//!   a private network); the main listener has no `/metrics`.
//! - otherwise, on the main listener: to anyone while `[auth]` configures no scheme; once it
//!   does, only to an authenticated caller (an API key or a bearer token, like any A2A
//!   call; anonymous scrapes get 401 even where anonymous A2A calls are allowed).

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use serde::Deserialize;
pub use skillhost_server::metrics::Scrape;

/// `[metrics]` in skillhost.toml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsToml {
    /// Example: `enabled = false`. Default: true (metrics on).
    pub enabled: Option<bool>,
    /// Example: `listen = "127.0.0.1:9464"`. Default: none (the main listener serves them).
    pub listen: Option<SocketAddr>,
}

/// `[metrics]`, resolved; the binary adds the scrape once the recorder is installed.
#[derive(Clone, Default)]
pub struct MetricsSettings {
    /// Whether the binary installs the recorder. Default (set in [`MetricsSettings::resolve`]):
    /// true.
    pub enabled: bool,
    /// A listener of their own, if any.
    pub listen: Option<SocketAddr>,
    /// Renders the metrics; `None` until a recorder is installed (then no `/metrics`).
    pub scrape: Option<Scrape>,
}

impl fmt::Debug for MetricsSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MetricsSettings")
            .field("enabled", &self.enabled)
            .field("listen", &self.listen)
            .field("installed", &self.scrape.is_some())
            .finish()
    }
}

impl MetricsSettings {
    /// Resolves `[metrics]` over the defaults: on, on the main listener.
    pub fn resolve(file: MetricsToml) -> Self {
        Self {
            enabled: file.enabled.unwrap_or(true),
            listen: file.listen,
            scrape: None,
        }
    }

    /// What the main listener serves at `/metrics`: the scrape, unless the metrics have a
    /// listener of their own.
    pub fn on_main_listener(&self) -> Option<Scrape> {
        self.listen.is_none().then(|| self.scrape.clone()).flatten()
    }
}

/// Why the metrics could not start.
#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    /// The recorder could not be installed (one is already, or a bucket list is invalid).
    #[error("cannot install the metrics recorder: {0}")]
    Install(String),
    /// The metrics listener could not bind.
    #[error("cannot listen for /metrics on {addr}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
}

/// Histogram buckets for durations, in seconds: 100 µs to 60 s.
const SECONDS: [f64; 14] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0, 10.0, 60.0,
];

/// Histogram buckets for a run's fuel: echo spends thousands, a JavaScript run about 10^7,
/// the default limit is 10^10.
const FUEL: [f64; 8] = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

/// How often histograms are drained into their buckets (the exporter's upkeep).
const UPKEEP: Duration = Duration::from_secs(5);

/// Installs the Prometheus recorder for this process and declares every crate's metrics.
/// Call once, inside a Tokio runtime (it starts the upkeep task).
pub fn install() -> Result<Scrape, MetricsError> {
    let handle = builder()?.install_recorder().map_err(install_error)?;
    describe();
    tokio::spawn(upkeep(handle.clone()));
    Ok(Arc::new(move || handle.render()))
}

/// The recorder's settings: histogram buckets for durations and fuel (without them the
/// exporter would write summaries, which cannot be added up across hosts).
pub fn builder() -> Result<PrometheusBuilder, MetricsError> {
    PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &SECONDS)
        .map_err(install_error)?
        .set_buckets_for_metric(Matcher::Full("skillhost_run_fuel".into()), &FUEL)
        .map_err(install_error)
}

/// Declares every crate's metrics (names, units, help) to the installed recorder.
pub fn describe() {
    skillhost_server::metrics::describe();
    skillhost_tasks::metrics::describe();
    skillhost_runtime::metrics::describe();
    skillhost_push::metrics::describe();
    skillhost_registry::metrics::describe();
}

fn install_error(e: metrics_exporter_prometheus::BuildError) -> MetricsError {
    MetricsError::Install(e.to_string())
}

async fn upkeep(handle: PrometheusHandle) {
    let mut every = tokio::time::interval(UPKEEP);
    loop {
        every.tick().await;
        handle.run_upkeep();
    }
}

/// For the binary: installs the recorder if the metrics are on, and serves them on their
/// own listener if one is configured.
pub async fn start(settings: &mut MetricsSettings) -> Result<(), MetricsError> {
    if !settings.enabled {
        return Ok(());
    }
    let scrape = install()?;
    settings.scrape = Some(scrape.clone());
    let Some(addr) = settings.listen else {
        return Ok(());
    };
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| MetricsError::Listen { addr, source })?;
    let bound = listener.local_addr().unwrap_or(addr);
    tracing::info!(addr = %bound, "serving metrics on {bound}, path /metrics");
    let router = axum::Router::new().route("/metrics", get(move || render(scrape.clone())));
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!(error = %e, "the metrics listener stopped");
        }
    });
    Ok(())
}

async fn render(scrape: Scrape) -> impl IntoResponse {
    let text = HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8");
    ([(header::CONTENT_TYPE, text)], scrape())
}
