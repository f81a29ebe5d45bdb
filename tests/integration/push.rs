//! Push notifications: the config methods on both bindings and in every version, and
//! delivery to a real webhook receiver on 127.0.0.1 (auth header, token, HMAC signature,
//! event ids, order), through a receiver outage, the URL policy, and `https` receivers.
//!
//! Time is scaled, not waited out: the hosts here retry after 20 ms doubling to at most
//! 200 ms (`[push] backoff_*`), where the defaults are 1 s and 5 min. An outage is as long
//! as it takes the host to fail several attempts, which the test observes in the config's
//! delivery state, not with a clock.

mod delivery;
mod methods;
mod peer;
mod policy;
mod restart;
mod tls;

use std::time::Duration;

use serde_json::{Value, json};
use skillhost_tests::webhook::Delivered;
use skillhost_tests::{Plugin, TestHost, msg};

/// A host whose webhooks may be on this machine, with quick retries.
const FAST: &str = "default_skill = \"tck\"\n[push]\nallow_ranges = [\"127.0.0.0/8\"]\nbackoff_base_ms = 20\nbackoff_max_ms = 200\ntimeout_ms = 5000\nmax_attempts = 100000\n";

/// The bound on waiting for something a working host does at once.
const WITHIN: Duration = Duration::from_secs(60);

async fn host(toml: &str) -> TestHost {
    TestHost::start(
        &[Plugin::new("echo", "echo"), Plugin::new("tck", "tck")],
        toml,
    )
    .await
}

/// A task waiting for input (it can be sent more turns).
async fn waiting_task(host: &TestHost, push: Option<Value>) -> String {
    let mut params = msg::text("tck-input-required-push", "first");
    if let Some(config) = push {
        params["configuration"] = json!({"taskPushNotificationConfig": config});
    }
    let task = host.ok("SendMessage", params).await;
    task["task"]["id"].as_str().expect("a task").to_string()
}

/// Another turn of a waiting task; it asks for input again.
async fn turn(host: &TestHost, task: &str) {
    let mut params = msg::follow_up(task, "tck-input-required more");
    params["message"]["messageId"] = json!(format!("tck-input-required-{}", uuid_like()));
    let answer = host.ok("SendMessage", params).await;
    assert_eq!(
        answer["task"]["status"]["state"], "TASK_STATE_INPUT_REQUIRED",
        "{answer}"
    );
}

fn uuid_like() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(1);
    N.fetch_add(1, Ordering::Relaxed)
}

/// The config's delivery state, as `GetTaskPushNotificationConfig` shows it.
async fn delivery(host: &TestHost, task: &str, id: &str) -> Value {
    let config = host
        .ok(
            "GetTaskPushNotificationConfig",
            json!({"taskId": task, "id": id}),
        )
        .await;
    config["delivery"].clone()
}

/// The config's delivery state once it is marked failing (its attempts used up).
async fn failing(host: &TestHost, task: &str, id: &str) -> Value {
    let deadline = tokio::time::Instant::now() + WITHIN;
    loop {
        let state = delivery(host, task, id).await;
        if state["failing"] == true {
            return state;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "never marked failing: {state}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A new waiting task with `url` as its push config, one more turn to deliver, and the
/// config's delivery state once its attempts are used up.
async fn failed_delivery(host: &TestHost, url: &str) -> Value {
    let task = waiting_task(host, None).await;
    host.ok(
        "CreateTaskPushNotificationConfig",
        json!({"taskId": task, "id": "f", "url": url}),
    )
    .await;
    turn(host, &task).await;
    failing(host, &task, "f").await
}

/// The sequence numbers delivered for `task`, duplicates removed as a receiver would (by
/// event id), in arrival order.
fn deduplicated(got: &[Delivered], task: &str) -> Vec<u64> {
    let mut seen = std::collections::HashSet::new();
    got.iter()
        .map(Delivered::event_id)
        .filter(|(t, _)| t == task)
        .filter_map(|(_, seq)| seen.insert(seq).then_some(seq))
        .collect()
}

/// The ids of the task's updates in its log up to `last`, as `SubscribeToTask` replays them
/// from the start: what a receiver must have got, in this order. A replay ends where a turn
/// asked for input; the next one resumes after it.
async fn log_updates(host: &TestHost, task: &str, last: u64) -> Vec<u64> {
    let mut seqs: Vec<u64> = Vec::new();
    while seqs.last() != Some(&last) {
        let after = seqs.last().copied().unwrap_or(0).to_string();
        let mut sse = host.resume(task, &after).await;
        let before = seqs.len();
        while seqs.last() != Some(&last) && sse.next().await.is_some() {
            let id = sse.last_id.as_deref().expect("an id");
            seqs.push(id.parse().expect("a number"));
        }
        assert!(seqs.len() > before, "the log ends before {last}: {seqs:?}");
    }
    seqs
}
