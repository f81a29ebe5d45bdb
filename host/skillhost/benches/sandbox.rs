//! The Skillhost side of the benchmark: a host with the echo skill, and the cost of one
//! sandboxed run measured directly on the runtime.

use std::fmt;
use std::path::PathBuf;
use std::time::Instant;

use hdrhistogram::Histogram;
use skillhost::config::HostToml;
use skillhost::{Host, Settings};
use skillhost_runtime::{CancellationToken, Plugin, Turn};
use skillhost_types::{Message, Part, Role};

fn echo_wasm() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/guests/wasm32-wasip2/release/echo.wasm");
    assert!(
        path.exists(),
        "{} is missing: run scripts/build-plugins (scripts/bench does)",
        path.display()
    );
    path
}

/// A Skillhost router serving the echo skill, and the loaded echo plugin.
pub async fn skillhost_router() -> (axum::Router, Plugin) {
    let dir = tempfile::tempdir().expect("temp dir").keep();
    std::fs::create_dir_all(dir.join("echo")).expect("plugin dir");
    std::fs::copy(echo_wasm(), dir.join("echo/echo.wasm")).expect("copy echo");
    let mut file = HostToml::parse(
        "bench",
        "default_skill = \"echo\"\n[store]\nurl = \"memory\"",
    )
    .expect("config");
    file.plugins = Some(dir);
    let settings = Settings::from_toml(file).expect("settings");
    let host = Host::build(&settings, Some("http://127.0.0.1".into()))
        .await
        .expect("host");
    let plugin = host
        .registry
        .catalog()
        .route(Some("echo"))
        .expect("echo")
        .plugin
        .clone();
    (host.router, plugin)
}

/// p50 and p99 of one run.
pub struct Cost {
    p50: f64,
    p99: f64,
}

impl fmt::Display for Cost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "p50 {:.1} µs  p99 {:.1} µs", self.p50, self.p99)
    }
}

/// Times `runs` sequential runs of echo (fresh store, instantiate, call `run`, outcome back),
/// after a warm-up of a tenth as many.
pub async fn measure(plugin: &Plugin, runs: u64) -> Cost {
    let message = Message {
        role: Role::User,
        ..Message::agent(vec![Part::text("hello")])
    };
    let turn = Turn {
        task_id: "bench",
        context_id: "bench",
        skill_id: "echo",
        message: &message,
        history: &[],
        metadata: None,
        artifacts: &[],
        event_bytes: usize::MAX,
    };
    let mut h = Histogram::<u64>::new_with_bounds(1, 10_000_000_000, 3).expect("bounds");
    for i in 0..runs + runs / 10 {
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let started = Instant::now();
        plugin
            .run(
                &plugin.admit().expect("admitted"),
                turn,
                tx,
                CancellationToken::new(),
            )
            .await
            .expect("echo runs");
        if i >= runs / 10 {
            h.record(started.elapsed().as_nanos() as u64)
                .expect("in bounds");
        }
    }
    Cost {
        p50: h.value_at_quantile(0.5) as f64 / 1000.0,
        p99: h.value_at_quantile(0.99) as f64 / 1000.0,
    }
}
