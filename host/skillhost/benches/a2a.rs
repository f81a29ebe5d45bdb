//! Skillhost's two performance figures, measured side by side in one run:
//!
//! 1. SendMessage to the echo skill over real HTTP against a bare axum JSON echo route on the
//!    same machine: requests/s and p50/p99 latency. The ratio is the figure (goal >= 0.5).
//! 2. The sandbox cost of one run: instantiate plus `run` of echo, p50 and p99 (goal <= 25 µs).
//!
//! The machine is shared and noisy, so rounds alternate between the two servers and the
//! report compares totals measured under the same conditions.
//!
//! Run: `scripts/bench` (builds the plugins first). Knobs, as environment variables:
//! `BENCH_SECS` (per round, default 5), `BENCH_ROUNDS` (per server, default 2),
//! `BENCH_CONNS` (default 32), `BENCH_RUNS` (sandbox runs, default 20000).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod load;
mod sandbox;

use std::net::SocketAddr;
use std::time::Duration;

use load::{env, serve};

fn main() {
    let secs = Duration::from_secs(env("BENCH_SECS", 5));
    let rounds = env("BENCH_ROUNDS", 2);
    let conns = env("BENCH_CONNS", 32) as usize;
    let servers = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (bare, skillhost, plugin) = servers.block_on(start_servers());
    println!(
        "# Skillhost benchmark: {conns} connections, {} rounds of {secs:?} per server, {} CPUs",
        rounds,
        cpus()
    );

    let body = load::send_message_body();
    let mut totals = [load::Totals::default(), load::Totals::default()];
    for round in 1..=rounds {
        for (i, (name, addr)) in [
            ("bare axum JSON echo", bare),
            ("skillhost SendMessage->echo", skillhost),
        ]
        .into_iter()
        .enumerate()
        {
            let r = load::run(addr, &body, conns, secs);
            println!("round {round} {name:<28} {r}");
            totals[i].add(&r);
        }
    }
    let (b, s) = (totals[0].report(), totals[1].report());
    println!("\nbare axum JSON echo          {b}");
    println!("skillhost SendMessage->echo  {s}");
    println!(
        "throughput ratio skillhost/bare = {:.2} (goal >= 0.50)",
        s.rps / b.rps
    );

    let runs = env("BENCH_RUNS", 20_000);
    let cost = servers.block_on(sandbox::measure(&plugin, runs));
    println!("sandbox instantiate+run(echo) over {runs} runs: {cost} (goal p50 <= 25 µs)");
}

/// Both servers on this process's multi-threaded runtime; the load runs on its own thread.
async fn start_servers() -> (SocketAddr, SocketAddr, skillhost_runtime::Plugin) {
    let bare = serve(axum::Router::new().route("/", axum::routing::post(echo_json))).await;
    let (router, plugin) = sandbox::skillhost_router().await;
    (bare, serve(router).await, plugin)
}

/// The baseline: parse the JSON body and send it back, nothing else.
async fn echo_json(
    axum::Json(body): axum::Json<serde_json::Value>,
) -> axum::Json<serde_json::Value> {
    axum::Json(body)
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
