//! C: bindings generated in-process (wit-bindgen-c), clang against wasi-libc for a core
//! module, then a component (wit-component, with the WASI preview 1 reactor adapter).
//! Neither wit-bindgen-cli nor wasm-tools is needed. A project without its own
//! `skillhost.h` gets the built-in one.

use std::path::{Path, PathBuf};
use std::process::Command;

use wasi_preview1_component_adapter_provider as adapter;

use crate::toolchain::{clang, run};
use crate::{AuthorError, Lang, wit};

pub(crate) fn build(dir: &Path, scratch: &Path) -> Result<Vec<u8>, AuthorError> {
    let generated = scratch.join("gen");
    bindings(&generated)?;
    let core = scratch.join("core.wasm");
    let mut command = Command::new(clang()?);
    command.args([
        "--target=wasm32-wasi",
        "-O2",
        "-mexec-model=reactor",
        "-Wl,--no-entry",
        "-Wl,--strip-debug",
    ]);
    command.arg("-I").arg(&generated).arg("-I").arg(dir);
    if let Some(helper) = crate::scaffold::supply_helper(Lang::C, dir, scratch)? {
        command.arg("-I").arg(helper);
    }
    command
        .args(sources(dir)?)
        .arg(generated.join("plugin.c"))
        .arg(generated.join("plugin_component_type.o"));
    command.arg("-o").arg(&core);
    run(&mut command, "clang")?;
    componentize(&crate::read(&core)?)
}

/// plugin.h, plugin.c and plugin_component_type.o for the `plugin` world.
fn bindings(out: &Path) -> Result<(), AuthorError> {
    let (mut resolve, world) = wit::resolve()?;
    let mut files = wit_bindgen_core::Files::default();
    let mut generator = wit_bindgen_c::Opts::default().build();
    generator
        .generate(&mut resolve, world, &mut files)
        .map_err(|e| AuthorError::Project(format!("C bindings: {e:#}")))?;
    for (name, bytes) in files.iter() {
        crate::write(&out.join(name), bytes)?;
    }
    Ok(())
}

/// Every `.c` file of the project, in name order.
fn sources(dir: &Path) -> Result<Vec<PathBuf>, AuthorError> {
    let read = std::fs::read_dir(dir).map_err(|source| AuthorError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "c"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(AuthorError::Project(format!(
            "{}: no .c files",
            dir.display()
        )));
    }
    Ok(files)
}

fn componentize(core: &[u8]) -> Result<Vec<u8>, AuthorError> {
    let failed = |e: anyhow::Error| AuthorError::Component(format!("making the component: {e:#}"));
    wit_component::ComponentEncoder::default()
        .module(core)
        .map_err(failed)?
        .validate(true)
        .adapter(
            adapter::WASI_SNAPSHOT_PREVIEW1_ADAPTER_NAME,
            adapter::WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER,
        )
        .map_err(failed)?
        .encode()
        .map_err(failed)
}
