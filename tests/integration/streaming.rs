//! SSE streams: order, framing, fan-out to subscribers, and when streams end.

use std::time::Duration;

use serde_json::{Value, json};
use skillhost_tests::{Plugin, TestHost, msg};

/// The kind of a stream event (`task`, `statusUpdate`, …) and its state if it has one.
fn kind(event: &Value) -> (String, Option<String>) {
    assert_eq!(event["jsonrpc"], "2.0");
    assert_eq!(event["id"], 7, "every frame answers the request's id");
    let result = event["result"].as_object().expect("result");
    assert_eq!(result.len(), 1, "one member per StreamResponse: {event}");
    let (name, body) = result.iter().next().expect("member");
    let state = body["status"]["state"].as_str().map(str::to_string);
    (name.clone(), state)
}

fn kinds(events: &[Value]) -> Vec<(String, Option<String>)> {
    events.iter().map(kind).collect()
}

fn s(name: &str, state: Option<&str>) -> (String, Option<String>) {
    (name.to_string(), state.map(|s| format!("TASK_STATE_{s}")))
}

#[tokio::test]
async fn a_stream_starts_with_the_task_and_ends_after_the_last_update() {
    let host = super::host().await;
    let events = host
        .stream("SendStreamingMessage", msg::text("tck-stream-001-a", "go"))
        .await
        .collect()
        .await;
    assert_eq!(
        kinds(&events),
        [
            s("task", Some("SUBMITTED")),
            s("statusUpdate", Some("WORKING")),
            s("artifactUpdate", None),
            s("statusUpdate", Some("COMPLETED")),
        ]
    );
    let id = &events[0]["result"]["task"]["id"];
    assert_eq!(
        events[2]["result"]["artifactUpdate"]["artifact"]["parts"][0]["text"],
        "Stream hello from TCK"
    );
    assert_eq!(events[3]["result"]["statusUpdate"]["taskId"], *id);
    assert!(
        events[3]["result"]["statusUpdate"].get("final").is_none(),
        "1.0 has no `final`"
    );
    // Progress ("Working") is the status of the moment, not part of the conversation.
    let task = host.ok("GetTask", json!({"id": id})).await;
    let roles: Vec<&str> = task["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|m| m["role"].as_str())
        .collect();
    assert_eq!(roles, ["ROLE_USER", "ROLE_AGENT"], "{task}");
    assert_eq!(task["history"][1]["parts"][0]["text"], "Hello from TCK");
}

#[tokio::test]
async fn chunks_stream_as_appends_and_merge_in_the_task() {
    let host = super::host().await;
    let events = host
        .stream(
            "SendStreamingMessage",
            msg::text("tck-stream-artifact-chunked-1", "go"),
        )
        .await
        .collect()
        .await;
    let chunks: Vec<&Value> = events
        .iter()
        .filter_map(|e| e["result"].get("artifactUpdate"))
        .collect();
    assert_eq!(chunks.len(), 2);
    assert_eq!(
        (chunks[0].get("append"), chunks[0].get("lastChunk")),
        (None, None)
    );
    assert_eq!(
        (&chunks[1]["append"], &chunks[1]["lastChunk"]),
        (&json!(true), &json!(true))
    );
    let id = &events[0]["result"]["task"]["id"];
    let task = host.ok("GetTask", json!({"id": id})).await;
    assert_eq!(
        task["artifacts"][0]["parts"],
        json!([{"text": "chunk-1 "}, {"text": "chunk-2"}])
    );
}

#[tokio::test]
async fn a_direct_reply_streams_as_one_message() {
    let host = super::host().await;
    let events = host
        .stream("SendStreamingMessage", msg::to_skill("echo", "ping"))
        .await
        .collect()
        .await;
    assert_eq!(kinds(&events), [s("message", None)]);
    assert_eq!(events[0]["result"]["message"]["parts"][0]["text"], "ping");
}

#[tokio::test]
async fn subscribers_see_identical_events_in_order_and_close_at_the_end() {
    let host = super::host().await;
    let task = host
        .ok("SendMessage", msg::text("tck-input-required-s", "first"))
        .await["task"]
        .clone();
    let id = task["id"].as_str().expect("id");
    let mut a = host.stream("SubscribeToTask", json!({"id": id})).await;
    let mut b = host.stream("SubscribeToTask", json!({"id": id})).await;
    let (first_a, first_b) = (a.next().await.expect("a"), b.next().await.expect("b"));
    assert_eq!(first_a, first_b, "both start from the same snapshot");
    assert_eq!(kind(&first_a), s("task", Some("INPUT_REQUIRED")));
    // An interrupted task's subscription waits for the next turn instead of closing.
    assert!(a.next_within(Duration::from_millis(200)).await.is_none());
    let mut next = msg::follow_up(id, "second");
    next["message"]["messageId"] = json!("tck-stream-001-s");
    host.ok("SendMessage", next).await;
    let (rest_a, rest_b) = (a.collect().await, b.collect().await);
    assert_eq!(rest_a, rest_b);
    assert_eq!(
        kinds(&rest_a),
        [
            s("statusUpdate", Some("WORKING")),
            s("statusUpdate", Some("WORKING")),
            s("artifactUpdate", None),
            s("statusUpdate", Some("COMPLETED")),
        ]
    );
}

#[tokio::test]
async fn a_slow_reader_misses_nothing() {
    let host = super::host().await;
    let task = host
        .ok("SendMessage", msg::text("tck-input-required-slow", "first"))
        .await["task"]
        .clone();
    let id = task["id"].as_str().expect("id");
    let mut stream = host.stream("SubscribeToTask", json!({"id": id})).await;
    assert_eq!(kind(&stream.next().await.expect("snapshot")).0, "task");
    let mut next = msg::follow_up(id, "go");
    next["message"]["messageId"] = json!("tck-stream-artifact-chunked-slow");
    host.ok("SendMessage", next).await;
    // The turn is over before the reader reads on; the log still holds every event.
    let rest = stream.collect().await;
    assert_eq!(rest.len(), 5, "{rest:?}");
    assert_eq!(kind(&rest[4]), s("statusUpdate", Some("COMPLETED")));
}

#[tokio::test]
async fn quiet_streams_carry_keep_alive_comments() {
    let host = TestHost::start(&[Plugin::new("tck", "tck")], "[server]\nkeep_alive_s = 1").await;
    let id = host
        .ok("SendMessage", msg::text("tck-input-required-k", "x"))
        .await["task"]["id"]
        .clone();
    let mut stream = host.stream("SubscribeToTask", json!({"id": id})).await;
    stream.next().await.expect("snapshot");
    assert!(
        stream
            .next_within(Duration::from_millis(1500))
            .await
            .is_none(),
        "no event expected"
    );
    assert!(
        stream.comments >= 1,
        "a keep-alive comment arrives on a quiet stream"
    );
}

#[tokio::test]
async fn concurrent_direct_replies_each_stream_exactly_one_message() {
    let host = super::host().await;
    let streams = (0..100).map(|i| {
        let host = &host;
        async move {
            host.stream(
                "SendStreamingMessage",
                msg::to_skill("echo", &format!("n{i}")),
            )
            .await
            .collect()
            .await
        }
    });
    for (i, events) in futures::future::join_all(streams)
        .await
        .into_iter()
        .enumerate()
    {
        assert_eq!(
            kinds(&events),
            [s("message", None)],
            "stream {i}: {events:?}"
        );
        assert_eq!(
            events[0]["result"]["message"]["parts"][0]["text"],
            format!("n{i}")
        );
    }
}
