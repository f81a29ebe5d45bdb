//! What the metrics cost: SendMessage to the echo skill over real HTTP with the metrics off
//! and on, side by side in one run, on the same host. The ratio on/off is the figure (goal:
//! metrics cost <= 5 %, a ratio >= 0.95).
//!
//! The recorder is process-global and cannot be uninstalled, so the bench installs the
//! Prometheus recorder behind a switch: off, every metric resolves to a no-op, as with no
//! recorder at all (the facade's default is a no-op recorder behind the same dynamic call);
//! on, the Prometheus recorder counts, and each round ends with a scrape. Rounds alternate
//! off and on, because the machine is shared and noisy.
//!
//! Run: `scripts/bench metrics`. Knobs: `BENCH_SECS` (per round, default 5), `BENCH_ROUNDS`
//! (per setting, default 3), `BENCH_CONNS` (default 32).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod load;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use load::{env, serve};
use metrics::{Counter, Gauge, Histogram, Key, KeyName, Metadata, Recorder, SharedString, Unit};
use metrics_exporter_prometheus::{PrometheusHandle, PrometheusRecorder};
use skillhost::config::HostToml;
use skillhost::{Host, Settings};

/// The settings side by side. TRACES: a third column, "metrics on + traces exported", goes
/// here once OpenTelemetry export exists (issue 12, point 2).
const SETTINGS: [(&str, bool); 2] = [("metrics off", false), ("metrics on", true)];

fn main() {
    let secs = Duration::from_secs(env("BENCH_SECS", 5));
    let rounds = env("BENCH_ROUNDS", 3);
    let conns = env("BENCH_CONNS", 32) as usize;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (switch, handle) = install();
    let addr = rt.block_on(async { serve(echo_router().await).await });
    println!("# Metrics cost: {conns} connections, {rounds} rounds of {secs:?} per setting");
    let body = load::send_message_body();
    let mut totals = [load::Totals::default(), load::Totals::default()];
    for round in 1..=rounds {
        for (i, (name, on)) in SETTINGS.into_iter().enumerate() {
            switch.store(on, Ordering::Relaxed);
            let r = load::run(addr, &body, conns, secs);
            println!("round {round} {name:<12} {r}");
            totals[i].add(&r);
        }
        handle.run_upkeep();
        println!("        scrape: {} bytes", handle.render().len());
    }
    let (off, on) = (totals[0].report(), totals[1].report());
    println!("\nmetrics off  {off}\nmetrics on   {on}");
    println!("metrics on/off = {:.3} (goal >= 0.95)", on.rps / off.rps);
    println!("traces exported: not measured yet (issue 12, point 2)");
}

/// The Prometheus recorder, installed behind a switch (off at first).
fn install() -> (Arc<AtomicBool>, PrometheusHandle) {
    let recorder = skillhost::metrics::builder()
        .expect("builder")
        .build_recorder();
    let handle = recorder.handle();
    let on = Arc::new(AtomicBool::new(false));
    let switch = Switch {
        on: on.clone(),
        inner: recorder,
    };
    metrics::set_global_recorder(switch).expect("the only recorder");
    skillhost::metrics::describe();
    (on, handle)
}

/// A host with the echo skill as the default, on the memory store.
async fn echo_router() -> axum::Router {
    let dir = tempfile::tempdir().expect("temp dir").keep();
    std::fs::create_dir_all(dir.join("echo")).expect("plugin dir");
    let wasm = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/guests/wasm32-wasip2/release/echo.wasm");
    std::fs::copy(&wasm, dir.join("echo/echo.wasm")).expect("echo.wasm: run scripts/build-plugins");
    let text = "default_skill = \"echo\"\n[store]\nurl = \"memory\"";
    let mut file = HostToml::parse("bench", text).expect("config");
    file.plugins = Some(dir);
    let settings = Settings::from_toml(file).expect("settings");
    let host = Host::build(&settings, None).await.expect("host");
    host.router
}

/// Prometheus when on; no-op handles when off.
struct Switch {
    on: Arc<AtomicBool>,
    inner: PrometheusRecorder,
}

impl Recorder for Switch {
    fn describe_counter(&self, key: KeyName, unit: Option<Unit>, help: SharedString) {
        self.inner.describe_counter(key, unit, help);
    }

    fn describe_gauge(&self, key: KeyName, unit: Option<Unit>, help: SharedString) {
        self.inner.describe_gauge(key, unit, help);
    }

    fn describe_histogram(&self, key: KeyName, unit: Option<Unit>, help: SharedString) {
        self.inner.describe_histogram(key, unit, help);
    }

    fn register_counter(&self, key: &Key, metadata: &Metadata<'_>) -> Counter {
        match self.on.load(Ordering::Relaxed) {
            true => self.inner.register_counter(key, metadata),
            false => Counter::noop(),
        }
    }

    fn register_gauge(&self, key: &Key, metadata: &Metadata<'_>) -> Gauge {
        match self.on.load(Ordering::Relaxed) {
            true => self.inner.register_gauge(key, metadata),
            false => Gauge::noop(),
        }
    }

    fn register_histogram(&self, key: &Key, metadata: &Metadata<'_>) -> Histogram {
        match self.on.load(Ordering::Relaxed) {
            true => self.inner.register_histogram(key, metadata),
            false => Histogram::noop(),
        }
    }
}
