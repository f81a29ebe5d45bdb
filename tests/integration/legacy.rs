//! A2A 0.3 and 0.1 clients on the same endpoint as 1.0 ones: their method names and their
//! wire shapes, over raw HTTP with no `A2A-Version` header, as those clients send them.

use serde_json::{Value, json};
use skillhost_tests::Sse;

/// 0.3 `MessageSendParams` with one text part.
fn v0_3(message_id: &str, text: &str) -> Value {
    json!({"message": {"kind": "message", "messageId": message_id, "role": "user",
        "parts": [{"kind": "text", "text": text}]}})
}

/// 0.1 `TaskSendParams`: the client names the task; parts are `type`-tagged.
fn v0_1(task_id: &str, text: &str) -> Value {
    json!({"id": task_id, "message": {"role": "user", "parts": [{"type": "text", "text": text}]}})
}

fn result(resp: &Value) -> &Value {
    resp.get("result")
        .unwrap_or_else(|| panic!("no result: {resp}"))
}

async fn results(stream: Sse) -> Vec<Value> {
    let frames = stream.collect().await;
    frames.iter().map(|f| result(f).clone()).collect()
}

#[tokio::test]
async fn a_0_3_client_sends_streams_gets_and_cancels_in_0_3_shapes() {
    let host = super::host().await;
    let sent = host
        .legacy("message/send", v0_3("tck-artifact-text-03", "hi"))
        .await;
    let task = result(&sent);
    assert_eq!(
        (&task["kind"], &task["status"]["state"]),
        (&json!("task"), &json!("completed"))
    );
    assert_eq!(task["status"]["message"]["kind"], "message");
    assert_eq!(task["status"]["message"]["role"], "agent");
    assert_eq!(
        task["artifacts"][0]["parts"][0],
        json!({"kind": "text", "text": "Generated text content"})
    );
    assert!(
        task.get("sessionId").is_none(),
        "message/send is 0.3 alone: {task}"
    );
    let id = task["id"].as_str().expect("id");

    let events = results(
        host.legacy_stream("message/stream", v0_3("tck-stream-001-03", "go"))
            .await,
    )
    .await;
    let kinds: Vec<(&Value, &Value, &Value)> = events
        .iter()
        .map(|e| (&e["kind"], &e["status"]["state"], &e["final"]))
        .collect();
    let n = Value::Null;
    assert_eq!(
        kinds,
        [
            (&json!("task"), &json!("submitted"), &n),
            (&json!("status-update"), &json!("working"), &json!(false)),
            (&json!("artifact-update"), &n, &n),
            (&json!("status-update"), &json!("completed"), &json!(true)),
        ]
    );

    let waiting = host
        .legacy("message/send", v0_3("tck-input-required-03", "hi"))
        .await;
    let waiting = result(&waiting)["id"].as_str().expect("id").to_string();
    let mut sub = host
        .legacy_stream("tasks/resubscribe", json!({"id": waiting}))
        .await;
    let first = sub.next().await.expect("the task first");
    assert_eq!(result(&first)["status"]["state"], "input-required");
    let canceled = host.legacy("tasks/cancel", json!({"id": waiting})).await;
    assert_eq!(result(&canceled)["status"]["state"], "canceled");

    let mut echo = v0_3("m-echo", "echo me");
    echo["message"]["metadata"] = json!({"skillId": "echo"});
    let reply = host.legacy("message/send", echo).await;
    assert_eq!(result(&reply)["kind"], "message");
    assert_eq!(
        result(&reply)["parts"][0],
        json!({"kind": "text", "text": "echo me"})
    );
    let _ = id;
}

