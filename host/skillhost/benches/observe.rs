//! What observing costs (issue 12's measure): SendMessage to echo over real HTTP against
//! the real `skillhost serve` binary, three times, side by side in one run: metrics off,
//! metrics on (the default), and metrics on with every request's spans exported over
//! OTLP/HTTP to a receiver in this process that takes and drops them. The throughput ratios
//! to "metrics off" are the figures (goal for metrics: at least 0.95).
//!
//! Each server is its own process (the recorder and the trace subscriber are
//! process-global), started with the same config but `[metrics]` and `[trace]`; rounds
//! alternate between them so that all meet the same noise. Requests carry no `traceparent`, so each starts a trace, all of them sampled (the
//! default ratio 1.0): the most a host can export.
//!
//! Run: `scripts/bench traces`. Knobs: `BENCH_SECS` (per round, default 5), `BENCH_ROUNDS`
//! (per server, default 2), `BENCH_CONNS` (default 32).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod load;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use load::{env, serve};

fn main() {
    let secs = Duration::from_secs(env("BENCH_SECS", 5));
    let rounds = env("BENCH_ROUNDS", 2);
    let conns = env("BENCH_CONNS", 32) as usize;
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let received = Arc::new(Received::default());
    let sink = rt.block_on(serve(sink(received.clone())));
    let dir = tempfile::tempdir().expect("temp dir");
    let exported = format!("[trace]\notlp_endpoint = \"http://{sink}\"\n");
    let servers = [
        Server::start(dir.path(), "metrics off", "[metrics]\nenabled = false\n"),
        Server::start(dir.path(), "metrics on", ""),
        Server::start(dir.path(), "metrics on, traces exported", &exported),
    ];
    println!(
        "# Skillhost observability benchmark: {conns} connections, {rounds} rounds of {secs:?} per server"
    );
    let body = load::send_message_body();
    let mut totals: [load::Totals; 3] = Default::default();
    for round in 1..=rounds {
        for (i, server) in servers.iter().enumerate() {
            let r = load::run(server.addr, &body, conns, secs);
            println!("round {round} {:<28} {r}", server.name);
            totals[i].add(&r);
        }
    }
    let reports = totals.map(|t| t.report());
    println!();
    for (server, report) in servers.iter().zip(&reports) {
        println!("{:<28} {report}", server.name);
    }
    let base = reports[0].rps;
    println!(
        "throughput ratio metrics on / metrics off = {:.3}",
        reports[1].rps / base
    );
    println!(
        "throughput ratio traces exported / metrics off = {:.3}",
        reports[2].rps / base
    );
    println!(
        "the receiver got {} exports, {} KiB of protobuf",
        received.posts.load(Ordering::Relaxed),
        received.bytes.load(Ordering::Relaxed) >> 10
    );
}

/// What the OTLP receiver took.
#[derive(Default)]
struct Received {
    posts: AtomicU64,
    bytes: AtomicU64,
}

/// `POST /v1/traces` that counts what it gets and keeps none of it.
fn sink(received: Arc<Received>) -> axum::Router {
    let export = move |body: axum::body::Bytes| {
        received.posts.fetch_add(1, Ordering::Relaxed);
        received
            .bytes
            .fetch_add(body.len() as u64, Ordering::Relaxed);
        std::future::ready(())
    };
    axum::Router::new().route("/v1/traces", axum::routing::post(export))
}

/// A `skillhost serve` child process serving echo on the memory store.
struct Server {
    name: &'static str,
    addr: SocketAddr,
    child: Child,
}

impl Server {
    fn start(dir: &Path, name: &'static str, extra: &str) -> Self {
        let slug = name.replace([' ', ','], "-");
        let plugins = dir.join(&slug).join("echo");
        std::fs::create_dir_all(&plugins).expect("plugin dir");
        std::fs::copy(guest("echo"), plugins.join("echo.wasm")).expect("copy echo");
        let config = dir.join(format!("{slug}.toml"));
        let text = format!(
            "plugins = {:?}\ndefault_skill = \"echo\"\n[store]\nurl = \"memory\"\n{extra}",
            dir.join(&slug)
        );
        std::fs::write(&config, text).expect("config");
        let mut child = Command::new(env!("CARGO_BIN_EXE_skillhost"))
            .args(["serve", "--listen", "127.0.0.1:0", "--config"])
            .arg(&config)
            .env_remove("OTEL_EXPORTER_OTLP_ENDPOINT")
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("skillhost starts");
        let addr = address(child.stderr.take().expect("stderr"));
        Self { name, addr, child }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The address from the log line that says where it serves; the log is drained after.
fn address(stderr: std::process::ChildStderr) -> SocketAddr {
    use std::io::BufRead;
    let mut lines = std::io::BufReader::new(stderr).lines();
    let addr = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            let at = line.find("at http://")?;
            line[at + 10..].split_whitespace().next()?.parse().ok()
        })
        .expect("skillhost serves");
    std::thread::spawn(move || lines.for_each(drop));
    addr
}

fn guest(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!(
        "../../target/guests/wasm32-wasip2/release/{name}.wasm"
    ));
    assert!(
        path.exists(),
        "{} is missing: run scripts/build-plugins",
        path.display()
    );
    path
}
