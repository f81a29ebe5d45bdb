//! A host killed (SIGKILL) and started again during a receiver's outage: delivery resumes
//! from the cursors in the store, and every update arrives, in order, deduplicable.

use serde_json::{Value, json};
use skillhost_tests::webhook::{Webhook, has_final_state};
use skillhost_tests::{Plugin, Served, compile_cache, msg, plugin_dir};

use super::{WITHIN, deduplicated};

fn config(dir: &std::path::Path, plugins: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("skillhost.toml");
    let text = format!(
        "plugins = {plugins:?}\ndefault_skill = \"tck\"\n[runtime]\ncache_dir = {:?}\n[store]\nurl = \"sqlite://{}/tasks.db\"\n[push]\nallow_ranges = [\"127.0.0.0/8\"]\nbackoff_base_ms = 20\nbackoff_max_ms = 200\nmax_attempts = 100000\n",
        compile_cache(),
        dir.display()
    );
    std::fs::write(&path, text).expect("config");
    path
}

async fn turn(host: &Served, task: &str, n: usize) {
    let mut params = msg::follow_up(task, "tck-input-required more");
    params["message"]["messageId"] = json!(format!("tck-input-required-restart-{n}"));
    let answer = host.ok("SendMessage", params).await;
    assert_eq!(
        answer["task"]["status"]["state"], "TASK_STATE_INPUT_REQUIRED",
        "{answer}"
    );
}

async fn delivery(host: &Served, task: &str) -> Value {
    let config = host
        .ok(
            "GetTaskPushNotificationConfig",
            json!({"taskId": task, "id": "k"}),
        )
        .await;
    config["delivery"].clone()
}

#[tokio::test]
async fn a_host_killed_during_an_outage_delivers_everything_after_its_restart() {
    let mut hook = Webhook::start().await;
    let dir = tempfile::tempdir().expect("dir");
    let plugins =
        plugin_dir(&[Plugin::new("echo", "echo"), Plugin::new("tck", "tck")]).expect("plugins");
    let path = config(dir.path(), plugins.path());
    let first = Served::start(&path).await;
    let mut params = msg::text("tck-input-required-restart", "first");
    params["configuration"] = json!({"taskPushNotificationConfig": {"id": "k", "url": hook.url()}});
    let sent = first.ok("SendMessage", params).await;
    let task = sent["task"]["id"].as_str().expect("a task").to_string();
    hook.wait_until(WITHIN, |g| has_final_state(g, "TASK_STATE_INPUT_REQUIRED"))
        .await;
    hook.down().await;
    for n in 0..3 {
        turn(&first, &task, n).await;
    }
    let deadline = tokio::time::Instant::now() + WITHIN;
    while delivery(&first, &task).await["lastError"].is_null() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no failed attempt seen"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    first.kill9().await;
    let second = Served::start(&path).await;
    for n in 3..5 {
        turn(&second, &task, n).await;
    }
    hook.up().await;
    let deadline = tokio::time::Instant::now() + WITHIN;
    loop {
        let state = delivery(&second, &task).await;
        if state["pending"] == 0 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "delivery did not finish: {state}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let seqs = deduplicated(&hook.received(), &task);
    let last = *seqs.last().expect("updates");
    // The log's updates, replayed turn by turn (a replay ends where a turn asked for input).
    let mut log: Vec<u64> = Vec::new();
    while log.last() != Some(&last) {
        let after = log.last().copied().unwrap_or(0).to_string();
        let mut sse = second
            .stream("SubscribeToTask", json!({"id": task}), Some(&after))
            .await;
        let before = log.len();
        while log.last() != Some(&last) && sse.next().await.is_some() {
            log.push(
                sse.last_id
                    .as_deref()
                    .expect("an id")
                    .parse()
                    .expect("a number"),
            );
        }
        assert!(log.len() > before, "the log ends before {last}: {log:?}");
    }
    assert_eq!(
        seqs, log,
        "every update of five turns, across a kill -9, in order"
    );
    let turns = hook
        .received()
        .iter()
        .filter(|d| d.json()["statusUpdate"]["status"]["state"] == "TASK_STATE_INPUT_REQUIRED")
        .count();
    assert!(turns >= 6, "six turns asked for input: {turns}");
}
