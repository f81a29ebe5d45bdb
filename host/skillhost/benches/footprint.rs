//! What the host spends on a guest outside its wasm: host-call time and memory. A module of
//! the `contain` bench.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use skillhost_registry::SkillManifest;
use skillhost_runtime::{CancellationToken, Limits, Plugin, Runtime, RuntimeConfig, Turn};
use skillhost_types::{Message, Part, Role};

/// Fuel both loops get for the host-call comparison: about a second of spinning.
const FUEL: u64 = 4_000_000_000;

/// Wall time for `chatty` (a loop on a cheap import) and `spin` (pure wasm) to spend the
/// same fuel: the host-call charge makes them about equal.
pub async fn host_call_charge() {
    let limits = format!("[limits]\nfuel = {FUEL}\ndeadline_ms = 120_000");
    let plugin = load("hostile", &limits).await;
    println!("\nhost-call charge, {FUEL} fuel each:");
    let spin = timed(&plugin, "spin").await;
    let chatty = timed(&plugin, "chatty").await;
    let poll = timed(&plugin, "poll-many").await;
    println!("  spin (pure wasm)           {spin:>8.0?}");
    println!(
        "  chatty (cancelled() loop)  {chatty:>8.0?}   ratio {:.2}",
        chatty.as_secs_f64() / spin.as_secs_f64()
    );
    println!(
        "  poll-many (1000 pollables) {poll:>8.0?}   ratio {:.2}",
        poll.as_secs_f64() / spin.as_secs_f64()
    );
}

/// Host RSS idle, right after 60 runs that each fill a 64 MiB memory cap (four at a
/// time), and 5 s later.
pub async fn rss() {
    let plugin = load("hostile", "[limits]\nmemory_mib = 64").await;
    timed(&plugin, "probe").await;
    let idle = rss_mib();
    for _ in 0..15 {
        let batch = (0..4).map(|_| timed(&plugin, "hog"));
        futures::future::join_all(batch).await;
    }
    let after = rss_mib();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let later = rss_mib();
    println!(
        "\nhost RSS: idle {idle} MiB, after 60 runs filling 64 MiB each {after} MiB (+{}), 5 s later {later} MiB (+{}) (goal: within 50 MiB of idle)",
        after - idle,
        later - idle
    );
}

/// `name` from `target/guests`, with the limits of this `skill.toml`, on a runtime of its
/// own.
async fn load(name: &str, toml: &str) -> Plugin {
    let dir = plugins(&[(name, name, toml)]);
    let manifest: SkillManifest = toml::from_str(toml).expect("skill.toml");
    let limits = manifest.limits.apply(&Limits::default()).expect("limits");
    let bytes = std::fs::read(dir.join(name).join(format!("{name}.wasm"))).expect("wasm");
    let runtime = Runtime::new(RuntimeConfig::default());
    runtime
        .load(name, bytes, limits, Vec::new())
        .await
        .expect("load")
}

/// One run of `skill`, however it ends.
async fn timed(plugin: &Plugin, skill: &str) -> Duration {
    let message = Message {
        role: Role::User,
        ..Message::agent(vec![Part::text("go")])
    };
    let turn = Turn {
        task_id: "bench",
        context_id: "bench",
        skill_id: skill,
        message: &message,
        history: &[],
        metadata: None,
        artifacts: &[],
        event_bytes: usize::MAX,
    };
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let ticket = plugin.admit().expect("admitted");
    let started = Instant::now();
    let _ = plugin
        .run(&ticket, turn, tx, CancellationToken::new())
        .await;
    started.elapsed()
}

fn rss_mib() -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: i64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    kib / 1024
}

/// A plugin directory: `(name, crate, skill.toml)` each.
pub fn plugins(list: &[(&str, &str, &str)]) -> PathBuf {
    let dir = tempfile::tempdir().expect("temp dir").keep();
    for (name, krate, toml) in list {
        let wasm = root().join(format!("target/guests/wasm32-wasip2/release/{krate}.wasm"));
        assert!(
            wasm.exists(),
            "{} is missing: run scripts/build-plugins",
            wasm.display()
        );
        std::fs::create_dir_all(dir.join(name)).expect("plugin dir");
        std::fs::copy(&wasm, dir.join(name).join(format!("{name}.wasm"))).expect("copy");
        std::fs::write(dir.join(name).join("skill.toml"), toml).expect("skill.toml");
    }
    dir
}

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}
