//! The official A2A Python SDK: 1.x (`a2a-sdk` 1.3) over JSON-RPC and over HTTP+JSON, and
//! 0.3 (`a2a-sdk` 0.3.26) over JSON-RPC.

use serde_json::{Value, json};

use super::{calls, installed, named, run, steps};

fn python() -> std::path::PathBuf {
    installed("SKILLHOST_PEER_PYTHON", "target/peer-venv/bin/python")
}

/// The steps a 1.x client takes on either binding; only the calls it makes differ.
fn expected_1_x() -> Vec<Value> {
    vec![
        json!({"step": "card", "name": "Skillhost", "streaming": true, "skills": ["echo", "tck"]}),
        json!({"step": "send", "state": "TASK_STATE_COMPLETED", "text": "Hello from TCK"}),
        json!({"step": "stream", "kind": "task", "state": "TASK_STATE_SUBMITTED"}),
        json!({"step": "stream", "kind": "status_update", "state": "TASK_STATE_WORKING"}),
        json!({"step": "stream", "kind": "artifact_update", "text": "Stream hello from TCK"}),
        json!({"step": "stream", "kind": "status_update", "state": "TASK_STATE_COMPLETED"}),
        json!({"step": "get", "state": "TASK_STATE_COMPLETED", "artifacts": ["Stream hello from TCK"]}),
        json!({"step": "ask", "state": "TASK_STATE_INPUT_REQUIRED"}),
        json!({"step": "answer", "state": "TASK_STATE_COMPLETED", "history": 4}),
        json!({"step": "subscribe", "kind": "task", "state": "TASK_STATE_INPUT_REQUIRED"}),
        json!({"step": "list", "found": [true], "last_page": true}),
        json!({"step": "cancel", "state": "TASK_STATE_CANCELED"}),
        json!({"step": "direct", "kind": "message", "text": "echo me"}),
        json!({"step": "unknown", "error": "TaskNotFoundError"}),
    ]
}

async fn sdk_1_x(binding: &str) -> Value {
    let mut lines = run(python(), "peer_client.py", &[binding], &[]).await;
    let calls = lines.pop().expect("the calls line");
    assert_eq!(lines, expected_1_x());
    calls["sent"].clone()
}

#[tokio::test]
async fn the_python_sdk_1_x_speaks_json_rpc() {
    let methods = [
        "CancelTask",
        "GetTask",
        "ListTasks",
        "SendMessage",
        "SendStreamingMessage",
        "SubscribeToTask",
    ];
    assert_eq!(
        sdk_1_x("JSONRPC").await,
        calls(named("POST /", &methods), "1.0")
    );
}

#[tokio::test]
async fn the_python_sdk_1_x_speaks_http_json() {
    let paths = [
        "GET /tasks",
        "GET /tasks/{id}",
        "POST /message:send",
        "POST /message:stream",
        "POST /tasks/{id}:cancel",
        "POST /tasks/{id}:subscribe",
    ];
    assert_eq!(sdk_1_x("HTTP+JSON").await, calls(paths, "1.0"));
}

#[tokio::test]
async fn the_python_sdk_0_3_speaks_0_3() {
    let python = installed("SKILLHOST_PEER03_PYTHON", "target/peer03-venv/bin/python");
    let lines = run(python, "v0_3/peer_client.py", &[], &[]).await;
    let expected = [
        json!({"step": "card", "version": "0.3.0", "transport": "JSONRPC", "skills": ["echo", "tck"]}),
        json!({"step": "send", "state": "completed", "text": "Hello from TCK"}),
        json!({"step": "stream", "kind": "task", "state": "submitted"}),
        json!({"step": "stream", "kind": "status-update", "state": "working", "final": false}),
        json!({"step": "stream", "kind": "artifact-update", "state": "working"}),
        json!({"step": "stream", "kind": "status-update", "state": "completed", "final": true}),
        json!({"step": "get", "state": "completed", "artifacts": ["Stream hello from TCK"]}),
        json!({"step": "ask", "state": "input-required"}),
        json!({"step": "answer", "state": "completed", "history": 4}),
        json!({"step": "resubscribe", "state": "input-required"}),
        json!({"step": "cancel", "state": "canceled"}),
        json!({"step": "direct", "kind": "message", "text": "echo me"}),
        json!({"step": "unknown", "code": -32001}),
    ];
    assert_eq!(lines[..expected.len()], expected);
    let methods = [
        "message/send",
        "message/stream",
        "tasks/cancel",
        "tasks/get",
        "tasks/resubscribe",
    ];
    let calls: Vec<String> = methods
        .iter()
        .map(|m| format!("/ {m} A2A-Version:none"))
        .collect();
    assert_eq!(
        steps(&lines, "calls")[0]["sent"],
        json!(calls),
        "0.3 names, no version header"
    );
}
