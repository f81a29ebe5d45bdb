//! The official Python SDK client (a2a-sdk 1.x) registers configs, on both bindings, and
//! the host delivers to a real webhook: the config it created, and one given inline.

use serde_json::{Value, json};
use skillhost_tests::webhook::{Delivered, Webhook};

use super::{FAST, WITHIN, host};

fn python() -> std::path::PathBuf {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = std::env::var_os("SKILLHOST_PEER_PYTHON").map_or_else(
        || root.join("target/peer-venv/bin/python"),
        std::path::PathBuf::from,
    );
    assert!(
        path.exists(),
        "{} is missing: run scripts/test, which installs the peers",
        path.display()
    );
    path
}

/// Whether `got` holds the completion of `task`, delivered with `token`.
fn completed(got: &[Delivered], task: &str, token: &str) -> bool {
    got.iter().any(|d| {
        let body = d.json();
        body["statusUpdate"]["taskId"] == task
            && body["statusUpdate"]["status"]["state"] == "TASK_STATE_COMPLETED"
            && d.header("x-a2a-notification-token") == Some(token)
    })
}

async fn sdk(binding: &str) {
    let hook = Webhook::start().await;
    let host = host(FAST).await;
    let script = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("peer/push_client.py");
    let output = tokio::process::Command::new(python())
        .arg(script)
        .args([&host.base, &hook.url(), binding])
        .output()
        .await
        .expect("the peer runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "peer failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let task = lines[1]["task"].as_str().expect("the task").to_string();
    let inline = lines[6]["task"]
        .as_str()
        .expect("the inline task")
        .to_string();
    assert_eq!(
        lines,
        [
            json!({"step": "card", "push": true}),
            json!({"step": "ask", "state": "TASK_STATE_INPUT_REQUIRED", "task": task}),
            json!({"step": "create", "id": "py-hook", "task": true, "scheme": "Bearer"}),
            json!({"step": "get", "id": "py-hook", "url": true, "token": "py-token"}),
            json!({"step": "list", "ids": ["py-hook", "py-extra"]}),
            json!({"step": "answer", "state": "TASK_STATE_COMPLETED"}),
            json!({"step": "inline", "state": "TASK_STATE_COMPLETED", "task": inline}),
            json!({"step": "deleted", "ids": ["py-hook"]}),
        ]
    );
    let got = hook
        .wait_until(WITHIN, |g| {
            completed(g, &task, "py-token") && completed(g, &inline, "py-inline-token")
        })
        .await;
    let created = got
        .iter()
        .filter(|d| d.header("x-a2a-notification-token") == Some("py-token"));
    assert!(
        created
            .clone()
            .all(|d| d.header("authorization") == Some("Bearer py-cred"))
    );
    assert!(
        created.count() >= 2,
        "the follow-up's updates reached py-hook"
    );
}

#[tokio::test]
async fn the_python_sdk_registers_push_configs_over_json_rpc() {
    sdk("JSONRPC").await;
}

#[tokio::test]
async fn the_python_sdk_registers_push_configs_over_http_json() {
    sdk("HTTP+JSON").await;
}
