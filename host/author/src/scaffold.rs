//! `skillhost skill new`: a new skill project that builds as generated.
//!
//! The project holds the template's files, the WIT package (`wit/`, or
//! `.skillhost/wit/` for Rust) and the language's helper layer, so it builds without this
//! repository: Rust depends on a copy of the SDK crate, JavaScript imports `skillhost.js`,
//! Python imports `skillhost.py`, C includes `skillhost.h`.

use std::path::{Path, PathBuf};

use crate::{AuthorError, Lang, wit};

/// A file of a template: its path in the project and its contents (`{{name}}` is replaced).
type File = (&'static str, &'static str);

const RUST: &[File] = &[
    (
        "Cargo.toml",
        include_str!("../../../sdk/templates/rust/Cargo.toml"),
    ),
    (
        "src/lib.rs",
        include_str!("../../../sdk/templates/rust/src/lib.rs"),
    ),
    (
        "skill.toml",
        include_str!("../../../sdk/templates/rust/skill.toml"),
    ),
    (
        ".gitignore",
        include_str!("../../../sdk/templates/rust/gitignore"),
    ),
    (
        ".skillhost/sdk-rust/Cargo.toml",
        include_str!("../../../sdk/rust/Cargo.toml"),
    ),
    (
        ".skillhost/sdk-rust/src/lib.rs",
        include_str!("../../../sdk/rust/src/lib.rs"),
    ),
    (
        ".skillhost/sdk-rust/src/types.rs",
        include_str!("../../../sdk/rust/src/types.rs"),
    ),
    (
        ".skillhost/sdk-rust/src/events.rs",
        include_str!("../../../sdk/rust/src/events.rs"),
    ),
    (
        ".skillhost/sdk-rust/src/log.rs",
        include_str!("../../../sdk/rust/src/log.rs"),
    ),
    (
        ".skillhost/sdk-rust/src/config.rs",
        include_str!("../../../sdk/rust/src/config.rs"),
    ),
    (
        ".skillhost/sdk-rust/src/metadata.rs",
        include_str!("../../../sdk/rust/src/metadata.rs"),
    ),
];

const JS: &[File] = &[
    (
        "skill.js",
        include_str!("../../../sdk/templates/js/skill.js"),
    ),
    (
        "skill.toml",
        include_str!("../../../sdk/templates/js/skill.toml"),
    ),
    (
        ".gitignore",
        include_str!("../../../sdk/templates/js/gitignore"),
    ),
    JS_HELPER,
];

const PYTHON: &[File] = &[
    (
        "app.py",
        include_str!("../../../sdk/templates/python/app.py"),
    ),
    (
        "skill.toml",
        include_str!("../../../sdk/templates/python/skill.toml"),
    ),
    (
        ".gitignore",
        include_str!("../../../sdk/templates/python/gitignore"),
    ),
    PYTHON_HELPER,
];

const C: &[File] = &[
    ("skill.c", include_str!("../../../sdk/templates/c/skill.c")),
    (
        "skill.toml",
        include_str!("../../../sdk/templates/c/skill.toml"),
    ),
    (
        ".gitignore",
        include_str!("../../../sdk/templates/c/gitignore"),
    ),
    C_HELPER,
];

/// The helper layers, which `skill new` copies into a project and `skill build` supplies
/// to a project that has none of its own.
const JS_HELPER: File = ("skillhost.js", include_str!("../../../sdk/js/skillhost.js"));
const PYTHON_HELPER: File = (
    "skillhost.py",
    include_str!("../../../sdk/python/skillhost.py"),
);
const C_HELPER: File = ("skillhost.h", include_str!("../../../sdk/c/skillhost.h"));

/// The language's helper layer (file name and text).
fn helper(lang: Lang) -> Option<File> {
    match lang {
        Lang::Rust => None, // a crate dependency, not a file
        Lang::Js => Some(JS_HELPER),
        Lang::Python => Some(PYTHON_HELPER),
        Lang::C => Some(C_HELPER),
    }
}

/// Writes `lang`'s helper layer into `scratch/helper` unless the project `dir` has its own;
/// returns the directory to add to the language's search path, if one was written.
pub(crate) fn supply_helper(
    lang: Lang,
    dir: &Path,
    scratch: &Path,
) -> Result<Option<PathBuf>, AuthorError> {
    let Some((name, text)) = helper(lang) else {
        return Ok(None);
    };
    if dir.join(name).exists() {
        return Ok(None);
    }
    let helper_dir = scratch.join("helper");
    crate::write(&helper_dir.join(name), text.as_bytes())?;
    Ok(Some(helper_dir))
}

/// Creates the project `dir/name` for a skill called `name`; returns its directory.
pub fn new_project(lang: Lang, name: &str, dir: &Path) -> Result<PathBuf, AuthorError> {
    check_name(name)?;
    let root = dir.join(name);
    if root.exists() {
        return Err(AuthorError::Project(format!(
            "{} already exists",
            root.display()
        )));
    }
    let files = match lang {
        Lang::Rust => RUST,
        Lang::Js => JS,
        Lang::Python => PYTHON,
        Lang::C => C,
    };
    for (path, text) in files {
        let text = text.replace("{{name}}", name);
        // The SDK crate finds the WIT two levels up in this repository, one in a project.
        let text = text.replace("path: \"../../wit\"", "path: \"../wit\"");
        crate::write(&root.join(path), text.as_bytes())?;
    }
    let wit_dir = if lang == Lang::Rust {
        root.join(".skillhost/wit")
    } else {
        root.join("wit")
    };
    wit::write_to(&wit_dir)?;
    Ok(root)
}

/// Names become crate names, file names and skill ids: keep them simple.
fn check_name(name: &str) -> Result<(), AuthorError> {
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(AuthorError::Project(format!(
            "skill name {name:?}: use 1-64 of a-z, 0-9, '-' and '_', starting with a letter"
        )))
    }
}
