//! The black-box test harness: start a real host on `127.0.0.1:0` with a plugin directory
//! made for the test, and talk to it over HTTP as any client would.
//!
//! - [`guest`], [`bundled`]: the path of a built component (run `scripts/build-plugins`
//!   first); [`hand_written`]: a component assembled from text; [`Plugin`]: one plugin of a
//!   test host.
//! - `host`: [`TestHost`], a running host, with JSON-RPC and SSE helpers; `rest`: its
//!   HTTP+JSON calls; `legacy`: calls as 0.3 and 0.1 clients make them.
//! - `sse`: [`Sse`], a parsed Server-Sent Events stream, with each event's `id:`.
//! - [`process`]: [`Served`], a real `skillhost serve` process (for `kill -9` and restarts).
//! - [`msg`]: request builders; [`task`]: reading a task's state and status message.
//! - [`webhook`]: [`webhook::Webhook`], a real webhook receiver for push notifications.
//! - [`tls`]: a self-signed certificate and a TLS listener for test servers.

mod host;
mod legacy;
pub mod msg;
pub mod process;
mod rest;
mod sse;
pub mod task;
pub mod tls;
pub mod webhook;

use std::path::PathBuf;

pub use host::{Raw, TestHost, compile_cache, plugin_dir};
pub use process::Served;
pub use sse::Sse;

/// The built component `name` (crate name with `_`), from `target/guests`.
pub fn guest(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../target/guests/wasm32-wasip2/release")
        .join(format!("{name}.wasm"));
    assert!(
        path.exists(),
        "{} is missing: run scripts/build-plugins first",
        path.display()
    );
    path
}

/// The hand-written component `tests/guests/<name>/<name>.wat`, assembled into
/// `target/guests/<name>.wasm` once per test run (for fixtures no toolchain makes).
pub fn hand_written(name: &str) -> PathBuf {
    static DONE: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = root.join(format!("../target/guests/{name}.wasm"));
    let mut done = DONE.lock().unwrap_or_else(|e| e.into_inner());
    if !done.iter().any(|d| d == name) {
        let source = root.join(format!("guests/{name}/{name}.wat"));
        let bytes = wat::parse_file(&source)
            .unwrap_or_else(|e| panic!("{} does not assemble: {e}", source.display()));
        let partial = out.with_extension("wasm.partial");
        std::fs::write(&partial, bytes).expect("write the component");
        std::fs::rename(&partial, &out).expect("move the component in place");
        done.push(name.to_string());
    }
    out
}

/// The bundled plugin `name` as `scripts/build-plugins` laid it out in `target/plugins`:
/// the way to reach plugins that cargo does not build (JavaScript, Python, C).
pub fn bundled(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../target/plugins")
        .join(name)
        .join(format!("{name}.wasm"));
    assert!(
        path.exists(),
        "{} is missing: run scripts/build-plugins first",
        path.display()
    );
    path
}

/// One plugin of a test host: a directory name, a component and its `skill.toml`.
pub struct Plugin<'a> {
    /// Directory name (the plugin's name).
    pub name: &'a str,
    /// The component file.
    pub wasm: PathBuf,
    /// Contents of `skill.toml`.
    pub toml: &'a str,
}

impl<'a> Plugin<'a> {
    /// A plugin with default limits; `wasm` is a crate name, as for [`guest`].
    pub fn new(name: &'a str, wasm: &str) -> Self {
        Self::at(name, guest(wasm))
    }

    /// A plugin with default limits whose component is the file `wasm`.
    pub fn at(name: &'a str, wasm: PathBuf) -> Self {
        Self {
            name,
            wasm,
            toml: "",
        }
    }

    /// The same plugin with this `skill.toml`.
    pub fn with_toml(mut self, toml: &'a str) -> Self {
        self.toml = toml;
        self
    }
}
