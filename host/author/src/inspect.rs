//! `skillhost skill inspect`: which world and version a component implements, and, when it
//! does not match `a2a:skill@0.1.0`, which export is missing or has the wrong type.

use std::fmt;

use wit_component::DecodedWasm;
use wit_parser::{Resolve, WorldId, WorldItem, WorldKey};

use crate::{AuthorError, wit};

/// What a component implements, against the `plugin` world of the embedded package.
#[derive(Debug, Clone)]
pub struct Report {
    /// Interfaces and functions it imports, such as `a2a:skill/events@0.1.0`.
    pub imports: Vec<String>,
    /// Interfaces and functions it exports, such as `a2a:skill/skill@0.1.0`.
    pub exports: Vec<String>,
    /// Exports of the world that it lacks.
    pub missing: Vec<String>,
    /// Why its types do not fit the world, if they do not.
    pub mismatch: Option<String>,
}

impl Report {
    /// Whether the host would load it.
    pub fn matches(&self) -> bool {
        self.missing.is_empty() && self.mismatch.is_none()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "exports: {}", list(&self.exports))?;
        writeln!(f, "imports: {}", list(&self.imports))?;
        if self.matches() {
            return write!(f, "implements {}/{}", wit::PACKAGE, wit::WORLD);
        }
        for name in &self.missing {
            writeln!(f, "missing export: {name}")?;
        }
        if let Some(why) = &self.mismatch {
            writeln!(f, "does not fit {}/{}: {why}", wit::PACKAGE, wit::WORLD)?;
        }
        Ok(())
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "(none)".into()
    } else {
        items.join(", ")
    }
}

/// Inspects a component's bytes.
pub fn inspect(bytes: &[u8]) -> Result<Report, AuthorError> {
    let decoded = wit_component::decode(bytes)
        .map_err(|e| AuthorError::Component(format!("not a component: {e:#}")))?;
    let DecodedWasm::Component(theirs, world) = decoded else {
        return Err(AuthorError::Component(
            "a core wasm module, not a component".into(),
        ));
    };
    let names = |keys: Vec<&WorldKey>| {
        keys.into_iter()
            .map(|k| theirs.name_world_key(k))
            .collect::<Vec<_>>()
    };
    let imports = names(theirs.worlds[world].imports.keys().collect());
    let exports = names(theirs.worlds[world].exports.keys().collect());
    let (mut ours, plugin) = wit::resolve()?;
    let missing = ours.worlds[plugin]
        .exports
        .keys()
        .map(|k| ours.name_world_key(k))
        .filter(|name| !exports.contains(name))
        .collect();
    let mismatch = type_check(&mut ours, plugin, &theirs, world, bytes).err();
    Ok(Report {
        imports,
        exports,
        missing,
        mismatch,
    })
}

/// Checks the component's types against the world. The host also provides WASI 0.2,
/// which the world does not list, so the component's WASI imports are added first.
fn type_check(
    ours: &mut Resolve,
    plugin: WorldId,
    theirs: &Resolve,
    world: WorldId,
    bytes: &[u8],
) -> Result<(), String> {
    let remap = ours.merge(theirs.clone()).map_err(|e| format!("{e:#}"))?;
    for item in theirs.worlds[world].imports.values() {
        let WorldItem::Interface { id, .. } = item else {
            continue;
        };
        if !theirs
            .id_of(*id)
            .is_some_and(|name| name.starts_with("wasi:"))
        {
            continue;
        }
        let Some(mapped) = remap.interfaces[id.index()] else {
            continue;
        };
        let mut item = item.clone();
        if let WorldItem::Interface { id, .. } = &mut item {
            *id = mapped;
        }
        ours.worlds[plugin]
            .imports
            .insert(WorldKey::Interface(mapped), item);
    }
    wit_component::targets(ours, plugin, bytes).map_err(|e| format!("{e:#}"))
}
