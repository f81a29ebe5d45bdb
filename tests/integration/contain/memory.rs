//! Memory: one cap over all linear memories and tables of a run, and each plugin's share
//! of the instance pool fixed at load.

use serde_json::json;
use skillhost_tests::{Plugin, TestHost, hand_written, msg, task};

use super::{fails, still_serves};

/// echo, and the hand-written two-memory component with this `skill.toml`.
async fn memories(toml: &str) -> TestHost {
    let component = Plugin::at("memories", hand_written("memories")).with_toml(toml);
    TestHost::start(
        &[Plugin::new("echo", "echo"), component],
        "default_skill = \"echo\"",
    )
    .await
}

#[tokio::test]
async fn two_memories_share_one_cap() {
    // 10 MiB each: either fits in 16 MiB, both do not.
    let host = memories("[limits]\nmemory_mib = 16").await;
    let reason = "exceeded its memory limit (16 MiB)";
    fails(&host, "two-memories", "memoryLimit", reason).await;
    let roomy = memories("[limits]\nmemory_mib = 32").await;
    let task = roomy
        .ok("SendMessage", msg::to_skill("two-memories", "go"))
        .await["task"]
        .clone();
    assert_eq!(task::state(&task), "TASK_STATE_COMPLETED", "{task}");
}

#[tokio::test]
async fn tables_count_against_the_memory_cap() {
    // 600 000 entries of 8 bytes: 4.6 MiB.
    let host = memories("[limits]\nmemory_mib = 4").await;
    let reason = "exceeded its memory limit (4 MiB)";
    fails(&host, "big-table", "memoryLimit", reason).await;
}

#[tokio::test]
async fn a_plugin_holds_at_most_its_share_of_the_run_slots() {
    // 8 run slots, half for one plugin: its 64 configured runs become 4, none may queue.
    let toml = "[limits]\ndeadline_ms = 10_000\nmax_queued_runs = 0";
    let host = TestHost::start(
        &[
            Plugin::new("echo", "echo"),
            Plugin::new("hostile", "hostile").with_toml(toml),
        ],
        "default_skill = \"echo\"\n[runtime]\nmax_concurrent_runs = 8",
    )
    .await;
    let mut ids = Vec::new();
    for _ in 0..4 {
        let mut params = msg::to_skill("nap", "go");
        params["configuration"] = json!({"returnImmediately": true});
        ids.push(host.ok("SendMessage", params).await["task"]["id"].clone());
    }
    let refused = host.err("SendMessage", msg::to_skill("nap", "fifth")).await;
    assert_eq!(
        refused["data"][0]["metadata"]["queue"], "plugin",
        "{refused}"
    );
    still_serves(&host).await;
    for id in ids {
        host.ok("CancelTask", json!({"id": id})).await;
    }
}
