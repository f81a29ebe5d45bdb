//! The host's log output: human-readable text (the default) or one JSON object per line for
//! log collectors, chosen by `--log-format`, `SKILLHOST_LOG_FORMAT` or `[log] format`.
//! Colour escape codes are written only to a terminal, and never when `NO_COLOR` is set, so
//! a log file or a collector's pipe gets plain text. `SKILLHOST_LOG` filters (default `info`).

use std::io::IsTerminal;

use serde::Deserialize;
use tracing_subscriber::EnvFilter;

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

/// Installs the global subscriber. Call once, before anything logs.
pub fn init(format: LogFormat) {
    let filter =
        EnvFilter::try_from_env("SKILLHOST_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.with_ansi(colour()).init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(true)
            .init(),
    }
}

/// Whether text records may carry colour: only on a terminal, and `NO_COLOR` says no
/// (<https://no-color.org>: any non-empty value).
fn colour() -> bool {
    let refused = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !refused && std::io::stderr().is_terminal()
}
