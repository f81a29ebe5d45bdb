//! The HTTP+JSON binding: every path, tenants, media types, and AIP-193 errors with the
//! HTTP status of the error table (under either edition of the spec's mapping).

use serde_json::{Value, json};
use skillhost_tests::{Plugin, Raw, TestHost, msg, task};

/// Checks an AIP-193 error body and returns its ErrorInfo reason.
fn aip193(resp: &Raw, status: u16) -> String {
    assert_eq!(resp.status, status, "{}", resp.body);
    let kind = resp.headers["content-type"].to_str().unwrap_or("");
    assert_eq!(kind, "application/json", "errors are JSON");
    let error = &resp.json()["error"];
    assert_eq!(error["code"], status, "{error}");
    assert!(error["status"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(error["message"].as_str().is_some_and(|s| !s.is_empty()));
    let info = &error["details"][0];
    assert_eq!(info["@type"], "type.googleapis.com/google.rpc.ErrorInfo");
    assert_eq!(info["domain"], "a2a-protocol.org");
    info["reason"].as_str().expect("reason").to_string()
}

/// The two errors whose status the spec's editions disagree on: canceling a finished task,
/// and a body that is not JSON.
async fn cancel_finished_and_send_plain_text(host: &TestHost) -> (Raw, Raw) {
    let body = Some(msg::text("tck-complete-task-e", "hi"));
    let done = host.rest_ok("POST", "/message:send", body).await;
    let id = done["task"]["id"].as_str().expect("id");
    let cancel = host
        .rest("POST", &format!("/tasks/{id}:cancel"), None)
        .await;
    let text = [("content-type", "text/plain")];
    let body = Some(msg::text("m", "x"));
    let plain = host.rest_with("POST", "/message:send", body, &text).await;
    (cancel, plain)
}

fn member(event: &Value) -> &str {
    let object = event.as_object().expect("a bare StreamResponse");
    assert_eq!(object.len(), 1, "{event}");
    object.keys().next().expect("member")
}

#[tokio::test]
async fn every_path_sends_streams_gets_lists_and_cancels() {
    let host = super::host().await;
    let mut params = msg::text("tck-artifact-text-rest", "hi");
    params["message"]["contextId"] = json!("ctx-rest");
    let sent = host.rest_ok("POST", "/message:send", Some(params)).await;
    let id = sent["task"]["id"].as_str().expect("task id").to_string();
    assert_eq!(task::state(&sent["task"]), "TASK_STATE_COMPLETED");

    let got = host
        .rest_ok("GET", &format!("/tasks/{id}?historyLength=1"), None)
        .await;
    assert_eq!(got["history"].as_array().map(Vec::len), Some(1), "{got}");
    let path =
        "/tasks?contextId=ctx-rest&pageSize=1&includeArtifacts=true&status=TASK_STATE_COMPLETED";
    let page = host.rest_ok("GET", path, None).await;
    assert_eq!(
        (&page["tasks"][0]["id"], &page["nextPageToken"]),
        (&json!(id), &json!(""))
    );
    assert_eq!(
        page["tasks"][0]["artifacts"][0]["parts"][0]["text"],
        "Generated text content"
    );

    let events = host
        .rest_stream(
            "POST",
            "/message:stream",
            Some(msg::text("tck-stream-001-rest", "go")),
        )
        .await
        .collect()
        .await;
    let members: Vec<&str> = events.iter().map(member).collect();
    assert_eq!(
        members,
        ["task", "statusUpdate", "artifactUpdate", "statusUpdate"]
    );

    let waiting = host
        .rest_ok(
            "POST",
            "/message:send",
            Some(msg::text("tck-input-required-rest", "hi")),
        )
        .await["task"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    for method in ["GET", "POST"] {
        let mut sub = host
            .rest_stream(method, &format!("/tasks/{waiting}:subscribe"), None)
            .await;
        let first = sub.next().await.expect("the task first");
        assert_eq!(
            task::state(&first["task"]),
            "TASK_STATE_INPUT_REQUIRED",
            "{method}"
        );
    }
    let canceled = host
        .rest_ok("POST", &format!("/tasks/{waiting}:cancel"), None)
        .await;
    assert_eq!(task::state(&canceled), "TASK_STATE_CANCELED");
}

#[tokio::test]
async fn tenant_paths_reach_the_same_methods() {
    let host = super::host().await;
    let sent = host
        .rest_ok(
            "POST",
            "/acme/message:send",
            Some(msg::text("tck-complete-task-t", "hi")),
        )
        .await;
    let id = sent["task"]["id"].as_str().expect("id");
    let got = host
        .rest_ok("GET", &format!("/acme/tasks/{id}"), None)
        .await;
    assert_eq!(got["id"], id);
    let body = json!({"metadata": {"why": "test"}});
    let cancel = host
        .rest("POST", &format!("/acme/tasks/{id}:cancel"), Some(body))
        .await;
    assert_eq!(aip193(&cancel, 409), "TASK_NOT_CANCELABLE");
}

#[tokio::test]
async fn errors_are_aip_193_bodies_with_the_table_status() {
    let host = super::host().await;
    let missing = host.rest("GET", "/tasks/no-such-task", None).await;
    assert_eq!(aip193(&missing, 404), "TASK_NOT_FOUND");
    assert_eq!(missing.json()["error"]["status"], "NOT_FOUND");
    let (cancel, plain) = cancel_finished_and_send_plain_text(&host).await;
    assert_eq!(aip193(&cancel, 409), "TASK_NOT_CANCELABLE");
    assert_eq!(aip193(&plain, 415), "CONTENT_TYPE_NOT_SUPPORTED");
    let unversioned = host
        .rest_with(
            "POST",
            "/message:send",
            Some(msg::text("m", "x")),
            &[("a2a-version", "")],
        )
        .await;
    assert_eq!(aip193(&unversioned, 400), "VERSION_NOT_SUPPORTED");
    let push = host
        .rest(
            "POST",
            "/tasks/x/pushNotificationConfigs",
            Some(json!({"url": "https://example.com"})),
        )
        .await;
    assert_eq!(
        aip193(&push, 404),
        "TASK_NOT_FOUND",
        "push is served: x is unknown"
    );
    let card = host.rest("GET", "/extendedAgentCard", None).await;
    assert_eq!(aip193(&card, 400), "UNSUPPORTED_OPERATION");
    for (method, path) in [
        ("GET", "/nowhere"),
        ("GET", "/message:send"),
        ("DELETE", "/tasks/x"),
    ] {
        assert_eq!(
            aip193(&host.rest(method, path, None).await, 404),
            "METHOD_NOT_FOUND"
        );
    }
    let broken = host
        .rest_with(
            "POST",
            "/message:send",
            None,
            &[("content-type", "application/json")],
        )
        .await;
    assert_eq!(aip193(&broken, 400), "PARSE_ERROR");
    let bad = host
        .rest("POST", "/message:send", Some(json!({"message": 5})))
        .await;
    assert_eq!(aip193(&bad, 400), "INVALID_PARAMS");
    let negative = host
        .rest("GET", "/tasks?pageSize=0&contextId=c", None)
        .await;
    assert_eq!(aip193(&negative, 400), "INVALID_PARAMS");
}

#[tokio::test]
async fn the_1_0_1_status_mapping_is_a_config_switch() {
    let host = TestHost::start(
        &[Plugin::new("tck", "tck")],
        "[server]\nerror_mapping = \"1.0.1\"",
    )
    .await;
    let (cancel, plain) = cancel_finished_and_send_plain_text(&host).await;
    assert_eq!(aip193(&cancel, 400), "TASK_NOT_CANCELABLE");
    assert_eq!(cancel.json()["error"]["status"], "FAILED_PRECONDITION");
    assert_eq!(aip193(&plain, 400), "CONTENT_TYPE_NOT_SUPPORTED");
    let refused = TestHost::try_start(&[], "[server]\nerror_mapping = \"2.0\"").await;
    assert!(
        refused.is_err_and(|e| e.contains("error_mapping")),
        "an unknown edition is refused"
    );
}

#[tokio::test]
async fn a2a_json_is_accepted_and_answered_when_asked_for() {
    let host = super::host().await;
    let body = Some(msg::text("tck-complete-task-j", "hi"));
    let a2a = [
        ("content-type", "application/a2a+json"),
        ("accept", "application/a2a+json"),
    ];
    let resp = host
        .rest_with("POST", "/message:send", body.clone(), &a2a)
        .await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    assert_eq!(resp.headers["content-type"], "application/a2a+json");
    assert_eq!(task::state(&resp.json()["task"]), "TASK_STATE_COMPLETED");
    let plain = host.rest("POST", "/message:send", body).await;
    assert_eq!(plain.headers["content-type"], "application/json");
}
