//! The official A2A JavaScript SDK (`@a2a-js/sdk` 1.3): its 1.x client on both bindings,
//! and its 0.3 compatibility client (`legacyCompat`), which a 0.3 card makes it use.

use serde_json::{Value, json};

use super::{calls, installed, named, run, steps};

async fn sdk(mode: &str) -> Value {
    let node_modules = installed("SKILLHOST_PEER_JS", "target/peer-js").join("node_modules");
    let node = std::path::PathBuf::from("node");
    let lines = run(
        node,
        "js/peer_client.cjs",
        &[mode],
        &[("NODE_PATH", node_modules)],
    )
    .await;
    let version = if mode == "0.3" { "0.3" } else { "1.0" };
    let expected = [
        json!({"step": "card", "protocolVersion": version}),
        json!({"step": "send", "state": "TASK_STATE_COMPLETED", "text": "Hello from TCK"}),
        json!({"step": "stream", "kind": "task", "state": "TASK_STATE_SUBMITTED"}),
        json!({"step": "stream", "kind": "statusUpdate", "state": "TASK_STATE_WORKING"}),
        json!({"step": "stream", "kind": "artifactUpdate", "text": "Stream hello from TCK"}),
        json!({"step": "stream", "kind": "statusUpdate", "state": "TASK_STATE_COMPLETED"}),
        json!({"step": "get", "state": "TASK_STATE_COMPLETED", "artifacts": ["Stream hello from TCK"]}),
        json!({"step": "answer", "asked": "TASK_STATE_INPUT_REQUIRED", "state": "TASK_STATE_COMPLETED", "history": 4}),
        json!({"step": "subscribe", "kind": "task", "state": "TASK_STATE_INPUT_REQUIRED"}),
        json!({"step": "cancel", "state": "TASK_STATE_CANCELED"}),
        json!({"step": "direct", "role": "ROLE_AGENT", "text": "echo me"}),
        json!({"step": "unknown", "notFound": true}),
    ];
    assert_eq!(lines[..expected.len()], expected, "{mode}");
    steps(&lines, "calls")[0]["sent"].clone()
}

#[tokio::test]
async fn the_javascript_sdk_1_x_speaks_json_rpc() {
    let names = [
        "CancelTask",
        "GetTask",
        "SendMessage",
        "SendStreamingMessage",
        "SubscribeToTask",
    ];
    assert_eq!(sdk("JSONRPC").await, calls(named("POST /", &names), "1.0"));
}

#[tokio::test]
async fn the_javascript_sdk_1_x_speaks_http_json() {
    let paths = [
        "GET /tasks/{id}",
        "POST /message:send",
        "POST /message:stream",
        "POST /tasks/{id}:cancel",
        "POST /tasks/{id}:subscribe",
    ];
    assert_eq!(sdk("HTTP+JSON").await, calls(paths, "1.0"));
}

#[tokio::test]
async fn the_javascript_0_3_compatibility_client_speaks_0_3() {
    let names = [
        "message/send",
        "message/stream",
        "tasks/cancel",
        "tasks/get",
        "tasks/resubscribe",
    ];
    assert_eq!(sdk("0.3").await, calls(named("POST /", &names), "0.3"));
}
