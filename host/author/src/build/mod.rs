//! `skillhost skill build`: a skill project in, a checked component out.
//!
//! The project's `skill.toml` says which language (`[build] lang`) and where the result
//! goes (`component`). After the language's tools ran, the component is checked against
//! the `a2a:skill` world, so a build never hands the host something it would refuse.

mod c;
mod js;
mod python;
mod rust;

use std::path::{Path, PathBuf};

use skillhost_registry::SkillManifest;

use crate::{AuthorError, Lang, inspect, toolchain};

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The project directory (holding `skill.toml`).
    pub dir: PathBuf,
    /// Where to write the component; default: `component` from `skill.toml`, beside it.
    pub out: Option<PathBuf>,
    /// Where guest toolchains are installed; default: `SKILLHOST_TOOLCHAINS`, else
    /// `~/.cache/skillhost/toolchains`.
    pub toolchains: Option<PathBuf>,
}

/// Builds the project; returns the component's path.
pub fn build(opts: &BuildOptions) -> Result<PathBuf, AuthorError> {
    // Absolute, since the language tools run inside the project.
    let dir = &std::fs::canonicalize(&opts.dir).map_err(|source| AuthorError::Io {
        path: opts.dir.clone(),
        source,
    })?;
    let manifest = manifest(dir)?;
    let spec = manifest.build.clone().ok_or_else(|| {
        AuthorError::Project(format!("{}: skill.toml has no [build] table (add: [build] lang = \"rust\", \"js\", \"python\" or \"c\")", dir.display()))
    })?;
    let lang = Lang::parse(&spec.lang).ok_or_else(|| {
        AuthorError::Project(format!(
            "[build] lang = {:?}: use rust, js, python or c",
            spec.lang
        ))
    })?;
    let tools = toolchain::root(opts.toolchains.as_deref());
    let scratch = tempfile::tempdir().map_err(|source| AuthorError::Io {
        path: "(temp dir)".into(),
        source,
    })?;
    let bytes = match lang {
        Lang::Rust => rust::build(dir)?,
        Lang::Js => js::build(
            dir,
            spec.source.as_deref().unwrap_or("skill.js"),
            &tools,
            scratch.path(),
        )?,
        Lang::Python => python::build(
            dir,
            spec.source.as_deref().unwrap_or("app"),
            &tools,
            scratch.path(),
        )?,
        Lang::C => c::build(dir, scratch.path())?,
    };
    check(&bytes)?;
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| dir.join(component_name(&manifest, dir)));
    crate::write(&out, &bytes)?;
    Ok(out)
}

fn manifest(dir: &Path) -> Result<SkillManifest, AuthorError> {
    let path = dir.join("skill.toml");
    let text = crate::read(&path)?;
    toml::from_str(&String::from_utf8_lossy(&text))
        .map_err(|e| AuthorError::Project(format!("{}: {e}", path.display())))
}

fn component_name(manifest: &SkillManifest, dir: &Path) -> String {
    manifest.component.clone().unwrap_or_else(|| {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        format!("{name}.wasm")
    })
}

/// A component the host would refuse is a failed build.
fn check(bytes: &[u8]) -> Result<(), AuthorError> {
    let report = inspect(bytes)?;
    if report.matches() {
        Ok(())
    } else {
        Err(AuthorError::Component(format!(
            "the built component does not implement {}:\n{report}",
            crate::wit::PACKAGE
        )))
    }
}