#[tokio::test]
async fn a_shared_method_without_a_version_answers_both_readers() {
    let host = super::host().await;
    let sent = host
        .legacy("message/send", v0_3("tck-artifact-file-sh", "hi"))
        .await;
    let id = result(&sent)["id"].clone();
    let got = host
        .legacy("tasks/get", json!({"id": id, "historyLength": 1}))
        .await;
    let task = result(&got);
    assert!(task["contextId"].is_string(), "{task}");
    assert_eq!(
        task["sessionId"], task["contextId"],
        "0.1 calls the context a session"
    );
    let part = &task["artifacts"][0]["parts"][0];
    assert_eq!(
        (&part["kind"], &part["type"]),
        (&json!("file"), &json!("file"))
    );
    assert_eq!(
        part["file"],
        json!({"bytes": "dGNr", "mimeType": "text/plain", "name": "output.txt"})
    );
    assert_eq!(
        (
            &task["artifacts"][0]["index"],
            task["history"].as_array().map(Vec::len)
        ),
        (&json!(0), Some(1))
    );
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "tasks/get", "params": {"id": id}});
    let named = host
        .post(body.to_string(), &[("a2a-version", "0.3")])
        .await
        .json();
    assert!(
        named["result"].get("sessionId").is_none(),
        "a client that says 0.3 gets 0.3"
    );
    assert_eq!(
        named["result"]["artifacts"][0]["parts"][0].get("type"),
        None
    );
}

