//! The official A2A Python SDK client (PyPI `a2a-sdk`) as a real peer.
//!
//! `scripts/test` installs it into `target/peer-venv`; `SKILLHOST_PEER_PYTHON` can point at
//! another interpreter that has it.

use std::path::PathBuf;

use serde_json::{Value, json};

fn python() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = std::env::var_os("SKILLHOST_PEER_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/peer-venv/bin/python"));
    assert!(
        python.exists(),
        "{} is missing: run scripts/test, which installs the A2A Python SDK",
        python.display()
    );
    python
}

#[tokio::test]
async fn the_official_python_client_sends_streams_gets_and_cancels() {
    let host = super::host().await;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("peer/peer_client.py");
    let output = tokio::process::Command::new(python())
        .arg(script)
        .arg(&host.base)
        .output()
        .await
        .expect("the peer client runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "peer client failed:\n{stdout}\n{stderr}"
    );
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let expected = [
        json!({"step": "card", "name": "Skillhost", "streaming": true, "skills": ["echo", "tck"]}),
        json!({"step": "send", "state": "TASK_STATE_COMPLETED", "text": "Hello from TCK"}),
        json!({"step": "stream", "kind": "task", "state": "TASK_STATE_SUBMITTED"}),
        json!({"step": "stream", "kind": "status_update", "state": "TASK_STATE_WORKING"}),
        json!({"step": "stream", "kind": "artifact_update", "text": "Stream hello from TCK"}),
        json!({"step": "stream", "kind": "status_update", "state": "TASK_STATE_COMPLETED"}),
        json!({"step": "get", "state": "TASK_STATE_COMPLETED", "artifacts": ["Stream hello from TCK"]}),
        json!({"step": "ask", "state": "TASK_STATE_INPUT_REQUIRED"}),
        json!({"step": "answer", "state": "TASK_STATE_COMPLETED", "history": 4}),
        json!({"step": "cancel", "state": "TASK_STATE_CANCELED"}),
        json!({"step": "direct", "kind": "message", "text": "echo me"}),
        json!({"step": "unknown", "error": "TaskNotFoundError"}),
    ];
    assert_eq!(lines, expected);
}
