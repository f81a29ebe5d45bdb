//! `skill.toml`: what sits beside each component.
//!
//! ```toml
//! # The component, relative to this file. Default: the only `.wasm` file beside it.
//! component = "echo.wasm"
//!
//! # Limits for every run of this plugin's skills; unset keys take the host's defaults.
//! [limits]
//! fuel = 10_000_000_000   # CPU budget in fuel (about one per wasm instruction; host calls by time)
//! memory_mib = 64         # all linear memories and tables of a run together
//! deadline_ms = 30_000    # wall-clock budget of a run
//! stack_kib = 512         # wasm stack
//! hostcall_kib = 16_384   # bytes the guest may pass to the host in one call
//! max_events = 10_000     # status and artifact events per run
//! max_event_kib = 32_768  # total bytes of those events and the turn's result
//! max_event_parts = 1_000 # parts in one event or result
//! max_log_kib = 64        # log bytes kept per run (logging import, stdout, stderr)
//! max_concurrent_runs = 64  # runs of this plugin at once (at most its share of the host)
//! max_queued_runs = 64    # runs waiting for a slot; more are refused at once
//! max_resources = 10_000  # host objects (pollables, streams) a run may hold
//!
//! # Read-only values the skill reads through the `config` import.
//! [config]
//! greeting = "hello"
//!
//! # For `skillhost skill build` only: the language and entry point.
//! [build]
//! lang = "js"
//! source = "skill.js"
//! ```
//!
//! Unknown keys are errors: a typo must not silently leave a limit at its default.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;
use skillhost_runtime::Limits;

/// The parsed `skill.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillManifest {
    /// The component file, relative to the manifest. Example: `component = "echo.wasm"`.
    pub component: Option<String>,
    /// Limit overrides. Example: `[limits] fuel = 1_000_000`.
    #[serde(default)]
    pub limits: LimitsToml,
    /// Values for the `config` import. Example: `[config] greeting = "hello"`.
    #[serde(default)]
    pub config: BTreeMap<String, String>,
    /// How `skillhost skill build` makes the component; the host ignores it.
    /// Example: `[build] lang = "js"`.
    pub build: Option<BuildToml>,
}

/// `[build]`: for `skillhost skill build`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildToml {
    /// `rust`, `js`, `python` or `c`. Example: `lang = "python"`.
    pub lang: String,
    /// The entry point: for js the module (default `skill.js`), for python the module name
    /// (default `app`); rust and c ignore it (all of the crate; every `.c` file).
    /// Example: `source = "main.js"`.
    pub source: Option<String>,
}

/// A `[limits]` table, in `skill.toml` and in the host config. Every key is optional.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsToml {
    /// CPU budget in fuel units. Example: `fuel = 10_000_000_000`.
    pub fuel: Option<u64>,
    /// Memory cap (all memories and tables of a run) in MiB. Example: `memory_mib = 64`.
    pub memory_mib: Option<u64>,
    /// Wall-clock budget in milliseconds. Example: `deadline_ms = 30_000`.
    pub deadline_ms: Option<u64>,
    /// Wasm stack in KiB. Example: `stack_kib = 512`.
    pub stack_kib: Option<u64>,
    /// Bytes per host call, in KiB. Example: `hostcall_kib = 16_384`.
    pub hostcall_kib: Option<u64>,
    /// Events per run. Example: `max_events = 10_000`.
    pub max_events: Option<u32>,
    /// Total event bytes per run, in KiB. Example: `max_event_kib = 32_768`.
    pub max_event_kib: Option<u64>,
    /// Parts per event or result. Example: `max_event_parts = 1_000`.
    pub max_event_parts: Option<u32>,
    /// Log bytes kept per run, in KiB. Example: `max_log_kib = 64`.
    pub max_log_kib: Option<u64>,
    /// Runs of the plugin at once. Example: `max_concurrent_runs = 64`.
    pub max_concurrent_runs: Option<u32>,
    /// Runs of the plugin waiting for a slot. Example: `max_queued_runs = 64`.
    pub max_queued_runs: Option<u32>,
    /// Host objects a run may hold. Example: `max_resources = 10_000`.
    pub max_resources: Option<u32>,
}

