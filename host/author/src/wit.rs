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

#[cfg(test)]
mod tests {
    use super::FILES;

    /// FNV-1a, 64 bits: stable across Rust releases, unlike the standard hashers.
    fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
        for b in bytes {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        hash
    }

    /// `a2a:skill@0.1.0` was released on 2026-11-22, once Rust, JavaScript, Python and C
    /// skills had been built against it unchanged. Components built against it exist, so
    /// its text never changes again, not even a comment: a change goes into new interfaces
    /// and worlds, or into a new package version beside this one (see wit/README.md).
    #[test]
    fn the_released_package_never_changes() {
        let digest = FILES.iter().fold(0xcbf2_9ce4_8422_2325, |h, (name, text)| {
            fnv1a(fnv1a(h, name.as_bytes()), text.as_bytes())
        });
        assert_eq!(
            digest, 0xa6d7_ec83_aa59_7598,
            "a2a:skill@0.1.0 changed in place"
        );
    }
}
