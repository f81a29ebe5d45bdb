//! Containment against a determined guest (issue 7): each class of attack has a hostile
//! fixture of its own and ends its task FAILED with a skill-side `failureKind`, while the
//! host keeps serving. One host serves a test's attacks one after another, which is itself
//! a check that each leaves nothing behind.

mod admission; // full queues answer at once; HTTP-level shedding and timeouts
mod blame; // exit, random bytes, per-call cap, forged handles: the skill's fault, no backtrace
mod bytes; // every field of every value counts; parts per event are capped
mod forge; // host-owned metadata keys; media types, file names, URLs
mod host_calls; // time in host calls is charged as fuel
mod memory; // one cap across memories and tables; each plugin's share of the pool

use serde_json::Value;
use skillhost_tests::{Plugin, TestHost, msg, task};

/// echo, and the hostile plugin with this `skill.toml`.
pub(crate) async fn hostile(toml: &str) -> TestHost {
    TestHost::start(
        &[
            Plugin::new("echo", "echo"),
            Plugin::new("hostile", "hostile").with_toml(toml),
        ],
        "default_skill = \"echo\"",
    )
    .await
}

/// Runs hostile skill `skill` and checks that its task failed with `kind` and a status
/// message containing `reason`, and that the host still answers. Returns the task.
async fn fails(host: &TestHost, skill: &str, kind: &str, reason: &str) -> Value {
    let task = host.ok("SendMessage", msg::to_skill(skill, "go")).await["task"].clone();
    assert_eq!(task::state(&task), "TASK_STATE_FAILED", "{skill}: {task}");
    assert_eq!(failure_kind(&task), kind, "{skill}: {task}");
    let text = task::status_text(&task);
    assert!(
        text.contains(reason),
        "{skill}: {text:?} should contain {reason:?}"
    );
    still_serves(host).await;
    task
}

fn failure_kind(task: &Value) -> &str {
    task["status"]["message"]["metadata"]["failureKind"]
        .as_str()
        .unwrap_or("")
}

/// The host answers another skill.
pub(crate) async fn still_serves(host: &TestHost) {
    let reply = host
        .ok("SendMessage", msg::to_skill("echo", "still here"))
        .await;
    assert_eq!(reply["message"]["parts"][0]["text"], "still here");
}
