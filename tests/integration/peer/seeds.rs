//! The seed articles' A2A 0.1 client flows, over raw HTTP: `tasks/send` and
//! `tasks/sendSubscribe` posted to their paths and read line by line, a multi-turn exchange
//! with `historyLength`, and the same methods over JSON-RPC with a client-chosen task id.

use serde_json::json;

use super::{installed, run};

#[tokio::test]
async fn the_seed_articles_0_1_scripts_work_unchanged() {
    let python = installed("SKILLHOST_PEER_PYTHON", "target/peer-venv/bin/python");
    let lines = run(python, "v0_1/seed_client.py", &[], &[]).await;
    let question = "Please provide more input, or say done";
    let expected = [
        json!({"step": "card", "url": true, "streaming": true}),
        json!({"step": "path-stream", "progress": ["[working] Working", "[completed] Hello from TCK"],
            "result": "Stream hello from TCK"}),
        json!({"step": "path-turn", "turn": 1, "state": "input-required", "question": question, "history": 0}),
        json!({"step": "path-turn", "turn": 2, "state": "input-required", "question": question, "history": 1}),
        json!({"step": "path-turn", "turn": 3, "state": "completed",
            "result": ["Multi-turn conversation complete"], "history": 2}),
        json!({"step": "rpc-send", "same_id": true, "same_session": true, "state": "completed",
            "text": ["Hello from TCK"]}),
        json!({"step": "rpc-stream", "events": ["submitted", "working", "artifact", "completed final"]}),
        json!({"step": "rpc-get-cancel", "got": "input-required", "history": 1,
            "canceled": "canceled", "missing": -32001}),
    ];
    assert_eq!(lines, expected);
}
