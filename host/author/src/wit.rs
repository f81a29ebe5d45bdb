//! The WIT package every skill targets, embedded in the binary.

use std::path::Path;

use wit_parser::{Resolve, WorldId};

use crate::AuthorError;

/// The package's files, as `(name, contents)`.
pub(crate) const FILES: [(&str, &str); 3] = [
    ("types.wit", include_str!("../../../wit/types.wit")),
    ("host.wit", include_str!("../../../wit/host.wit")),
    ("worlds.wit", include_str!("../../../wit/worlds.wit")),
];

/// The world skills implement.
pub(crate) const WORLD: &str = "plugin";

/// The package, as a skill's exports and imports name it.
pub(crate) const PACKAGE: &str = "a2a:skill@0.1.0";

/// Writes the package into `dir` (a project's `wit/`).
pub(crate) fn write_to(dir: &Path) -> Result<(), AuthorError> {
    for (name, text) in FILES {
        crate::write(&dir.join(name), text.as_bytes())?;
    }
    Ok(())
}

/// The package, parsed, and its `plugin` world.
pub(crate) fn resolve() -> Result<(Resolve, WorldId), AuthorError> {
    let dir = tempfile::tempdir().map_err(|source| AuthorError::Io {
        path: "(temp dir)".into(),
        source,
    })?;
    write_to(dir.path())?;
    let mut resolve = Resolve::default();
    let bad = |e: anyhow::Error| AuthorError::Project(format!("embedded WIT: {e:#}"));
    let (package, _) = resolve.push_dir(dir.path()).map_err(bad)?;
    let world = resolve.select_world(&[package], Some(WORLD)).map_err(bad)?;
    Ok((resolve, world))
}
