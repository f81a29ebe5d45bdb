//! OpenTelemetry traces: the library crates open `tracing` spans (request, turn, run, push
//! delivery, store operation); when `[trace] otlp_endpoint` (or `OTEL_EXPORTER_OTLP_ENDPOINT`)
//! is set, the binary adds a layer that turns them into OpenTelemetry spans and exports them
//! over OTLP/HTTP (protobuf) in batches. Off by default: no endpoint, no layer, and spans
//! nobody wants cost a callsite check.
//!
//! - [`TraceToml`] / [`TraceSettings`]: the `[trace]` section and its defaults.
//! - [`layer`]: the exporting layer and the [`Exporting`] handle that flushes it on shutdown.
//! - `context`: the request span, parented under an incoming W3C `traceparent`, and
//!   [`traceparent`], the hook for outbound calls.

mod context;

pub use context::{requests, traceparent};

use std::time::Duration;

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::{Protocol, WithExportConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::trace::SdkTracer;
use opentelemetry_sdk::trace::{
    BatchConfigBuilder, BatchSpanProcessor, Sampler, SdkTracerProvider,
};
use serde::Deserialize;
use tracing_opentelemetry::OpenTelemetryLayer;
use tracing_subscriber::{Layer, Registry};

use crate::config::ConfigError;

/// The environment variable OpenTelemetry SDKs read for the collector's base URL; used when
/// the file names no endpoint.
pub const ENDPOINT_ENV: &str = "OTEL_EXPORTER_OTLP_ENDPOINT";
/// `service.name` unless `[trace] service_name` says otherwise.
pub const DEFAULT_SERVICE_NAME: &str = "skillhost";
/// How long finished spans wait to be sent in a batch, unless `batch_delay_ms` says
/// otherwise: OpenTelemetry's own default (`OTEL_BSP_SCHEDULE_DELAY`).
pub const DEFAULT_BATCH_DELAY: Duration = Duration::from_secs(5);
/// Longest one export may take; a collector that does not answer costs no more.
const EXPORT_TIMEOUT: Duration = Duration::from_secs(10);

/// `[trace]` in skillhost.toml. Every key is optional; without an endpoint nothing is
/// exported (the default).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceToml {
    /// The collector's OTLP/HTTP base URL, e.g. `otlp_endpoint = "http://127.0.0.1:4318"`;
    /// spans go to `{otlp_endpoint}/v1/traces`. Default: `OTEL_EXPORTER_OTLP_ENDPOINT`, else
    /// none (traces off).
    pub otlp_endpoint: Option<String>,
    /// Example: `service_name = "skillhost-eu1"`. Default: `skillhost`.
    pub service_name: Option<String>,
    /// The share of new traces kept, 0.0 to 1.0; a continued trace follows its caller's
    /// sampled flag. Example: `sampling_ratio = 0.1`. Default: 1.0 (all).
    pub sampling_ratio: Option<f64>,
    /// Example: `batch_delay_ms = 5_000` (the default): how long spans wait for a batch.
    pub batch_delay_ms: Option<u64>,
}

/// Resolved `[trace]`: present only when traces are exported.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceSettings {
    /// Where spans are POSTed: the base URL plus `/v1/traces`.
    pub traces_url: String,
    /// `service.name` of every span.
    pub service_name: String,
    /// The share of new traces kept.
    pub sampling_ratio: f64,
    /// How long finished spans wait for a batch.
    pub batch_delay: Duration,
}

impl TraceToml {
    /// The settings, or `None` when no endpoint is configured (in the file or the
    /// environment): traces are off.
    pub fn resolve(&self) -> Result<Option<TraceSettings>, ConfigError> {
        self.resolve_over(std::env::var(ENDPOINT_ENV).ok())
    }

    /// [`TraceToml::resolve`] with `from_env` as the environment's endpoint.
    fn resolve_over(&self, from_env: Option<String>) -> Result<Option<TraceSettings>, ConfigError> {
        let from_env = from_env.filter(|e| !e.is_empty());
        let Some(base) = self.otlp_endpoint.clone().or(from_env) else {
            return Ok(None);
        };
        let ratio = self.sampling_ratio.unwrap_or(1.0);
        if !(0.0..=1.0).contains(&ratio) {
            let why = format!("trace.sampling_ratio must be 0.0..=1.0, got {ratio}");
            return Err(ConfigError::Invalid(why));
        }
        let base = base.trim_end_matches('/');
        Ok(Some(TraceSettings {
            traces_url: format!("{}/v1/traces", base.trim_end_matches("/v1/traces")),
            service_name: self
                .service_name
                .clone()
                .unwrap_or(DEFAULT_SERVICE_NAME.into()),
            sampling_ratio: ratio,
            batch_delay: self
                .batch_delay_ms
                .map_or(DEFAULT_BATCH_DELAY, Duration::from_millis),
        }))
    }
}

