//! The host's log output: human-readable text (the default) or one JSON object per line for
//! log collectors, chosen by `--log-format`, `SKILLHOST_LOG_FORMAT` or `[log] format`.
//! Colour escape codes are written only to a terminal, and never when `NO_COLOR` is set, so
//! a log file or a collector's pipe gets plain text. `SKILLHOST_LOG` filters (default `info`).

use std::io::IsTerminal;

use serde::Deserialize;
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer, Registry};

/// How log records are written to standard error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One line of text per record, for people.
    #[default]
    Text,
    /// One JSON object per record (`timestamp`, `level`, `target`, `message`, the record's
    /// fields at the top level, and `span`/`spans` with their fields), for collectors.
    Json,
}

/// `[log]` in skillhost.toml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogToml {
    /// Example: `format = "json"`. Default: `text`.
    pub format: Option<LogFormat>,
}

/// A layer beside the log output, e.g. [`crate::traces::layer`]'s exporter.
pub type Extra = Box<dyn Layer<Registry> + Send + Sync>;

/// Installs the global subscriber, with `extra` beside the log output. Call once, before
/// anything logs.
pub fn init(format: LogFormat, extra: Option<Extra>) {
    let layer = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let output = match format {
        LogFormat::Text => layer.with_ansi(colour()).boxed(),
        LogFormat::Json => layer
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(true)
            .boxed(),
    };
    // Records only: spans are for the trace exporter, so without one they cost nothing
    // (no layer wants them) and log lines look as they always did. `SKILLHOST_LOG` filters
    // globally: as a per-layer filter (combined with `and`), an EnvFilter left a PostgreSQL
    // store's start waiting forever unless sqlx's query records were enabled.
    let mut layers = vec![
        output
            .with_filter(filter_fn(|meta| meta.is_event()))
            .boxed(),
    ];
    layers.extend(extra);
    tracing_subscriber::registry()
        .with(layers)
        .with(filter())
        .init();
}

/// What `SKILLHOST_LOG` lets through (default `info`): the log records, and the spans and
/// records a trace exporter gets.
pub fn filter() -> EnvFilter {
    EnvFilter::try_from_env("SKILLHOST_LOG").unwrap_or_else(|_| EnvFilter::new("info"))
}

/// Whether text records may carry colour: only on a terminal, and `NO_COLOR` says no
/// (<https://no-color.org>: any non-empty value).
fn colour() -> bool {
    let refused = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !refused && std::io::stderr().is_terminal()
}
