//! The guest toolchains that come from package registries, installed on first use.
//!
//! JavaScript and Python componentizers are pinned to versions known to work with the
//! host, and live under one directory (`SKILLHOST_TOOLCHAINS`, default
//! `~/.cache/skillhost/toolchains`) rather than on the system. C needs Debian's clang and
//! wasi-libc, which need root to install: the error says how.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::AuthorError;

/// componentize-js: StarlingMonkey inside; the `jco componentize` wrapper is broken here.
const COMPONENTIZE_JS: &str = "@bytecodealliance/componentize-js@0.23.0";
/// componentize-py: CPython inside.
const COMPONENTIZE_PY: &str = "componentize-py==0.25.1";

/// Where toolchains live: `explicit`, else `SKILLHOST_TOOLCHAINS`, else the user's cache.
pub(crate) fn root(explicit: Option<&Path>) -> PathBuf {
    if let Some(dir) = explicit {
        return dir.to_path_buf();
    }
    if let Some(dir) = std::env::var_os("SKILLHOST_TOOLCHAINS") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("."), PathBuf::from);
    home.join(".cache/skillhost/toolchains")
}

/// The componentize-js command, installed with npm if missing.
pub(crate) fn componentize_js(root: &Path) -> Result<PathBuf, AuthorError> {
    let dir = root.join("js");
    let bin = dir.join("node_modules/.bin/componentize-js");
    if !bin.exists() {
        need("npm", "JavaScript skills need Node.js 18+ and npm")?;
        tracing::info!(dir = %dir.display(), "installing {COMPONENTIZE_JS}");
        std::fs::create_dir_all(&dir).map_err(|source| AuthorError::Io {
            path: dir.clone(),
            source,
        })?;
        let prefix = dir.to_string_lossy().into_owned();
        let args = [
            "install",
            "--prefix",
            &prefix,
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            COMPONENTIZE_JS,
        ];
        run(Command::new("npm").args(args), "npm install")?;
    }
    Ok(bin)
}

/// The componentize-py command, installed into a virtualenv if missing.
pub(crate) fn componentize_py(root: &Path) -> Result<PathBuf, AuthorError> {
    let venv = root.join("python/venv");
    let bin = venv.join("bin/componentize-py");
    if !bin.exists() {
        need(
            "python3",
            "Python skills need Python 3.10+ (python3) with venv",
        )?;
        tracing::info!(dir = %venv.display(), "installing {COMPONENTIZE_PY}");
        run(
            Command::new("python3").arg("-m").arg("venv").arg(&venv),
            "python3 -m venv",
        )?;
        let pip = venv.join("bin/pip");
        run(
            Command::new(pip).args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                COMPONENTIZE_PY,
            ]),
            "pip install",
        )?;
    }
    Ok(bin)
}

/// clang for C skills: it must target wasm32-wasi and find wasi-libc.
pub(crate) fn clang() -> Result<&'static str, AuthorError> {
    need(
        "clang",
        "C skills need clang, lld and wasi-libc; on Debian: apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32",
    )?;
    Ok("clang")
}

/// Fails with `why` unless `tool` runs.
fn need(tool: &str, why: &str) -> Result<(), AuthorError> {
    match Command::new(tool).arg("--version").output() {
        Ok(out) if out.status.success() => Ok(()),
        _ => Err(AuthorError::Toolchain(format!(
            "{why} ({tool} was not found)"
        ))),
    }
}

/// Runs a command, turning a failure into an error with its output.
pub(crate) fn run(command: &mut Command, what: &str) -> Result<(), AuthorError> {
    let output = command
        .output()
        .map_err(|e| AuthorError::Toolchain(format!("{what}: cannot run: {e}")))?;
    if output.status.success() {
        return Ok(());
    }
    let mut text = String::from_utf8_lossy(&output.stderr).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stdout));
    Err(AuthorError::Compile {
        tool: what.to_string(),
        output: text.trim().to_string(),
    })
}