/// The layer that turns `tracing` spans into OpenTelemetry ones.
pub type OtelLayer = OpenTelemetryLayer<Registry, SdkTracer>;

/// Why traces cannot be exported as configured.
#[derive(Debug, thiserror::Error)]
pub enum TraceError {
    /// A `[trace]` value is out of range.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The exporter could not be built (e.g. the endpoint is not a URL).
    #[error("cannot export traces to {url}: {message}")]
    Exporter {
        /// The traces URL.
        url: String,
        /// What went wrong.
        message: String,
    },
}

/// The exporting pipeline, kept by the binary so that a graceful stop flushes it.
#[derive(Debug)]
pub struct Exporting {
    provider: SdkTracerProvider,
    /// Where spans go.
    pub traces_url: String,
}

impl Exporting {
    /// Sends the spans still waiting in the batch and stops the exporter thread. Blocks
    /// (at most the export timeout): call it off the async workers, or at the very end.
    pub fn shutdown(self) {
        if let Err(e) = self.provider.shutdown() {
            tracing::warn!(error = %e, "traces: the last batch was not exported");
        }
    }
}

/// For `[trace]`: the exporting layer (filtered like the log, by `SKILLHOST_LOG`) to give
/// [`crate::logs::init`], and its handle; both `None` when traces are off.
pub fn from_config(
    file: &TraceToml,
) -> Result<(Option<crate::logs::Extra>, Option<Exporting>), TraceError> {
    let Some(settings) = file.resolve()? else {
        return Ok((None, None));
    };
    let (layer, exporting) = layer(&settings)?;
    let layer = layer.with_filter(crate::logs::filter()).boxed();
    Ok((Some(layer), Some(exporting)))
}

/// The layer that exports spans as `settings` say, and the handle that flushes them.
pub fn layer(settings: &TraceSettings) -> Result<(OtelLayer, Exporting), TraceError> {
    // A caller's sampling decision is kept; new traces are sampled at the configured ratio.
    let ratio = Sampler::TraceIdRatioBased(settings.sampling_ratio);
    let resource = Resource::builder()
        .with_service_name(settings.service_name.clone())
        .build();
    let provider = SdkTracerProvider::builder()
        .with_span_processor(processor(settings)?)
        .with_sampler(Sampler::ParentBased(Box::new(ratio)))
        .with_resource(resource)
        .build();
    // Busy/idle accounting would read the clock on every poll of every span: not wanted.
    let layer = tracing_opentelemetry::layer()
        .with_tracer(provider.tracer("skillhost"))
        .with_tracked_inactivity(false);
    let traces_url = settings.traces_url.clone();
    let exporting = Exporting {
        provider,
        traces_url,
    };
    Ok((layer, exporting))
}

/// Batches of finished spans, POSTed as protobuf from the SDK's own thread (so the blocking
/// HTTP client never runs on the async workers).
fn processor(settings: &TraceSettings) -> Result<BatchSpanProcessor, TraceError> {
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_protocol(Protocol::HttpBinary)
        .with_endpoint(&settings.traces_url)
        .with_timeout(EXPORT_TIMEOUT)
        .build()
        .map_err(|e| TraceError::Exporter {
            url: settings.traces_url.clone(),
            message: e.to_string(),
        })?;
    let batch = BatchConfigBuilder::default()
        .with_scheduled_delay(settings.batch_delay)
        .build();
    Ok(BatchSpanProcessor::builder(exporter)
        .with_batch_config(batch)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml(text: &str) -> TraceToml {
        toml::from_str(text).expect("parses")
    }

    #[test]
    fn off_without_an_endpoint_anywhere() {
        assert_eq!(toml("").resolve_over(None).expect("valid"), None);
        assert_eq!(
            toml("").resolve_over(Some(String::new())).expect("valid"),
            None
        );
    }

    #[test]
    fn the_file_wins_over_the_environment_and_defaults_are_filled_in() {
        let file = toml("otlp_endpoint = \"http://collector:4318/\"");
        let env = Some("http://other:4318".to_string());
        let settings = file.resolve_over(env).expect("valid").expect("on");
        assert_eq!(settings.traces_url, "http://collector:4318/v1/traces");
        assert_eq!(settings.service_name, DEFAULT_SERVICE_NAME);
        assert_eq!(settings.sampling_ratio, 1.0);
        assert_eq!(settings.batch_delay, DEFAULT_BATCH_DELAY);
        let from_env = toml("").resolve_over(Some("http://env:4318".into()));
        let from_env = from_env.expect("valid").expect("on");
        assert_eq!(from_env.traces_url, "http://env:4318/v1/traces");
    }

    #[test]
    fn a_ratio_outside_zero_to_one_is_refused() {
        let file = toml("otlp_endpoint = \"http://c:4318\"\nsampling_ratio = 1.5");
        let err = file.resolve_over(None).expect_err("refused");
        assert!(err.to_string().contains("sampling_ratio"), "{err}");
    }
}
