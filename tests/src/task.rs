//! Reading a task as the host reports it.

use serde_json::Value;

/// The task's state (`TASK_STATE_…`), or "" when it has none.
pub fn state(task: &Value) -> &str {
    task["status"]["state"].as_str().unwrap_or("")
}

/// The text of the first part of the task's status message, or "".
pub fn status_text(task: &Value) -> &str {
    task["status"]["message"]["parts"][0]["text"]
        .as_str()
        .unwrap_or("")
}

/// The texts (first part) of the client's messages in the task's history, oldest first.
pub fn user_texts(task: &Value) -> Vec<&str> {
    let history = task["history"].as_array().map_or(&[][..], Vec::as_slice);
    history
        .iter()
        .filter(|m| m["role"] == "ROLE_USER")
        .filter_map(|m| m["parts"][0]["text"].as_str())
        .collect()
}
