//! Rust: cargo builds the crate for wasm32-wasip2, which links a component directly.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::AuthorError;
use crate::toolchain::run;

const TARGET: &str = "wasm32-wasip2";

pub(crate) fn build(dir: &Path) -> Result<Vec<u8>, AuthorError> {
    ensure_target()?;
    let manifest = dir.join("Cargo.toml");
    let mut cargo = Command::new("cargo");
    cargo
        .args(["build", "--release", "--target", TARGET, "--manifest-path"])
        .arg(&manifest);
    run(&mut cargo, "cargo build")?;
    crate::read(&output(dir, &crate_name(&manifest)?))
}

/// rustup's target for components, installed if missing.
fn ensure_target() -> Result<(), AuthorError> {
    let listed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    let installed = listed.is_ok_and(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .any(|l| l == TARGET)
    });
    if !installed {
        run(
            Command::new("rustup").args(["target", "add", TARGET]),
            "rustup target add",
        )?;
    }
    Ok(())
}

fn crate_name(manifest: &Path) -> Result<String, AuthorError> {
    let text = String::from_utf8_lossy(&crate::read(manifest)?).into_owned();
    let parsed: toml::Table = toml::from_str(&text)
        .map_err(|e| AuthorError::Project(format!("{}: {e}", manifest.display())))?;
    let name = parsed
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str());
    name.map(str::to_string)
        .ok_or_else(|| AuthorError::Project(format!("{}: no [package] name", manifest.display())))
}

fn output(dir: &Path, name: &str) -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| dir.join("target"), PathBuf::from);
    target
        .join(TARGET)
        .join("release")
        .join(format!("{}.wasm", name.replace('-', "_")))
}
