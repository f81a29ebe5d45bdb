//! JavaScript: componentize-js bundles the module (relative imports included) with the
//! StarlingMonkey engine into a component. A project without its own `skillhost.js` gets
//! the built-in one.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::toolchain::{componentize_js, run};
use crate::{AuthorError, Lang, wit};

pub(crate) fn build(
    dir: &Path,
    source: &str,
    tools: &Path,
    scratch: &Path,
) -> Result<Vec<u8>, AuthorError> {
    let bin = componentize_js(tools)?;
    let out = scratch.join("component.wasm");
    let wit = wit_dir(dir, scratch)?;
    // componentize-js evaluates the module in a sandbox that sees only the project, so a
    // project without its own helper is staged in scratch with the built-in one beside it.
    let project = match crate::scaffold::supply_helper(Lang::Js, dir, scratch)? {
        None => dir.to_path_buf(),
        Some(helper) => stage(dir, &helper, &scratch.join("project"))?,
    };
    let mut command = Command::new(bin);
    command
        .current_dir(&project)
        .arg(source)
        .arg("--wit")
        .arg(wit);
    command.args(["-n", wit::WORLD]);
    // Without both, the component imports wasi:http, which skills are not granted.
    command.args(["-d", "http", "fetch-event", "-o"]).arg(&out);
    run(&mut command, "componentize-js")?;
    crate::read(&out)
}

/// A copy of the project's files at `to` (hidden directories and components left out),
/// with the files of `helper` added.
fn stage(dir: &Path, helper: &Path, to: &Path) -> Result<PathBuf, AuthorError> {
    copy_tree(dir, to)?;
    copy_tree(helper, to)?;
    Ok(to.to_path_buf())
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), AuthorError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| AuthorError::Io { path, source }
    };
    for entry in std::fs::read_dir(from).map_err(io(from))? {
        let entry = entry.map_err(io(from))?;
        let path = entry.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with('.') || name.ends_with(".wasm") {
            continue;
        }
        // Directories are entered only when they are real ones, so a symlink loop cannot
        // recurse forever; a symlinked file is copied as its target.
        if entry.file_type().map_err(io(&path))?.is_dir() {
            copy_tree(&path, &to.join(&*name))?;
        } else if path.is_file() {
            crate::write(&to.join(&*name), &crate::read(&path)?)?;
        }
    }
    Ok(())
}

/// The project's `wit/`, or the embedded package when it has none.
pub(crate) fn wit_dir(dir: &Path, scratch: &Path) -> Result<PathBuf, AuthorError> {
    let own = dir.join("wit");
    if own.is_dir() {
        return Ok(own);
    }
    let embedded = scratch.join("wit");
    wit::write_to(&embedded)?;
    Ok(embedded)
}
