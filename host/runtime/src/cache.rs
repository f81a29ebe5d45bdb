//! The compile cache: compiled components on disk, so a restart (or another host in the same
//! process, as in the test suite) loads a plugin in milliseconds instead of compiling it
//! again. JavaScript and Python components take seconds to compile; this is what makes
//! them practical.
//!
//! An entry is named after the component's SHA-256, wasmtime's compatibility hash of the
//! engine's settings, and the settings this crate varies per engine; anything else is a
//! miss. Entries are written to a temporary file and renamed, so a reader never sees half
//! of one.
//!
//! Trust: loading an entry maps native code into the process without checking it, so the
//! cache directory must be writable only by the host's own user.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use sha2::{Digest, Sha256};
use wasmtime::Engine;
use wasmtime::component::Component;

use crate::engine::EngineKey;
use crate::error::LoadError;

/// Compiles `bytes` for `engine`, or loads the result of an earlier compile from `dir`.
pub(crate) async fn compile(
    dir: Option<&Path>,
    engine: &Engine,
    key: EngineKey,
    bytes: Vec<u8>,
) -> Result<Component, LoadError> {
    let Some(dir) = dir else {
        return compile_blocking(engine.clone(), bytes).await;
    };
    let path = dir.join(entry_name(engine, key, &bytes));
    // One compile per entry at a time in this process: the others wait and then load it.
    let lock = entry_lock(&path);
    let _guard = lock.lock().await;
    if let Some(component) = load(engine, &path) {
        return Ok(component);
    }
    let component = compile_blocking(engine.clone(), bytes).await?;
    store(dir, &path, &component);
    Ok(component)
}

async fn compile_blocking(engine: Engine, bytes: Vec<u8>) -> Result<Component, LoadError> {
    tokio::task::spawn_blocking(move || Component::new(&engine, &bytes))
        .await
        .map_err(|e| LoadError::Compile(e.to_string()))?
        .map_err(|e| LoadError::Compile(format!("{e:#}")))
}

fn entry_name(engine: &Engine, key: EngineKey, bytes: &[u8]) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut hasher);
    key.hash(&mut hasher);
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{hex}-{:016x}.cwasm", hasher.finish())
}

#[allow(unsafe_code)]
fn load(engine: &Engine, path: &Path) -> Option<Component> {
    if !path.exists() {
        return None;
    }
    // SAFETY: the file was written by `store` from `Component::serialize` for an engine
    // with the same compatibility hash (it is in the name), in a directory only this
    // host's user may write (documented above); wasmtime checks its header and version.
    match unsafe { Component::deserialize_file(engine, path) } {
        Ok(component) => Some(component),
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "unusable compile cache entry; compiling again");
            None
        }
    }
}

/// Writes an entry; a failure only costs the next load a compile.
fn store(dir: &Path, path: &Path, component: &Component) {
    let written = component
        .serialize()
        .map_err(|e| e.to_string())
        .and_then(|bytes| {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            let temp = path.with_extension(format!("tmp{}", std::process::id()));
            std::fs::write(&temp, bytes).map_err(|e| e.to_string())?;
            std::fs::rename(&temp, path).map_err(|e| e.to_string())
        });
    if let Err(e) = written {
        tracing::warn!(path = %path.display(), error = %e, "cannot write the compile cache");
    }
}

fn entry_lock(path: &Path) -> Arc<tokio::sync::Mutex<()>> {
    static LOCKS: OnceLock<Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>>> = OnceLock::new();
    let mut locks = LOCKS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    locks.entry(path.to_path_buf()).or_default().clone()
}
