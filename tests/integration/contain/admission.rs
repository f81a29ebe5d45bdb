//! Admission: a full queue is answered at once, with an A2A error carrying `ErrorInfo` and
//! a retry hint, and nothing is created; HTTP-level limits shed load and bound request time.

use std::time::Duration;

use serde_json::{Value, json};
use skillhost_tests::{Plugin, TestHost, msg, task};

/// Starts a `nap` (a run that sleeps in a host call) without waiting for it.
async fn nap(host: &TestHost) -> Value {
    let mut params = msg::to_skill("nap", "go");
    params["configuration"] = json!({"returnImmediately": true});
    host.ok("SendMessage", params).await["task"]["id"].clone()
}

fn info(error: &Value) -> &Value {
    &error["data"][0]
}

#[tokio::test]
async fn a_full_plugin_queue_answers_at_once_with_a_retry_hint() {
    let toml = "[limits]\nmax_concurrent_runs = 1\nmax_queued_runs = 0\ndeadline_ms = 10_000";
    let host = TestHost::start(&[Plugin::new("hostile", "hostile").with_toml(toml)], "").await;
    let first = nap(&host).await;
    let mut refused = msg::to_skill("probe", "go");
    refused["message"]["contextId"] = json!("refused");
    let error = host.err("SendMessage", refused).await;
    assert_eq!(error["code"], -32603, "{error}");
    assert_eq!(
        info(&error)["@type"],
        "type.googleapis.com/google.rpc.ErrorInfo"
    );
    assert_eq!(
        info(&error)["metadata"]["retryAfterSeconds"],
        "1",
        "{error}"
    );
    assert_eq!(info(&error)["metadata"]["queue"], "plugin", "{error}");
    assert_eq!(info(&error)["metadata"]["plugin"], "hostile", "{error}");
    // Answered while the first run still holds the only place: nothing waited for it.
    let running = host.ok("GetTask", json!({"id": first})).await;
    assert_eq!(task::state(&running), "TASK_STATE_SUBMITTED", "{running}");
    let listed = host.ok("ListTasks", json!({"contextId": "refused"})).await;
    assert_eq!(
        listed["totalSize"], 0,
        "a refused message creates no task: {listed}"
    );
    host.ok("CancelTask", json!({"id": first})).await;
    let first = first.as_str().expect("id");
    host.wait_for_state(first, "TASK_STATE_CANCELED", Duration::from_secs(5))
        .await;
    let probe = host.ok("SendMessage", msg::to_skill("probe", "go")).await;
    assert_eq!(
        task::state(&probe["task"]),
        "TASK_STATE_COMPLETED",
        "the place is free again"
    );
}

#[tokio::test]
async fn a_full_host_queue_refuses_every_plugin() {
    let toml = "[limits]\ndeadline_ms = 10_000";
    let config = "default_skill = \"echo\"\n[runtime]\nmax_concurrent_runs = 2\nmax_queued_runs = 0\nmax_plugin_share = 100";
    let host = TestHost::start(
        &[
            Plugin::new("echo", "echo"),
            Plugin::new("hostile", "hostile").with_toml(toml),
        ],
        config,
    )
    .await;
    let naps = [nap(&host).await, nap(&host).await];
    let error = host.err("SendMessage", msg::to_skill("echo", "hi")).await;
    assert_eq!(info(&error)["metadata"]["queue"], "host", "{error}");
    for id in naps {
        host.ok("CancelTask", json!({"id": id})).await;
    }
}

#[tokio::test]
async fn requests_past_the_http_limit_are_shed_with_503() {
    let toml = "[limits]\ndeadline_ms = 10_000";
    let config = "[server]\nmax_requests = 1";
    let host = TestHost::start(&[Plugin::new("hostile", "hostile").with_toml(toml)], config).await;
    let blocking = host.rpc("SendMessage", msg::to_skill("nap", "hold the only request"));
    tokio::pin!(blocking);
    let shed = loop {
        tokio::select! {
            _ = &mut blocking => panic!("the nap should still be running"),
            shed = host.post(json!({"jsonrpc": "2.0", "id": 2, "method": "GetTask", "params": {"id": "x"}}).to_string(), &[]) => {
                if shed.status == 503 { break shed; }
            }
        }
    };
    assert_eq!(shed.headers["retry-after"], "1");
    let error = &shed.json()["error"];
    assert_eq!(error["code"], -32603, "{error}");
    assert_eq!(info(error)["metadata"]["retryAfterSeconds"], "1", "{error}");
}

#[tokio::test]
async fn a_request_past_its_time_limit_gets_503_and_its_task_goes_on() {
    let toml = "[limits]\ndeadline_ms = 3_000";
    let config = "[server]\nrequest_timeout_s = 1";
    let host = TestHost::start(&[Plugin::new("hostile", "hostile").with_toml(toml)], config).await;
    let mut params = msg::to_skill("nap", "go");
    params["message"]["contextId"] = json!("slow");
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": params});
    let resp = host.post(body.to_string(), &[]).await;
    assert_eq!(resp.status, 503, "{}", resp.body);
    let message = resp.json()["error"]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(message.contains("longer than 1 s"), "{message}");
    // The task went on to its own end: it fails at its deadline, not at the timeout.
    let ended = loop {
        let listed = host.ok("ListTasks", json!({"contextId": "slow"})).await;
        if listed["totalSize"] == 1 {
            break listed["tasks"][0].clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let text = task::status_text(&ended);
    assert!(text.contains("deadline (3 s)"), "{ended}");
}
