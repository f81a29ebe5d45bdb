//! Reading a plugin directory into a [`Catalog`].
//!
//! Layout: `DIR/<plugin>/skill.toml` and `DIR/<plugin>/<component>.wasm`, one directory per
//! plugin. Directories are loaded in name order, compiled in parallel. A broken plugin (or
//! one whose skill id another plugin took first) fails the whole load when `strict`, with
//! an error naming it; otherwise it is left out, and the errors are handed back for the
//! operator to see, so one bad upload cannot keep every other skill down.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use skillhost_runtime::{Limits, Runtime};
use tokio::task::JoinSet;

use crate::RegistryError;
use crate::catalog::{Catalog, Skill};
use crate::manifest::SkillManifest;

pub(crate) async fn load_dir(
    runtime: &Runtime,
    dir: &Path,
    defaults: &Limits,
    default_skill: Option<&str>,
    strict: bool,
) -> Result<(Catalog, Vec<RegistryError>), RegistryError> {
    let mut left_out = Vec::new();
    let mut skills: Vec<Skill> = Vec::new();
    for loaded in load_all(runtime, dir, defaults).await? {
        match loaded.and_then(|(plugin, sha)| add(&mut skills, &plugin, &sha)) {
            Ok(()) => {}
            Err(e) if strict => return Err(e),
            Err(e) => left_out.push(e),
        }
    }
    if skills.is_empty() && left_out.is_empty() {
        tracing::warn!(dir = %dir.display(), "no plugins found: expected one sub-directory per plugin, holding a .wasm component and its skill.toml");
    }
    Ok((Catalog::new(skills, default_skill)?, left_out))
}

type Loaded = Result<(skillhost_runtime::Plugin, Arc<str>), RegistryError>;

/// Every plugin under `dir`, compiled in parallel, in name order.
async fn load_all(
    runtime: &Runtime,
    dir: &Path,
    defaults: &Limits,
) -> Result<Vec<Loaded>, RegistryError> {
    let mut pending = JoinSet::new();
    for (order, plugin_dir) in plugin_dirs(dir)?.into_iter().enumerate() {
        let (runtime, defaults) = (runtime.clone(), defaults.clone());
        pending.spawn(async move { (order, load_one(&runtime, &plugin_dir, &defaults).await) });
    }
    let mut loaded = Vec::new();
    while let Some(joined) = pending.join_next().await {
        let (order, result) = joined.map_err(|e| RegistryError::Plugin {
            plugin: "?".into(),
            reason: format!("loader task failed: {e}"),
        })?;
        crate::metrics::loaded(result.is_ok());
        loaded.push((order, result));
    }
    loaded.sort_by_key(|(order, _)| *order);
    Ok(loaded.into_iter().map(|(_, result)| result).collect())
}

/// Adds `plugin`'s skills, or none of them if one's id is taken already.
fn add(
    skills: &mut Vec<Skill>,
    plugin: &skillhost_runtime::Plugin,
    component: &Arc<str>,
) -> Result<(), RegistryError> {
    for card in plugin.skills() {
        if let Some(first) = skills.iter().find(|s| s.card.id == card.id) {
            return Err(RegistryError::DuplicateSkill {
                id: card.id.clone(),
                first: first.plugin.name().to_string(),
                second: plugin.name().to_string(),
            });
        }
    }
    skills.extend(plugin.skills().iter().map(|card| Skill {
        card: Arc::new(card.clone()),
        plugin: plugin.clone(),
        component: component.clone(),
    }));
    Ok(())
}

/// The sub-directories of `dir` that hold a plugin, in name order.
fn plugin_dirs(dir: &Path) -> Result<Vec<PathBuf>, RegistryError> {
    let read = std::fs::read_dir(dir).map_err(|source| RegistryError::Dir {
        path: dir.display().to_string(),
        source,
    })?;
    let mut dirs: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir() && (p.join("skill.toml").is_file() || find_wasm(p).is_some()))
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// Loads one plugin; returns it with its component's SHA-256 (lowercase hex).
async fn load_one(
    runtime: &Runtime,
    dir: &Path,
    defaults: &Limits,
) -> Result<(skillhost_runtime::Plugin, Arc<str>), RegistryError> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let fail = |reason: String| RegistryError::Plugin {
        plugin: name.clone(),
        reason,
    };
    let manifest = read_manifest(dir).map_err(&fail)?;
    let limits = manifest
        .limits
        .apply(defaults)
        .map_err(|e| fail(format!("skill.toml: {e}")))?;
    let component = match &manifest.component {
        Some(file) => dir.join(file),
        None => {
            find_wasm(dir).ok_or_else(|| fail("no .wasm component beside skill.toml".into()))?
        }
    };
    let bytes = tokio::fs::read(&component)
        .await
        .map_err(|e| fail(format!("cannot read {}: {e}", component.display())))?;
    let config = manifest.config.into_iter().collect();
    let sha256: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let plugin = runtime
        .load(&name, bytes, limits, config)
        .await
        .map_err(|source| RegistryError::Load {
            plugin: name.clone(),
            source,
        })?;
    tracing::info!(plugin = %name, %sha256, skills = ?plugin.skills().iter().map(|s| &s.id).collect::<Vec<_>>(), "loaded");
    Ok((plugin, sha256.into()))
}

fn read_manifest(dir: &Path) -> Result<SkillManifest, String> {
    let path = dir.join("skill.toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).map_err(|e| format!("skill.toml: {e}")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(SkillManifest::default()),
        Err(e) => Err(format!("cannot read skill.toml: {e}")),
    }
}

/// The only `.wasm` file in `dir`, if there is exactly one.
fn find_wasm(dir: &Path) -> Option<PathBuf> {
    let mut found = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "wasm"));
    let first = found.next()?;
    found.next().is_none().then_some(first)
}
