//! Python: componentize-py bundles the module and CPython into a component. A project
//! without its own `skillhost.py` gets the built-in one.

use std::path::Path;
use std::process::Command;

use crate::toolchain::{componentize_py, run};
use crate::{AuthorError, Lang, wit};

pub(crate) fn build(
    dir: &Path,
    module: &str,
    tools: &Path,
    scratch: &Path,
) -> Result<Vec<u8>, AuthorError> {
    let bin = componentize_py(tools)?;
    let out = scratch.join("component.wasm");
    let mut command = Command::new(bin);
    command
        .current_dir(dir)
        .arg("-d")
        .arg(super::js::wit_dir(dir, scratch)?);
    command.args(["-w", wit::WORLD, "componentize", "-p", "."]);
    if let Some(helper) = crate::scaffold::supply_helper(Lang::Python, dir, scratch)? {
        command.arg("-p").arg(helper);
    }
    command.arg(module).arg("-o").arg(&out);
    run(&mut command, "componentize-py")?;
    crate::read(&out)
}