#[tokio::test]
async fn older_and_newer_names_do_not_mix() {
    let host = super::host().await;
    let body =
        json!({"jsonrpc": "2.0", "id": 1, "method": "message/send", "params": v0_3("m", "x")});
    let as_1_0 = host.post(body.to_string(), &[]).await.json();
    assert_eq!(as_1_0["error"]["code"], -32601);
    assert!(
        as_1_0["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("0.3 name"),
        "{as_1_0}"
    );
    let unversioned = host.legacy("SendMessage", json!({})).await;
    assert_eq!(unversioned["error"]["code"], -32009);
    for (method, code) in [
        // Push configs are served (see push.rs); a params shape they do not take is -32602,
        // an unknown task -32001.
        ("tasks/pushNotificationConfig/set", -32602),
        ("tasks/pushNotificationConfig/list", -32001),
        ("tasks/pushNotification/set", -32602),
        ("agent/getAuthenticatedExtendedCard", -32004),
        ("tasks/list", -32601),
    ] {
        let error = host.legacy(method, json!({"id": "x"})).await;
        assert_eq!(error["error"]["code"], code, "{method}: {error}");
    }
    let bad_part =
        json!({"message": {"messageId": "m", "role": "user", "parts": [{"kind": "image"}]}});
    assert_eq!(
        host.legacy("message/send", bad_part).await["error"]["code"],
        -32602
    );
    let blocking = json!({"message": v0_3("tck-cancel-nb", "x")["message"], "configuration": {"blocking": false}});
    let early = host.legacy("message/send", blocking).await;
    assert_eq!(
        result(&early)["status"]["state"],
        "submitted",
        "blocking: false answers at once"
    );
    let id = result(&early)["id"].clone();
    host.legacy("tasks/cancel", json!({"id": id})).await;
}

#[tokio::test]
async fn a_0_1_client_names_its_task_and_continues_it_by_that_name() {
    let host = super::host().await;
    let mut first = v0_1("task-001", "tck-multi-turn book a meeting room");
    first["sessionId"] = json!("session-1");
    let asked = host.legacy("tasks/send", first).await;
    let task = result(&asked);
    assert_eq!(
        (&task["id"], &task["sessionId"]),
        (&json!("task-001"), &json!("session-1"))
    );
    assert_eq!(task["status"]["state"], "input-required");
    assert_eq!(task["status"]["message"]["parts"][0]["type"], "text");
    assert_eq!(
        task["message"]["parts"][0]["text"],
        task["status"]["message"]["parts"][0]["text"]
    );
    let mut more = v0_1("task-001", "at ten, for six people");
    more["historyLength"] = json!(2);
    let again = host.legacy("tasks/send", more).await;
    assert_eq!(result(&again)["status"]["state"], "input-required");
    assert_eq!(
        result(&again)["history"].as_array().map(Vec::len),
        Some(2),
        "historyLength 2"
    );
    let done = host.legacy("tasks/send", v0_1("task-001", "done")).await;
    let task = result(&done);
    assert_eq!(task["status"]["state"], "completed");
    assert_eq!(task["artifacts"][0]["index"], 0);
    assert_eq!(
        task["artifacts"][0]["parts"][0]["text"],
        "Multi-turn conversation complete"
    );
    assert_eq!(
        task["history"].as_array().map(Vec::len),
        Some(6),
        "three questions, three answers"
    );
    let as_1_0 = host.ok("GetTask", json!({"id": "task-001"})).await;
    assert_eq!(
        (&as_1_0["contextId"], &as_1_0["status"]["state"]),
        (&json!("session-1"), &json!("TASK_STATE_COMPLETED"))
    );
    let finished = host.legacy("tasks/send", v0_1("task-001", "more")).await;
    assert_eq!(
        finished["error"]["code"], -32004,
        "a finished task takes no more messages"
    );
    let bad = host.legacy("tasks/send", v0_1("a/b", "x")).await;
    assert_eq!(bad["error"]["code"], -32602);
}

#[tokio::test]
async fn a_0_1_stream_holds_updates_and_ends_final_with_the_artifacts() {
    let host = super::host().await;
    let events = results(
        host.legacy_stream(
            "tasks/sendSubscribe",
            v0_1("task-002", "tck-stream-basic go"),
        )
        .await,
    )
    .await;
    let states: Vec<&Value> = events.iter().map(|e| &e["status"]["state"]).collect();
    let n = Value::Null;
    assert_eq!(
        states,
        [
            &json!("submitted"),
            &json!("working"),
            &n,
            &json!("completed")
        ]
    );
    assert!(
        events
            .iter()
            .all(|e| e["id"] == "task-002" && e.get("kind").is_none()),
        "{events:?}"
    );
    assert_eq!(events[2]["artifact"]["index"], 0);
    let last = &events[3];
    assert_eq!(last["final"], true);
    assert_eq!(
        last["artifacts"][0]["parts"][0]["text"],
        "Stream hello from TCK"
    );
    let mut echo = v0_1("task-echo", "hello");
    echo["message"]["metadata"] = json!({"skillId": "echo"});
    let only = results(host.legacy_stream("tasks/sendSubscribe", echo).await).await;
    assert_eq!(only.len(), 1, "{only:?}");
    assert_eq!(
        (
            &only[0]["id"],
            &only[0]["status"]["state"],
            &only[0]["final"]
        ),
        (&json!("task-echo"), &json!("completed"), &json!(true))
    );
    assert_eq!(only[0]["status"]["message"]["parts"][0]["text"], "hello");
}

#[tokio::test]
async fn the_0_1_scripts_post_to_method_paths() {
    let host = super::host().await;
    let (status, task) = host
        .path_call("tasks/send", v0_1("task-003", "tck-complete-task"))
        .await;
    assert_eq!(status, 200, "{task}");
    assert_eq!(
        (&task["id"], &task["status"]["state"]),
        (&json!("task-003"), &json!("completed"))
    );
    let (_, got) = host.path_call("tasks/get", json!({"id": "task-003"})).await;
    assert_eq!(got["sessionId"], task["sessionId"]);
    let mut stream = host
        .path_stream("tasks/sendSubscribe", v0_1("task-004", "tck-stream-basic"))
        .await;
    let first = stream.next().await.expect("an update");
    assert_eq!(
        (&first["id"], &first["status"]["state"]),
        (&json!("task-004"), &json!("submitted"))
    );
    let (status, missing) = host.path_call("tasks/get", json!({"id": "nope"})).await;
    assert_eq!(
        (status, &missing["error"]["details"][0]["reason"]),
        (404, &json!("TASK_NOT_FOUND"))
    );
}
