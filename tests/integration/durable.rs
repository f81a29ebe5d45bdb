//! Durable tasks: a real `skillhost serve` killed with SIGKILL in the middle of its work and
//! started again on the same store (a SQLite file, then a PostgreSQL database); streams that
//! resume with `Last-Event-ID`; the store's byte bounds.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{Value, json};
use skillhost_tests::{Plugin, Served, TestHost, compile_cache, msg, plugin_dir, task};

/// How many tasks of each kind are in flight when the host is killed.
const RUNNING: usize = 30;
const WAITING: usize = 30;
const FINISHED: usize = 40;

fn config(dir: &std::path::Path, plugins: &std::path::Path, store: &str) -> std::path::PathBuf {
    let path = dir.join("skillhost.toml");
    let text = format!(
        "plugins = {:?}\ndefault_skill = \"tck\"\n[runtime]\ncache_dir = {:?}\n[store]\nurl = {:?}\n",
        plugins,
        compile_cache(),
        store
    );
    std::fs::write(&path, text).expect("config");
    path
}

/// Starts 100 tasks: running ones, waiting ones, finished ones, with live subscribers on
/// some; returns their ids by kind.
async fn load(
    host: &Served,
) -> (
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Vec<skillhost_tests::Sse>,
) {
    let id = |t: &Value| t["task"]["id"].as_str().expect("id").to_string();
    let mut running = Vec::new();
    // Works until canceled: a task that finished on its own while a loaded machine was
    // still starting the others would not be running when the host is killed.
    for i in 0..RUNNING {
        let mut params = msg::text(&format!("tck-cancel-k{i}"), "go");
        params["configuration"] = json!({"returnImmediately": true});
        running.push(id(&host.ok("SendMessage", params).await));
    }
    let mut waiting = Vec::new();
    for i in 0..WAITING {
        let params = msg::text(&format!("tck-input-required-k{i}"), &format!("first {i}"));
        waiting.push(id(&host.ok("SendMessage", params).await));
    }
    let mut finished = Vec::new();
    for i in 0..FINISHED {
        let params = msg::text(&format!("tck-artifact-text-k{i}"), "go");
        finished.push(id(&host.ok("SendMessage", params).await));
    }
    let mut streams = Vec::new();
    for task in running.iter().take(5).chain(waiting.iter().take(5)) {
        let mut sse = host
            .stream("SubscribeToTask", json!({"id": task}), None)
            .await;
        sse.next().await.expect("the task first");
        streams.push(sse);
    }
    (running, waiting, finished, streams)
}

/// Every event of a task's log, replayed from the start.
async fn replay(host: &Served, id: &str) -> Vec<Value> {
    host.stream("SubscribeToTask", json!({"id": id}), Some("0"))
        .await
        .collect()
        .await
}

fn state_of(event: &Value) -> Option<&str> {
    let result = &event["result"];
    result["statusUpdate"]["status"]["state"].as_str()
}

async fn survive_kill9(store: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let plugins = plugin_dir(&[Plugin::new("tck", "tck")]).expect("plugins");
    let config = config(dir.path(), plugins.path(), store);
    let host = Served::start(&config).await;
    let (running, waiting, finished, streams) = load(&host).await;
    host.kill9().await;
    drop(streams);
    let host = Served::start(&config).await;
    for id in &finished {
        let task = host.ok("GetTask", json!({"id": id})).await;
        assert_eq!(task::state(&task), "TASK_STATE_COMPLETED", "{task}");
        assert_eq!(
            task["artifacts"][0]["parts"][0]["text"],
            "Generated text content"
        );
        let log = replay(&host, id).await;
        assert_eq!(
            log.last().and_then(state_of),
            Some("TASK_STATE_COMPLETED"),
            "{log:?}"
        );
    }
    for id in &running {
        let task = host.ok("GetTask", json!({"id": id})).await;
        assert_eq!(task::state(&task), "TASK_STATE_FAILED", "{task}");
        assert_eq!(
            task["status"]["message"]["metadata"]["failureKind"],
            "hostRestart"
        );
        assert!(
            task::status_text(&task).contains("host restarted"),
            "{task}"
        );
        let log = replay(&host, id).await;
        assert_eq!(
            log.last().and_then(state_of),
            Some("TASK_STATE_FAILED"),
            "{log:?}"
        );
    }
    // The waiting ones go on where they were, with their whole history.
    for (i, id) in waiting.iter().enumerate() {
        let mut next = msg::follow_up(id, &format!("second {i}"));
        next["message"]["messageId"] = json!(format!("tck-complete-task-k{i}"));
        let task = &host.ok("SendMessage", next).await["task"];
        assert_eq!(task::state(task), "TASK_STATE_COMPLETED", "{task}");
        let texts = task::user_texts(task);
        assert_eq!(texts, [format!("first {i}"), format!("second {i}")]);
    }
    host.kill9().await;
}

