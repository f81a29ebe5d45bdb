//! Host bindings for the `a2a:skill/plugin` world, and nothing else.
//!
//! Imports are `trappable` so a host function can end a run that breaks the contract or its
//! limits; exports are async so guests run on the tokio executor and yield at fuel and epoch
//! checkpoints.

wasmtime::component::bindgen!({
    path: "../../wit",
    world: "plugin",
    imports: { default: trappable },
    exports: { default: async },
});

pub use a2a::skill::types;
