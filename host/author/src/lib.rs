//! Tools for skill authors: `skillhost skill new`, `build` and `inspect`.
//!
//! Everything a skill project needs travels inside the `skillhost` binary: the WIT
//! package, the Rust SDK and the JavaScript, Python and C helper layers, and the templates.
//! A new project is self-contained: it builds with tools from the package registries
//! (cargo, npm, PyPI, Debian's clang), which `build` installs where it can.
//!
//! # Layout
//! - [`Lang`]: the languages and how to tell a project's language.
//! - `wit`: the embedded WIT package and the world every skill targets.
//! - [`scaffold`]: `skill new`.
//! - [`build`]: `skill build`, one module per language, and checking the result.
//! - `toolchain`: installing componentize-js and componentize-py on first use.
//! - [`inspect`]: `skill inspect`: which world and version a component implements.

pub mod build;
pub mod inspect;
pub mod scaffold;
mod toolchain;
mod wit;

use std::fmt;
use std::path::PathBuf;

pub use build::{BuildOptions, build};
pub use inspect::{Report, inspect};
pub use scaffold::new_project;

/// A language skills are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Rust, with the `skillhost-sdk` crate.
    Rust,
    /// JavaScript, componentized by componentize-js.
    Js,
    /// Python, componentized by componentize-py.
    Python,
    /// C, compiled by clang against wasi-libc.
    C,
}

impl Lang {
    /// Every language, in the order the docs list them.
    pub const ALL: [Lang; 4] = [Lang::Rust, Lang::Js, Lang::Python, Lang::C];

    /// Its name in `skill.toml` and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Rust => "rust",
            Lang::Js => "js",
            Lang::Python => "python",
            Lang::C => "c",
        }
    }

    /// The language called `name`.
    pub fn parse(name: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.name() == name)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a skill tool failed. Each says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum AuthorError {
    /// A file could not be read or written.
    #[error("{path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The project is not usable as given.
    #[error("{0}")]
    Project(String),
    /// A tool the language needs is missing or failed to install.
    #[error("{0}")]
    Toolchain(String),
    /// The language's compiler or componentizer failed; its output follows.
    #[error("{tool} failed:\n{output}")]
    Compile {
        /// The tool.
        tool: String,
        /// What it printed.
        output: String,
    },
    /// The result is not a usable skill component.
    #[error("{0}")]
    Component(String),
}

/// Reads a file, naming it in the error.
pub(crate) fn read(path: &std::path::Path) -> Result<Vec<u8>, AuthorError> {
    std::fs::read(path).map_err(|source| AuthorError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes a file and its directories, naming it in the error.
pub(crate) fn write(path: &std::path::Path, bytes: &[u8]) -> Result<(), AuthorError> {
    let io = |source| AuthorError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, bytes).map_err(|source| AuthorError::Io {
        path: path.to_path_buf(),
        source,
    })
}
