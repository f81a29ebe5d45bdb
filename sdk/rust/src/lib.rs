//! Write a Skillhost skill in Rust.
//!
//! A skill is a type that implements [`Skill`] plus one [`export_skill!`] line; build the crate
//! as a `cdylib` for `wasm32-wasip2` and the result is a component the host can load.
//!
//! ```ignore
//! use skillhost_sdk::prelude::*;
//!
//! struct Echo;
//!
//! impl Skill for Echo {
//!     fn describe() -> Vec<SkillCard> {
//!         vec![SkillCard::new("echo", "Echo", "Replies with the text it receives")]
//!     }
//!
//!     fn run(turn: Turn) -> Result<Outcome, SkillError> {
//!         progress("echoing");
//!         Ok(Outcome::Completed(Some(Reply::text(turn.text()))))
//!     }
//! }
//!
//! skillhost_sdk::export_skill!(Echo);
//! ```
//!
//! # Layout
//! - [`Skill`] and [`export_skill!`]: the entry point.
//! - [`types`]: the WIT data types with constructors and accessors.
//! - [`events`]: progress, artifacts (whole or in chunks) and cancellation.
//! - [`log`] and [`config`]: the other two host imports.
//! - [`metadata`]: reading a string from a message's or a request's metadata.
//!
//! The generated bindings live in a hidden module; nothing here requires reading them.

pub mod config;
pub mod events;
pub mod log;
pub mod metadata;
pub mod types;

#[doc(hidden)]
pub mod wit {
    wit_bindgen::generate!({
        path: "../../wit",
        world: "plugin",
        pub_export_macro: true,
        default_bindings_module: "skillhost_sdk::wit",
        export_macro_name: "__export_plugin",
    });
}

pub use events::{ArtifactStream, cancelled, emit_artifact, progress, status};
pub use types::{
    Artifact, Message, Outcome, Part, PartContent, Reply, Role, SkillCard, SkillError, Turn,
};

/// Everything a skill usually needs, in one `use`.
pub mod prelude {
    pub use crate::events::{ArtifactStream, cancelled, emit_artifact, progress, status};
    pub use crate::types::{
        Artifact, Message, Outcome, Part, PartContent, Reply, Role, SkillCard, SkillError, Turn,
    };
    pub use crate::{Skill, config, log};
}

/// A plugin: the skills it offers and how it runs one turn.
pub trait Skill {
    /// The skills this plugin offers (read once, when the host loads it).
    fn describe() -> Vec<SkillCard>;

    /// Runs one turn of a task for `turn.skill_id`. Emit progress and artifacts through
    /// [`events`] while running; return how the turn ended, or the skill's own error.
    fn run(turn: Turn) -> Result<Outcome, SkillError>;
}

/// Exports a [`Skill`] implementation as the plugin's `a2a:skill/skill` interface.
///
/// The export exists only when compiling for wasm32: natively it expands to nothing, so a
/// skill crate can also be an `rlib` whose logic `cargo test` runs on the host.
#[macro_export]
macro_rules! export_skill {
    ($skill:ident) => {
        #[cfg(target_arch = "wasm32")]
        const _: () = {
            impl $crate::wit::exports::a2a::skill::skill::Guest for $skill {
                fn describe() -> ::std::vec::Vec<$crate::SkillCard> {
                    <$skill as $crate::Skill>::describe()
                }

                fn run(turn: $crate::Turn) -> ::std::result::Result<$crate::Outcome, $crate::SkillError> {
                    <$skill as $crate::Skill>::run(turn)
                }
            }
        };
        #[cfg(target_arch = "wasm32")]
        $crate::wit::__export_plugin!($skill with_types_in $crate::wit);
    };
}
