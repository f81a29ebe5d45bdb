//! Request builders.

use serde_json::{Value, json};

/// `SendMessage` params: a user message with one text part and this messageId.
pub fn text(message_id: &str, text: &str) -> Value {
    json!({"message": {"messageId": message_id, "role": "ROLE_USER", "parts": [{"text": text}]}})
}

/// The same, routed to `skill`.
pub fn to_skill(skill: &str, text: &str) -> Value {
    let mut params = self::text(&format!("m-{}", unique()), text);
    params["message"]["metadata"] = json!({"skillId": skill});
    params
}

/// A follow-up message for `task_id`.
pub fn follow_up(task_id: &str, text: &str) -> Value {
    let mut params = self::text(&format!("m-{}", unique()), text);
    params["message"]["taskId"] = json!(task_id);
    params
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(1);
    N.fetch_add(1, Ordering::Relaxed)
}
