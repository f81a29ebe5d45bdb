//! Send, get, list and cancel; blocking and immediate sends; multi-turn tasks.

use std::time::Duration;

use serde_json::{Value, json};
use skillhost_tests::{Plugin, TestHost, msg};

fn text_of(message: &Value) -> &str {
    message["parts"][0]["text"].as_str().unwrap_or("")
}

fn is_utc_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 27 && b[4] == b'-' && b[10] == b'T' && b[19] == b'.' && s.ends_with('Z')
}

#[tokio::test]
async fn echo_answers_with_a_direct_message_and_no_task() {
    let host = super::host().await;
    let result = host
        .ok("SendMessage", msg::to_skill("echo", "hello there"))
        .await;
    let message = &result["message"];
    assert_eq!(
        (message["role"].as_str(), text_of(message)),
        (Some("ROLE_AGENT"), "hello there")
    );
    assert!(
        message["contextId"].is_string() && message.get("taskId").is_none(),
        "{message}"
    );
    assert!(result.get("task").is_none());
}

#[tokio::test]
async fn a_blocking_send_returns_the_finished_task() {
    let host = super::host().await;
    let result = host
        .ok("SendMessage", msg::text("tck-complete-task-a", "hi"))
        .await;
    let task = &result["task"];
    assert_eq!(task["status"]["state"], "TASK_STATE_COMPLETED");
    assert_eq!(text_of(&task["status"]["message"]), "Hello from TCK");
    assert!(
        is_utc_timestamp(task["status"]["timestamp"].as_str().unwrap_or("")),
        "{task}"
    );
    let roles: Vec<&str> = task["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|m| m["role"].as_str())
        .collect();
    assert_eq!(roles, ["ROLE_USER", "ROLE_AGENT"]);
    assert_eq!(
        task["history"][0]["taskId"], task["id"],
        "the server fills in the task id"
    );
    let fetched = host.ok("GetTask", json!({"id": task["id"]})).await;
    assert_eq!(&fetched, task);
}

#[tokio::test]
async fn artifacts_of_every_part_kind_reach_the_task() {
    let host = super::host().await;
    let cases = [
        (
            "tck-artifact-text",
            json!({"text": "Generated text content"}),
        ),
        (
            "tck-artifact-file-url",
            json!({"url": "https://example.com/output.txt", "mediaType": "text/plain", "filename": "output.txt"}),
        ),
        (
            "tck-artifact-file",
            json!({"raw": "dGNr", "mediaType": "text/plain", "filename": "output.txt"}),
        ),
        (
            "tck-artifact-data",
            json!({"data": {"key": "value", "count": 42}}),
        ),
    ];
    for (prefix, part) in cases {
        let task = &host
            .ok("SendMessage", msg::text(&format!("{prefix}-1"), "go"))
            .await["task"];
        assert_eq!(task["artifacts"][0]["parts"][0], part, "{prefix}");
        assert_eq!(task["artifacts"][0]["artifactId"], "artifact-1");
    }
}

#[tokio::test]
async fn return_immediately_answers_before_the_turn_ends() {
    let host = super::host().await;
    let mut params = msg::text("tck-cancel-1", "wait");
    params["configuration"] = json!({"returnImmediately": true});
    let task = host.ok("SendMessage", params).await["task"].clone();
    assert_eq!(task["status"]["state"], "TASK_STATE_SUBMITTED");
    let id = task["id"].as_str().expect("id");
    host.wait_for_state(id, "TASK_STATE_WORKING", Duration::from_secs(5))
        .await;
    let busy = host.err("SendMessage", msg::follow_up(id, "more")).await;
    assert_eq!(
        busy["code"], -32004,
        "a working task takes no new message: {busy}"
    );
    let canceled = host.ok("CancelTask", json!({"id": id})).await;
    assert_eq!(canceled["status"]["state"], "TASK_STATE_CANCELED");
}

#[tokio::test]
async fn history_length_limits_the_history_returned() {
    let host = super::host().await;
    let id = host
        .ok("SendMessage", msg::text("tck-complete-task-h", "hi"))
        .await["task"]["id"]
        .clone();
    let all = host.ok("GetTask", json!({"id": id})).await;
    assert_eq!(all["history"].as_array().map(Vec::len), Some(2));
    let none = host
        .ok("GetTask", json!({"id": id, "historyLength": 0}))
        .await;
    assert!(
        none.get("history").is_none(),
        "historyLength 0 omits history: {none}"
    );
    let last = host
        .ok("GetTask", json!({"id": id, "history_length": 1}))
        .await;
    assert_eq!(
        last["history"].as_array().map(Vec::len),
        Some(1),
        "snake_case is accepted"
    );
    assert_eq!(
        last["history"][0]["role"], "ROLE_AGENT",
        "the most recent message is kept"
    );
    let mut params = msg::text("tck-complete-task-h2", "hi");
    params["configuration"] = json!({"historyLength": 0});
    assert!(
        host.ok("SendMessage", params).await["task"]
            .get("history")
            .is_none()
    );
}

#[tokio::test]
async fn an_interrupted_task_resumes_with_the_whole_history() {
    let host = super::host().await;
    let first = host
        .ok(
            "SendMessage",
            msg::text("tck-input-required-1", "TCK history message 1"),
        )
        .await;
    let task = &first["task"];
    assert_eq!(task["status"]["state"], "TASK_STATE_INPUT_REQUIRED");
    assert_eq!(text_of(&task["status"]["message"]), "Please provide input");
    let id = task["id"].as_str().expect("id");
    let mut bad = msg::follow_up(id, "x");
    bad["message"]["contextId"] = json!("another-context");
    assert_eq!(
        host.err("SendMessage", bad).await["code"],
        -32602,
        "a mismatched context is refused"
    );
    let mut next = msg::follow_up(id, "TCK history message 2");
    next["message"]["messageId"] = json!("tck-complete-task-2");
    let done = host.ok("SendMessage", next).await["task"].clone();
    assert_eq!(done["status"]["state"], "TASK_STATE_COMPLETED");
    assert_eq!(
        done["contextId"], task["contextId"],
        "the context is inferred from the task"
    );
    assert_eq!(
        skillhost_tests::task::user_texts(&done),
        ["TCK history message 1", "TCK history message 2"]
    );
}

#[tokio::test]
async fn cancelling_a_waiting_task_ends_it_canceled() {
    let host = super::host().await;
    let id = host
        .ok("SendMessage", msg::text("tck-input-required-c", "hi"))
        .await["task"]["id"]
        .clone();
    let canceled = host.ok("CancelTask", json!({"id": id})).await;
    assert_eq!(
        (canceled["id"].clone(), canceled["status"]["state"].clone()),
        (id.clone(), json!("TASK_STATE_CANCELED"))
    );
    assert_eq!(
        host.ok("GetTask", json!({"id": id})).await["status"]["state"],
        "TASK_STATE_CANCELED"
    );
    assert_eq!(
        host.err("CancelTask", json!({"id": id})).await["code"],
        -32002
    );
}

#[tokio::test]
async fn list_tasks_filters_pages_and_omits_artifacts_unless_asked() {
    let host = super::host().await;
    let mut ids = Vec::new();
    for i in 0..3 {
        let mut params = msg::text(&format!("tck-artifact-text-{i}"), "hi");
        params["message"]["contextId"] = json!("ctx-list");
        ids.push(host.ok("SendMessage", params).await["task"]["id"].clone());
    }
    host.ok(
        "SendMessage",
        msg::text("tck-complete-task-other", "elsewhere"),
    )
    .await;
    let page = host
        .ok("ListTasks", json!({"contextId": "ctx-list", "pageSize": 2}))
        .await;
    assert_eq!(page["totalSize"], 3);
    assert_eq!(page["pageSize"], 2);
    let first: Vec<Value> = page["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| t["id"].clone())
        .collect();
    assert_eq!(first, [ids[2].clone(), ids[1].clone()], "newest first");
    assert!(
        page["tasks"][0].get("artifacts").is_none(),
        "artifacts omitted by default"
    );
    let token = page["nextPageToken"].as_str().expect("token");
    assert!(!token.is_empty());
    let rest = host
        .ok("ListTasks", json!({"context_id": "ctx-list", "page_size": 2, "pageToken": token, "includeArtifacts": true}))
        .await;
    assert_eq!(rest["tasks"][0]["id"], ids[0]);
    assert_eq!(
        rest["nextPageToken"], "",
        "the last page has an empty token"
    );
    assert!(rest["tasks"][0]["artifacts"].is_array());
    let bad = host
        .err(
            "ListTasks",
            json!({"contextId": "ctx-list", "pageSize": 101}),
        )
        .await;
    assert_eq!(bad["code"], -32602);
    let by_state = host
        .ok(
            "ListTasks",
            json!({"contextId": "ctx-list", "status": "TASK_STATE_COMPLETED"}),
        )
        .await;
    assert_eq!(by_state["totalSize"], 3);
    // Without authentication every caller sees every task; a contextId only narrows it.
    let everyone = host.ok("ListTasks", json!({})).await;
    assert_eq!(everyone["totalSize"], 4, "{everyone}");
    assert_eq!(everyone["pageSize"], 50, "the default page size");
    let second = host.ok("GetTask", json!({"id": ids[1]})).await;
    let since = host
        .ok(
            "ListTasks",
            json!({"contextId": "ctx-list", "statusTimestampAfter": second["status"]["timestamp"]}),
        )
        .await;
    let recent: Vec<&Value> = since["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| &t["id"])
        .collect();
    assert_eq!(
        recent,
        [&ids[2], &ids[1]],
        "at or after the timestamp, newest first"
    );
    let bad = host
        .err("ListTasks", json!({"statusTimestampAfter": "yesterday"}))
        .await;
    assert_eq!(bad["code"], -32602);
}

#[tokio::test]
async fn concurrent_answers_start_one_turn_and_it_stays_cancelable() {
    let host = super::host().await;
    let id = host
        .ok("SendMessage", msg::text("tck-input-required-race", "hi"))
        .await["task"]["id"]
        .clone();
    let id = id.as_str().expect("id");
    let answer = |n: u32| {
        let mut params = msg::follow_up(id, "answer");
        params["message"]["messageId"] = json!(format!("tck-cancel-{n}"));
        params["configuration"] = json!({"returnImmediately": true});
        params
    };
    let (a, b) = tokio::join!(
        host.rpc("SendMessage", answer(1)),
        host.rpc("SendMessage", answer(2))
    );
    let codes: Vec<Value> = [&a, &b]
        .iter()
        .map(|r| r["error"]["code"].clone())
        .collect();
    let started = [&a, &b]
        .iter()
        .filter(|r| r.get("result").is_some())
        .count();
    assert_eq!(started, 1, "exactly one answer starts a turn: {a} {b}");
    assert!(
        codes.contains(&json!(-32004)),
        "the other is told the task is busy: {a} {b}"
    );
    let canceled = host.ok("CancelTask", json!({"id": id})).await;
    assert_eq!(canceled["status"]["state"], "TASK_STATE_CANCELED");
}

#[tokio::test]
async fn a_task_nobody_answers_is_canceled_after_the_idle_timeout() {
    let host = TestHost::start(&[Plugin::new("tck", "tck")], "[tasks]\nidle_timeout_s = 1").await;
    let id = host
        .ok("SendMessage", msg::text("tck-input-required-idle", "hi"))
        .await["task"]["id"]
        .clone();
    let task = host
        .wait_for_state(
            id.as_str().expect("id"),
            "TASK_STATE_CANCELED",
            Duration::from_secs(5),
        )
        .await;
    assert_eq!(
        text_of(&task["status"]["message"]),
        "canceled: no answer within 1 s"
    );
}

#[tokio::test]
async fn a_task_cannot_grow_past_its_size_limit() {
    let host = TestHost::start(
        &[Plugin::new("tck", "tck"), Plugin::new("hostile", "hostile")],
        "default_skill = \"tck\"\n[tasks]\nmax_task_mib = 1",
    )
    .await;
    let big = "x".repeat(1_100_000);
    let refused = host
        .err("SendMessage", msg::text("tck-complete-task-big", &big))
        .await;
    assert_eq!(refused["code"], -32602);
    assert!(
        refused["message"]
            .as_str()
            .unwrap_or("")
            .contains("larger than a task may grow (1 MiB)"),
        "{refused}"
    );
    let id = host
        .ok(
            "SendMessage",
            msg::text("tck-input-required-grow", &"y".repeat(600_000)),
        )
        .await["task"]["id"]
        .clone();
    let full = host
        .err(
            "SendMessage",
            msg::follow_up(id.as_str().expect("id"), &"z".repeat(600_000)),
        )
        .await;
    assert!(
        full["message"]
            .as_str()
            .unwrap_or("")
            .contains("has reached its size limit"),
        "{full}"
    );
    // A skill's events count against the same limit, whatever its own per-run budget; the
    // event that would pass it is not kept.
    let task = host
        .ok("SendMessage", msg::to_skill("big-event", "go"))
        .await["task"]
        .clone();
    assert_eq!(
        task["status"]["message"]["metadata"]["failureKind"], "resourceLimit",
        "{task}"
    );
    assert!(task.get("artifacts").is_none(), "{task}");
}
