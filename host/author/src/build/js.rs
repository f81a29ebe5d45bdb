//! JavaScript: componentize-js bundles the module (relative imports included) with the
//! StarlingMonkey engine into a component.

use std::path::Path;
use std::process::Command;

use crate::toolchain::{componentize_js, run};
use crate::{AuthorError, wit};

pub(crate) fn build(
    dir: &Path,
    source: &str,
    tools: &Path,
    scratch: &Path,
) -> Result<Vec<u8>, AuthorError> {
    let bin = componentize_js(tools)?;
    let out = scratch.join("component.wasm");
    let mut command = Command::new(bin);
    command
        .current_dir(dir)
        .arg(source)
        .arg("--wit")
        .arg(wit_dir(dir, scratch)?);
    command.args(["-n", wit::WORLD]);
    // Without both, the component imports wasi:http, which skills are not granted.
    command.args(["-d", "http", "fetch-event", "-o"]).arg(&out);
    run(&mut command, "componentize-js")?;
    crate::read(&out)
}

/// The project's `wit/`, or the embedded package when it has none.
pub(crate) fn wit_dir(dir: &Path, scratch: &Path) -> Result<std::path::PathBuf, AuthorError> {
    let own = dir.join("wit");
    if own.is_dir() {
        return Ok(own);
    }
    let embedded = scratch.join("wit");
    wit::write_to(&embedded)?;
    Ok(embedded)
}
