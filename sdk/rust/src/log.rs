//! Structured logging into the host's log, tagged with the skill and task.

use crate::wit::a2a::skill::logging::{self as host, Level};

/// Logs at debug level.
pub fn debug(message: &str) {
    host::log(Level::Debug, message, &[]);
}

/// Logs at info level.
pub fn info(message: &str) {
    host::log(Level::Info, message, &[]);
}

/// Logs at warn level.
pub fn warn(message: &str) {
    host::log(Level::Warn, message, &[]);
}

/// Logs at error level.
pub fn error(message: &str) {
    host::log(Level::Error, message, &[]);
}

/// Logs a record with key/value fields.
pub fn record(level: Level, message: &str, fields: &[(&str, &str)]) {
    let fields: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    host::log(level, message, &fields);
}

pub use host::Level as LogLevel;
