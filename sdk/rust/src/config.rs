//! The skill's read-only configuration: the `[config]` table of its `skill.toml`.

use crate::wit::a2a::skill::config as host;

/// The value for `key`, if configured.
pub fn get(key: &str) -> Option<String> {
    host::get(key)
}

/// Every configured key and value, sorted by key.
pub fn all() -> Vec<(String, String)> {
    host::get_all()
}
