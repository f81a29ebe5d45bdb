//! What a skill costs in each language: the same template skill (`skillhost skill new`,
//! which greets, asks and fails alike in Rust, JavaScript, Python and C), built, loaded and
//! run through the runtime, side by side in one run.
//!
//! Per language: build time and component size; load time (compile plus `describe`, with no
//! compile cache); instantiate (a fresh store and instance, no call) and run (instantiate
//! plus one `run` that emits a status and an artifact), p50 and p99. The machine is shared
//! and noisy, so the timed loops alternate between languages round by round.
//!
//! Run: `scripts/bench languages` or `cargo bench -p skillhost --bench languages`. Knobs:
//! `BENCH_RUNS` (timed iterations per language, default 2000), `BENCH_LANGS` (a
//! comma-separated subset, e.g. `js,python`), `SKILLHOST_TOOLCHAINS` (default
//! `target/toolchains`, where `scripts/build-plugins` installs them).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use skillhost_author::{BuildOptions, Lang};
use skillhost_runtime::{CancellationToken, Limits, Plugin, Runtime, RuntimeConfig, Turn};
use skillhost_types::{Message, Part, Role};

/// Rounds the timed loops are split into, alternating languages.
const ROUNDS: u64 = 4;

struct Subject {
    lang: Lang,
    bytes: usize,
    build: Duration,
    load: Duration,
    plugin: Plugin,
    instantiate: Histogram<u64>,
    run: Histogram<u64>,
}

fn main() {
    let runs = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000u64);
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    let work = tempfile::tempdir().expect("temp dir");
    let runtime = Runtime::new(RuntimeConfig::default());
    let mut subjects: Vec<Subject> = languages()
        .into_iter()
        .map(|lang| rt.block_on(prepare(&runtime, lang, work.path())))
        .collect();
    for _ in 0..ROUNDS {
        for s in &mut subjects {
            rt.block_on(time_instantiate(s, runs / ROUNDS));
            rt.block_on(time_run(s, runs / ROUNDS));
        }
    }
    report(&subjects, runs);
}

fn languages() -> Vec<Lang> {
    let Ok(list) = std::env::var("BENCH_LANGS") else {
        return Lang::ALL.to_vec();
    };
    let parse =
        |name: &str| Lang::parse(name.trim()).unwrap_or_else(|| panic!("BENCH_LANGS: {name}?"));
    list.split(',').map(parse).collect()
}

/// Scaffolds and builds the template, then loads it with no cache.
async fn prepare(runtime: &Runtime, lang: Lang, dir: &std::path::Path) -> Subject {
    let project = skillhost_author::new_project(lang, &format!("t-{lang}"), dir).expect("new");
    let started = Instant::now();
    let opts = BuildOptions {
        dir: project,
        out: None,
        toolchains: Some(toolchains()),
    };
    let wasm = skillhost_author::build(&opts).unwrap_or_else(|e| panic!("{lang}: {e}"));
    let build = started.elapsed();
    let bytes = std::fs::read(&wasm).expect("component");
    let size = bytes.len();
    let started = Instant::now();
    let plugin = runtime
        .load(lang.name(), bytes, Limits::default(), Vec::new())
        .await
        .unwrap_or_else(|e| panic!("{lang}: {e}"));
    let load = started.elapsed();
    eprintln!("{lang}: built in {build:.1?}, loaded in {load:.1?}");
    Subject {
        lang,
        bytes: size,
        build,
        load,
        plugin,
        instantiate: histogram(),
        run: histogram(),
    }
}

fn toolchains() -> PathBuf {
    std::env::var_os("SKILLHOST_TOOLCHAINS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/toolchains"),
        PathBuf::from,
    )
}

fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 60_000_000_000, 3).expect("bounds")
}

async fn time_instantiate(s: &mut Subject, runs: u64) {
    s.plugin.instantiate().await.expect("warm-up");
    for _ in 0..runs {
        let started = Instant::now();
        s.plugin.instantiate().await.expect("instantiate");
        record(&mut s.instantiate, started);
    }
}

async fn time_run(s: &mut Subject, runs: u64) {
    let message = Message {
        role: Role::User,
        ..Message::agent(vec![Part::text("Ada")])
    };
    let skill = format!("t-{}", s.lang);
    let turn = Turn {
        task_id: "bench",
        context_id: "bench",
        skill_id: &skill,
        message: &message,
        history: &[],
        metadata: None,
        artifacts: &[],
        event_bytes: usize::MAX,
    };
    for i in 0..=runs {
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let started = Instant::now();
        let ticket = s.plugin.admit().expect("admitted");
        let outcome = s
            .plugin
            .run(&ticket, turn, tx, CancellationToken::new())
            .await;
        outcome.unwrap_or_else(|e| panic!("{}: {e}", s.lang));
        if i > 0 {
            record(&mut s.run, started); // the first is a warm-up
        }
    }
}

fn record(h: &mut Histogram<u64>, started: Instant) {
    h.record(started.elapsed().as_nanos() as u64)
        .expect("in bounds");
}

fn report(subjects: &[Subject], runs: u64) {
    println!("\n# The template skill per language, {runs} timed runs each");
    println!(
        "| language | component | build | load (compile + describe) | instantiate p50 / p99 | run p50 / p99 |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for s in subjects {
        println!(
            "| {} | {} | {:.1} s | {} | {} | {} |",
            s.lang,
            size(s.bytes),
            s.build.as_secs_f64(),
            millis(s.load),
            quantiles(&s.instantiate),
            quantiles(&s.run),
        );
    }
}

fn size(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / 1e6),
        b => format!("{:.0} KB", b as f64 / 1e3),
    }
}

fn millis(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

fn quantiles(h: &Histogram<u64>) -> String {
    let us = |q| h.value_at_quantile(q) as f64 / 1e3;
    format!("{:.1} / {:.1} µs", us(0.5), us(0.99))
}