/// A limit out of range.
#[derive(Debug, thiserror::Error)]
#[error("limits.{key} = {value}: {reason}")]
pub struct ManifestError {
    /// The key.
    pub key: &'static str,
    /// The value given.
    pub value: u64,
    /// The allowed range.
    pub reason: &'static str,
}

impl LimitsToml {
    /// `base` with these overrides applied, each checked against a sane range.
    pub fn apply(&self, base: &Limits) -> Result<Limits, ManifestError> {
        let mut l = base.clone();
        if let Some(v) = self.fuel {
            l.fuel = check("fuel", v, 1, u64::MAX, "must be at least 1")?;
        }
        if let Some(v) = self.memory_mib {
            l.memory_bytes = mib(check("memory_mib", v, 1, 4096, "must be 1..=4096")?);
        }
        if let Some(v) = self.deadline_ms {
            let ms = check(
                "deadline_ms",
                v,
                1,
                86_400_000,
                "must be 1..=86400000 (a day)",
            )?;
            l.deadline = Duration::from_millis(ms);
        }
        if let Some(v) = self.stack_kib {
            l.stack_bytes = kib(check("stack_kib", v, 64, 65_536, "must be 64..=65536")?);
        }
        if let Some(v) = self.hostcall_kib {
            l.hostcall_bytes = kib(check("hostcall_kib", v, 1, 1 << 20, "must be 1..=1048576")?);
        }
        if let Some(v) = self.max_events {
            l.max_events = check("max_events", v.into(), 0, u32::MAX.into(), "")? as u32;
        }
        if let Some(v) = self.max_event_kib {
            l.max_event_bytes = kib(check(
                "max_event_kib",
                v,
                0,
                1 << 22,
                "must be at most 4194304",
            )?);
        }
        if let Some(v) = self.max_event_parts {
            let n = check(
                "max_event_parts",
                v.into(),
                1,
                100_000,
                "must be 1..=100000",
            )?;
            l.max_event_parts = n as usize;
        }
        if let Some(v) = self.max_log_kib {
            l.max_log_bytes = kib(check(
                "max_log_kib",
                v,
                0,
                1 << 20,
                "must be at most 1048576",
            )?);
        }
        if let Some(v) = self.max_concurrent_runs {
            let n = check(
                "max_concurrent_runs",
                v.into(),
                1,
                100_000,
                "must be 1..=100000",
            )?;
            l.max_concurrent_runs = n as usize;
        }
        if let Some(v) = self.max_queued_runs {
            let n = check(
                "max_queued_runs",
                v.into(),
                0,
                100_000,
                "must be at most 100000",
            )?;
            l.max_queued_runs = n as usize;
        }
        if let Some(v) = self.max_resources {
            let n = check(
                "max_resources",
                v.into(),
                16,
                1_000_000,
                "must be 16..=1000000",
            )?;
            l.max_resources = n as usize;
        }
        Ok(l)
    }
}

fn check(
    key: &'static str,
    value: u64,
    min: u64,
    max: u64,
    reason: &'static str,
) -> Result<u64, ManifestError> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(ManifestError { key, value, reason })
    }
}

fn kib(v: u64) -> usize {
    usize::try_from(v << 10).unwrap_or(usize::MAX)
}

fn mib(v: u64) -> usize {
    usize::try_from(v << 20).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_apply_and_unset_keys_keep_defaults() {
        let m: SkillManifest =
            toml::from_str("[limits]\nfuel = 5\nmemory_mib = 2").expect("parses");
        let l = m.limits.apply(&Limits::default()).expect("in range");
        assert_eq!((l.fuel, l.memory_bytes), (5, 2 << 20));
        assert_eq!(l.deadline, Limits::default().deadline);
    }

    #[test]
    fn typos_and_out_of_range_values_are_errors() {
        let typo = toml::from_str::<SkillManifest>("[limits]\nfule = 5").unwrap_err();
        assert!(typo.to_string().contains("unknown field `fule`"), "{typo}");
        let m: SkillManifest = toml::from_str("[limits]\nstack_kib = 1").expect("parses");
        let err = m.limits.apply(&Limits::default()).unwrap_err();
        assert_eq!(err.to_string(), "limits.stack_kib = 1: must be 64..=65536");
    }
}
