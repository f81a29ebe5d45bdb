//! Containment under attack, measured side by side in one run (issue 7):
//!
//! 1. Benign echo latency (p50, p99 over HTTP, one connection) alone, beside four
//!    CPU-bound hostile runs (`spin`), and beside four host-call loops (`chatty`), as
//!    ratios to alone (goal: p99 under attack at most 3x). Measured twice, with the
//!    default heavy-run slots (cores - 1) and with as many as there are attackers (no
//!    gating), to compare the scheduling options.
//! 2. The host-call charge: wall time for `chatty` and for `spin` to spend the same fuel.
//! 3. Host RSS idle, after 60 runs that each fill their 64 MiB memory cap, and 5 s later.
//!
//! Run: `scripts/bench contain` or `cargo bench -p skillhost --bench contain`. Knobs:
//! `BENCH_SECS` (per latency phase, in three rounds, default 6).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod footprint;
// Shared with the a2a bench, which uses all of it.
#[allow(dead_code)]
mod load;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use skillhost::config::HostToml;
use skillhost::{Host, Settings};
use skillhost_tasks::TaskManager;

/// CPU-bound or host-call-bound runs beside echo.
const ATTACKERS: usize = 4;

/// Rounds each phase is split into.
const ROUNDS: u32 = 3;

fn main() {
    let secs = Duration::from_secs(
        std::env::var("BENCH_SECS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(6),
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "# containment benchmark: {secs:?} per phase, {} CPUs",
        cpus()
    );
    for heavy in [cpus().saturating_sub(1).max(1), ATTACKERS] {
        latency(&rt, heavy, secs);
    }
    rt.block_on(footprint::host_call_charge());
    rt.block_on(footprint::rss());
}

/// Echo's latency alone and beside each attack, on a host with `heavy` heavy-run slots.
/// The machine is shared and noisy, so the phases alternate, round after round, and each
/// phase's rounds are added up.
fn latency(rt: &tokio::runtime::Runtime, heavy: usize, secs: Duration) {
    let (addr, manager) = rt.block_on(serve(heavy));
    let body = load::send_message_body();
    let mut totals: [load::Totals; 3] = Default::default();
    for _ in 0..ROUNDS {
        totals[0].add(&load::run(addr, &body, 1, secs / ROUNDS));
        for (i, attack) in ["spin", "chatty"].into_iter().enumerate() {
            let stop = Arc::new(AtomicBool::new(false));
            for _ in 0..ATTACKERS {
                rt.spawn(attacker(manager.clone(), attack, stop.clone()));
            }
            totals[i + 1].add(&load::run(addr, &body, 1, secs / ROUNDS));
            stop.store(true, Ordering::Relaxed);
            // The attackers' last runs end at their deadline.
            std::thread::sleep(Duration::from_secs(3));
        }
    }
    let [alone, spin, chatty] = totals.map(|t| t.report());
    println!("\nheavy_runs = {heavy}");
    println!("  echo alone                 {alone}");
    for (attack, beside) in [("spin", spin), ("chatty", chatty)] {
        println!(
            "  echo beside {ATTACKERS} x {attack:<7}   {beside}   ratio p50 {:.1}x  p99 {:.1}x (goal p99 <= 3x)",
            beside.p50 as f64 / alone.p50 as f64,
            beside.p99 as f64 / alone.p99 as f64
        );
    }
}

/// Sends `skill` to the hostile plugin again and again until `stop`.
async fn attacker(manager: TaskManager, skill: &str, stop: Arc<AtomicBool>) {
    while !stop.load(Ordering::Relaxed) {
        let req = serde_json::from_value(serde_json::json!({"message": {
            "messageId": "attack", "role": "ROLE_USER", "parts": [{"text": "go"}],
            "metadata": {"skillId": skill}}}))
        .expect("request");
        let _ = manager
            .send(skillhost_types::principal::ANONYMOUS, req)
            .await;
    }
}

/// A host with echo (the default skill) and the hostile plugin, whose runs spin for 2 s.
async fn serve(heavy: usize) -> (SocketAddr, TaskManager) {
    let hostile = "[limits]\nfuel = 10_000_000_000_000\ndeadline_ms = 2_000";
    let dir = footprint::plugins(&[("echo", "echo", ""), ("hostile", "hostile", hostile)]);
    let config = format!("default_skill = \"echo\"\n[runtime]\nheavy_runs = {heavy}");
    let mut file = HostToml::parse("bench", &config).expect("config");
    file.plugins = Some(dir);
    file.runtime.cache_dir = Some(footprint::root().join("target/component-cache"));
    let settings = Settings::from_toml(file).expect("settings");
    let host = Host::build(&settings, Some("http://127.0.0.1".into()))
        .await
        .expect("host");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = host.router;
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    (addr, host.manager)
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