#[tokio::test]
async fn kill_9_with_100_tasks_in_flight_loses_nothing_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/data/skillhost.db", dir.path().display());
    survive_kill9(&url).await;
}

#[tokio::test]
async fn kill_9_with_100_tasks_in_flight_loses_nothing_on_postgres() {
    survive_kill9(&skillhost_tasks::testing::postgres_url().await).await;
}

#[tokio::test]
async fn a_stream_that_drops_resumes_with_every_event_exactly_once() {
    let host = super::host().await;
    let mut params = msg::text("tck-stream-artifact-chunked-r", "go");
    params["configuration"] = json!({"returnImmediately": false});
    let mut sse = host.stream("SendStreamingMessage", params).await;
    let first = sse.next().await.expect("task");
    let id = first["result"]["task"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let mut ids = vec![sse.last_id.clone().expect("every event has an id")];
    sse.next().await.expect("second event");
    ids.push(sse.last_id.clone().expect("id"));
    drop(sse); // the client drops mid-task
    let rest = host.resume(&id, &ids[1]).await;
    let mut rest_ids = Vec::new();
    let mut rest_events = Vec::new();
    let mut rest = rest;
    while let Some(event) = rest.next().await {
        rest_ids.push(rest.last_id.clone().expect("id"));
        rest_events.push(event);
    }
    // Exactly what a client that never dropped sees after its second event.
    let whole = host.resume(&id, "0").await.collect().await;
    assert_eq!(
        rest_events,
        whole[whole.len() - rest_events.len()..],
        "no gap, no duplicate"
    );
    let numbers: Vec<u64> = ids
        .iter()
        .chain(&rest_ids)
        .map(|i| i.parse().expect("number"))
        .collect();
    assert!(
        numbers.windows(2).all(|w| w[0] < w[1]),
        "in order: {numbers:?}"
    );
    assert_eq!(
        rest_events.last().and_then(state_of),
        Some("TASK_STATE_COMPLETED")
    );
    assert_eq!(whole.len(), 4, "working, two chunks, completed: {whole:?}");
}

#[tokio::test]
async fn a_last_event_id_past_the_log_is_refused() {
    let host = super::host().await;
    let id = host
        .ok("SendMessage", msg::text("tck-complete-task-l", "hi"))
        .await["task"]["id"]
        .clone();
    let body =
        json!({"jsonrpc": "2.0", "id": 1, "method": "SubscribeToTask", "params": {"id": id}});
    let resp = host
        .post(
            body.to_string(),
            &[
                ("content-type", "application/json"),
                ("a2a-version", "1.0"),
                ("last-event-id", "99"),
            ],
        )
        .await;
    assert_eq!(resp.json()["error"]["code"], -32602, "{}", resp.body);
}

#[tokio::test]
async fn running_tasks_that_fill_the_store_fail_the_next_one_with_the_reason_named() {
    let host = TestHost::start(
        &[Plugin::new("tck", "tck"), Plugin::new("hostile", "hostile")],
        "default_skill = \"tck\"\n[tasks]\nmax_store_mib = 10\nmax_task_mib = 8",
    )
    .await;
    // Three running tasks holding 3 MiB each: 9 of the store's 10 MiB, none evictable.
    let mut running = HashMap::new();
    for i in 0..3 {
        let mut params = msg::text(&format!("tck-long-running-f{i}"), &"y".repeat(3 << 20));
        params["configuration"] = json!({"returnImmediately": true, "historyLength": 0});
        let t = host.ok("SendMessage", params).await;
        running.insert(i, t["task"]["id"].clone());
    }
    let mut params = msg::text("tck-long-running-f4", &"y".repeat(3 << 20));
    params["configuration"] = json!({"returnImmediately": true});
    let refused = host.err("SendMessage", params).await;
    assert!(
        refused["message"].as_str().unwrap_or("").contains("store"),
        "{refused}"
    );
    // A skill whose 4 MiB artifact does not fit ends FAILED, saying so.
    let task = host
        .ok("SendMessage", msg::to_skill("big-event", "go"))
        .await["task"]
        .clone();
    assert_eq!(
        task["status"]["message"]["metadata"]["failureKind"], "resourceLimit",
        "{task}"
    );
    assert!(task::status_text(&task).contains("store is full"), "{task}");
    assert!(
        task.get("artifacts").is_none(),
        "nothing beyond the bound is kept: {task}"
    );
    for id in running.values() {
        host.ok("CancelTask", json!({"id": id})).await;
    }
    // Canceled, they make room again.
    let task = host
        .ok("SendMessage", msg::to_skill("big-event", "go"))
        .await["task"]
        .clone();
    assert_eq!(task::state(&task), "TASK_STATE_COMPLETED", "{task}");
    tokio::time::sleep(Duration::from_millis(1)).await;
}

#[tokio::test]
async fn a_stream_whose_task_is_evicted_ends_with_an_error_event() {
    let host = TestHost::start(&[Plugin::new("tck", "tck")], "[tasks]\nmax_tasks = 1").await;
    let waiting = host
        .ok("SendMessage", msg::text("tck-input-required-e", "hi"))
        .await["task"]["id"]
        .clone();
    let mut sse = host.stream("SubscribeToTask", json!({"id": waiting})).await;
    sse.next().await.expect("the task first");
    // The store holds one task: the next one evicts the waiting one.
    host.ok("SendMessage", msg::text("tck-complete-task-e", "go"))
        .await;
    let last = sse.next().await.expect("an error event, not a silent end");
    assert_eq!(last["error"]["code"], -32001, "{last}");
    assert!(sse.next().await.is_none());
}

#[tokio::test]
async fn a_queued_task_streams_its_task_before_a_run_slot_frees() {
    let host = TestHost::start(
        &[Plugin::new("tck", "tck")],
        "[runtime]\nmax_concurrent_runs = 1",
    )
    .await;
    let mut params = msg::text("tck-long-running-q", "hold the only slot");
    params["configuration"] = json!({"returnImmediately": true});
    let holder = host.ok("SendMessage", params).await["task"]["id"].clone();
    host.wait_for_state(
        holder.as_str().expect("id"),
        "TASK_STATE_WORKING",
        Duration::from_secs(10),
    )
    .await;
    let mut queued = host
        .stream(
            "SendStreamingMessage",
            msg::text("tck-complete-task-q", "wait"),
        )
        .await;
    // The slot is still taken, and the stream has its task already.
    let first = queued.next().await.expect("the task");
    assert_eq!(
        first["result"]["task"]["status"]["state"],
        "TASK_STATE_SUBMITTED"
    );
    host.ok("CancelTask", json!({"id": holder})).await;
    let rest = queued.collect().await;
    assert_eq!(
        rest.last().and_then(state_of),
        Some("TASK_STATE_COMPLETED"),
        "{rest:?}"
    );
}
