//! `/metrics`: after a known sequence of calls (successes, a failed run, a canceled task, an
//! unknown method) a real `skillhost serve` reports exactly those counts, in text that a
//! Prometheus parser reads; with `[auth]` on, an anonymous scraper is refused.
//!
//! The recorder is process-global and this test binary runs many hosts at once, so these
//! tests run the real binary, one process each, which counts only what they send it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use prometheus_parse::{Scrape, Value as Metric};
use serde_json::{Value, json};
use skillhost_tests::{Plugin, Served, compile_cache, msg, plugin_dir};

/// Successful echo calls in the known sequence.
const ECHOES: usize = 5;
const KEY: &str = "metrics-test-key-0123456789";

/// A config with echo and tck (the default skill), in memory, plus `extra`.
fn config(dir: &Path, plugins: &Path, extra: &str) -> PathBuf {
    let path = dir.join("skillhost.toml");
    let text = format!(
        "plugins = {plugins:?}\ndefault_skill = \"tck\"\n[runtime]\ncache_dir = {:?}\n[store]\nurl = \"memory\"\n{extra}",
        compile_cache(),
    );
    std::fs::write(&path, text).expect("config");
    path
}

async fn served(extra: &str) -> (Served, tempfile::TempDir, tempfile::TempDir) {
    let plugins = [Plugin::new("echo", "echo"), Plugin::new("tck", "tck")];
    let plugins = plugin_dir(&plugins).expect("plugins");
    let dir = tempfile::tempdir().expect("tempdir");
    let host = Served::start(&config(dir.path(), plugins.path(), extra)).await;
    (host, plugins, dir)
}

/// A JSON-RPC call whose answer may be an error.
async fn rpc(host: &Served, method: &str, params: Value) -> Value {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
    let resp = host
        .http
        .post(&host.base)
        .header("content-type", "application/json")
        .header("a2a-version", "1.0")
        .body(body.to_string())
        .send()
        .await
        .expect("answer");
    resp.json().await.expect("JSON")
}

/// `GET /metrics` with `headers`: its status and body.
async fn get(host: &Served, headers: &[(&str, &str)]) -> (u16, String) {
    let mut req = host.http.get(format!("{}/metrics", host.base));
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let resp = req.send().await.expect("answer");
    (resp.status().as_u16(), resp.text().await.expect("body"))
}

fn parse(text: &str) -> Scrape {
    Scrape::parse(text.lines().map(|l| Ok(l.to_string()))).expect("Prometheus text format")
}

/// The value of the counter or gauge `name` whose labels include `labels` (0 if none).
fn value(scrape: &Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
    let matching = scrape
        .samples
        .iter()
        .filter(|s| s.metric == name && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)));
    matching
        .map(|s| match s.value {
            Metric::Counter(v) | Metric::Gauge(v) | Metric::Untyped(v) => v,
            _ => panic!("{name} is not a counter or gauge"),
        })
        .sum()
}

/// Scrapes until `ready` holds, for what ends after the call that caused it has answered
/// (a canceled run stops at its next yield); panics after a minute.
async fn scrape_until(host: &Served, ready: impl Fn(&Scrape) -> bool) -> Scrape {
    for _ in 0..600 {
        let (status, text) = get(host, &[]).await;
        assert_eq!(status, 200, "{text}");
        let scrape = parse(&text);
        if ready(&scrape) {
            return scrape;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the metrics did not reach the expected values within a minute")
}

/// Waits until task `id` is working (its run has begun); panics after a minute.
async fn working(host: &Served, id: &str) {
    for _ in 0..600 {
        let task = host.ok("GetTask", json!({"id": id})).await;
        if task["status"]["state"] == "TASK_STATE_WORKING" {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("task {id} did not start working within a minute")
}

/// The known sequence: echoes, one failed run, one canceled task, one unknown method.
async fn known_sequence(host: &Served) {
    for _ in 0..ECHOES {
        host.ok("SendMessage", msg::to_skill("echo", "hello")).await;
    }
    let failed = host
        .ok("SendMessage", msg::text("tck-task-failure-m1", "go"))
        .await;
    assert_eq!(
        failed["task"]["status"]["state"], "TASK_STATE_FAILED",
        "{failed}"
    );
    let mut params = msg::text("tck-cancel-m1", "go");
    params["configuration"] = json!({"returnImmediately": true});
    let task = host.ok("SendMessage", params).await;
    let id = task["task"]["id"].as_str().expect("task id");
    working(host, id).await;
    host.ok("CancelTask", json!({"id": id})).await;
    let unknown = rpc(host, "NoSuchMethod", json!({})).await;
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_known_sequence_is_counted_exactly_and_parses() {
    let (host, _plugins, _dir) = served("").await;
    known_sequence(&host).await;
    let runs = |kind: &'static str| {
        move |s: &Scrape| value(s, "skillhost_runs_total", &[("failure_kind", kind)])
    };
    let scrape = scrape_until(&host, |s| runs("cancelled")(s) >= 1.0).await;
    let requests = |method, outcome| {
        let labels = [
            ("method", method),
            ("binding", "jsonrpc"),
            ("outcome", outcome),
        ];
        value(&scrape, "skillhost_requests_total", &labels)
    };
    assert_eq!(requests("SendMessage", "ok"), (ECHOES + 2) as f64);
    assert_eq!(requests("CancelTask", "ok"), 1.0);
    assert_eq!(requests("unknown", "METHOD_NOT_FOUND"), 1.0);
    let run = |skill, kind| {
        value(
            &scrape,
            "skillhost_runs_total",
            &[("plugin", skill), ("skill", skill), ("failure_kind", kind)],
        )
    };
    assert_eq!(run("echo", "none"), ECHOES as f64);
    assert_eq!(run("tck", "skillError"), 1.0);
    assert_eq!(run("tck", "cancelled"), 1.0);
    assert_eq!(
        value(&scrape, "skillhost_runs_total", &[]),
        (ECHOES + 2) as f64
    );
    let entered = |state| {
        value(
            &scrape,
            "skillhost_task_transitions_total",
            &[("state", state)],
        )
    };
    assert_eq!(entered("canceled"), 1.0);
    assert_eq!(entered("failed"), 1.0);
    assert_eq!(
        value(&scrape, "skillhost_plugin_loads_total", &[("result", "ok")]),
        2.0
    );
    assert_eq!(value(&scrape, "skillhost_streams_open", &[]), 0.0);
    let run_seconds = scrape
        .samples
        .iter()
        .find(|s| s.metric == "skillhost_run_seconds");
    assert!(
        matches!(run_seconds.map(|s| &s.value), Some(Metric::Histogram(_))),
        "run_seconds is a histogram"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn with_auth_on_an_anonymous_scraper_is_refused() {
    let auth = format!(
        "[auth]\nallow_anonymous = true\napi_keys = [{{ principal = \"ops\", key = \"{KEY}\" }}]\n"
    );
    let (host, _plugins, _dir) = served(&auth).await;
    let (status, text) = get(&host, &[]).await;
    assert_eq!(status, 401, "{text}");
    assert!(!text.contains("skillhost_"), "{text}");
    let (status, text) = get(&host, &[("x-api-key", KEY)]).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(
        value(
            &parse(&text),
            "skillhost_plugin_loads_total",
            &[("result", "ok")]
        ),
        2.0
    );
}
