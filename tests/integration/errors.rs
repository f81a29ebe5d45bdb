//! Every error code, exactly as A2A 1.0 specifies: HTTP 200, a JSON-RPC error object with
//! only `code`, `message` and `data`, and a `google.rpc.ErrorInfo` in `data`.

use serde_json::{Value, json};
use skillhost_tests::{Plugin, TestHost, msg};

/// Checks the shape of an error and returns its ErrorInfo reason.
fn reason(error: &Value, code: i64) -> String {
    assert_eq!(error["code"], code, "{error}");
    let keys: Vec<&String> = error.as_object().expect("object").keys().collect();
    assert_eq!(
        keys,
        ["code", "data", "message"],
        "only code, message and data: {error}"
    );
    assert!(!error["message"].as_str().unwrap_or("").is_empty());
    let info = &error["data"][0];
    assert_eq!(
        info["@type"], "type.googleapis.com/google.rpc.ErrorInfo",
        "{error}"
    );
    assert_eq!(info["domain"], "a2a-protocol.org");
    info["reason"].as_str().expect("reason").to_string()
}

async fn raw_error(
    host: &TestHost,
    body: &str,
    headers: &[(&str, &str)],
    code: i64,
) -> (Value, String) {
    let resp = host.post(body.to_string(), headers).await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    let json = resp.json();
    let reason = reason(&json["error"], code);
    (json, reason)
}

#[tokio::test]
async fn malformed_requests_get_json_rpc_errors_not_http_errors() {
    let host = super::host().await;
    let (resp, r) = raw_error(&host, "{\"jsonrpc\": \"2.0\", ", &[], -32700).await;
    assert_eq!(
        (resp["id"].clone(), r.as_str()),
        (Value::Null, "PARSE_ERROR")
    );
    for bad in [
        r#"{"id": 5, "method": "GetTask"}"#,
        r#"{"jsonrpc": "1.0", "id": 5, "method": "GetTask"}"#,
        r#"{"jsonrpc": "2.0", "id": 5, "method": 12}"#,
        r#"{"jsonrpc": "2.0", "id": {"x": 1}, "method": "GetTask"}"#,
        r#"{"jsonrpc": "2.0", "method": "GetTask"}"#,
        r#"[{"jsonrpc": "2.0", "id": 1, "method": "GetTask"}]"#,
        r#""just a string""#,
    ] {
        let (_, r) = raw_error(&host, bad, &[], -32600).await;
        assert_eq!(r, "INVALID_REQUEST", "{bad}");
    }
    let (resp, _) = raw_error(&host, r#"{"id": 5, "method": "GetTask"}"#, &[], -32600).await;
    assert_eq!(resp["id"], 5, "the id is echoed when it is usable");
}

#[tokio::test]
async fn oversized_bodies_are_invalid_requests() {
    let host = TestHost::start(&[Plugin::new("echo", "echo")], "[server]\nmax_body_kib = 1").await;
    let big = json!({"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": msg::text("m", &"x".repeat(4096))});
    let (resp, _) = raw_error(&host, &big.to_string(), &[], -32600).await;
    assert!(
        resp["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("1024 bytes"),
        "{resp}"
    );
}

#[tokio::test]
async fn unknown_methods_and_bad_params() {
    let host = super::host().await;
    assert_eq!(
        reason(&host.err("NonExistentMethod", json!({})).await, -32601),
        "METHOD_NOT_FOUND"
    );
    let missing = host.err("SendMessage", json!({})).await;
    assert_eq!(reason(&missing, -32602), "INVALID_PARAMS");
    assert!(
        missing["message"]
            .as_str()
            .unwrap_or("")
            .contains("message"),
        "{missing}"
    );
    let negative = host
        .err("GetTask", json!({"id": "x", "historyLength": -1}))
        .await;
    assert_eq!(reason(&negative, -32602), "INVALID_PARAMS");
    let no_parts = json!({"message": {"messageId": "m", "role": "ROLE_USER", "parts": []}});
    assert_eq!(
        reason(&host.err("SendMessage", no_parts).await, -32602),
        "INVALID_PARAMS"
    );
    let agent_role =
        json!({"message": {"messageId": "m", "role": "ROLE_AGENT", "parts": [{"text": "x"}]}});
    assert_eq!(
        reason(&host.err("SendMessage", agent_role).await, -32602),
        "INVALID_PARAMS"
    );
}

#[tokio::test]
async fn an_unknown_skill_is_refused_with_the_available_ones() {
    let host = super::host().await;
    let error = host.err("SendMessage", msg::to_skill("nope", "hi")).await;
    assert_eq!(reason(&error, -32602), "INVALID_PARAMS");
    assert_eq!(error["data"][0]["metadata"]["availableSkills"], "echo,tck");
    assert!(
        error["message"]
            .as_str()
            .unwrap_or("")
            .contains("echo, tck"),
        "{error}"
    );
}

#[tokio::test]
async fn without_a_default_a_message_must_name_its_skill() {
    let host = TestHost::start(
        &[Plugin::new("echo", "echo"), Plugin::new("tck", "tck")],
        "",
    )
    .await;
    let error = host.err("SendMessage", msg::text("m1", "hi")).await;
    assert_eq!(reason(&error, -32602), "INVALID_PARAMS");
    assert!(
        error["message"].as_str().unwrap_or("").contains("skillId"),
        "{error}"
    );
    // The only skill of a host needs no naming.
    let single = TestHost::start(&[Plugin::new("echo", "echo")], "").await;
    assert!(
        single
            .ok("SendMessage", msg::text("m2", "hi"))
            .await
            .get("message")
            .is_some()
    );
}

#[tokio::test]
async fn unknown_tasks_are_not_found_everywhere() {
    let host = super::host().await;
    for method in ["GetTask", "CancelTask", "SubscribeToTask"] {
        let error = host.err(method, json!({"id": "no-such-task"})).await;
        assert_eq!(reason(&error, -32001), "TASK_NOT_FOUND", "{method}");
        assert_eq!(error["data"][0]["metadata"]["taskId"], "no-such-task");
    }
    let follow = host
        .err("SendMessage", msg::follow_up("no-such-task", "hi"))
        .await;
    assert_eq!(reason(&follow, -32001), "TASK_NOT_FOUND");
}

#[tokio::test]
async fn finished_tasks_refuse_cancel_messages_and_subscriptions() {
    let host = super::host().await;
    let task = host
        .ok("SendMessage", msg::text("tck-complete-task-1", "hi"))
        .await;
    let id = task["task"]["id"].as_str().expect("task id");
    assert_eq!(task["task"]["status"]["state"], "TASK_STATE_COMPLETED");
    let cancel = host.err("CancelTask", json!({"id": id})).await;
    assert_eq!(reason(&cancel, -32002), "TASK_NOT_CANCELABLE");
    let again = host.err("SendMessage", msg::follow_up(id, "more")).await;
    assert_eq!(reason(&again, -32004), "UNSUPPORTED_OPERATION");
    let resp = host
        .post(
            json!({"jsonrpc": "2.0", "id": 3, "method": "SubscribeToTask", "params": {"id": id}})
                .to_string(),
            &[],
        )
        .await;
    assert!(
        resp.headers["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("application/json"),
        "no SSE for errors"
    );
    assert_eq!(
        reason(&resp.json()["error"], -32004),
        "UNSUPPORTED_OPERATION"
    );
}

#[tokio::test]
async fn content_types_are_checked_for_requests_and_for_parts() {
    let host = TestHost::start(&[Plugin::new("echo", "echo")], "").await;
    let body =
        json!({"jsonrpc": "2.0", "id": 1, "method": "GetTask", "params": {"id": "x"}}).to_string();
    let (_, r) = raw_error(&host, &body, &[("content-type", "text/plain")], -32005).await;
    assert_eq!(r, "CONTENT_TYPE_NOT_SUPPORTED");
    let image = json!({"message": {"messageId": "m", "role": "ROLE_USER",
        "parts": [{"raw": "AAAA", "mediaType": "image/png"}]}});
    let error = host.err("SendMessage", image).await;
    assert_eq!(reason(&error, -32005), "CONTENT_TYPE_NOT_SUPPORTED");
    assert_eq!(error["data"][0]["metadata"]["mediaType"], "image/png");
    let a2a_json = host
        .post(body, &[("content-type", "application/a2a+json")])
        .await;
    assert_eq!(
        a2a_json.json()["error"]["code"],
        -32001,
        "application/a2a+json is JSON too"
    );
}

#[tokio::test]
async fn the_tck_skill_enforces_the_input_modes_it_declares() {
    let host = super::host().await;
    let image = json!({"message": {"messageId": "tck-complete-task-img", "role": "ROLE_USER",
        "parts": [{"raw": "AAAA", "mediaType": "image/png"}]}});
    let error = host.err("SendMessage", image).await;
    assert_eq!(reason(&error, -32005), "CONTENT_TYPE_NOT_SUPPORTED");
    assert_eq!(error["data"][0]["metadata"]["skillId"], "tck");
    let bytes = json!({"message": {"messageId": "tck-complete-task-bin", "role": "ROLE_USER",
        "parts": [{"raw": "AAAA", "mediaType": "application/octet-stream"}]}});
    assert!(host.ok("SendMessage", bytes).await.get("task").is_some());
}

#[tokio::test]
async fn versions_other_than_1_0_are_refused() {
    let host = super::host().await;
    let body =
        json!({"jsonrpc": "2.0", "id": 9, "method": "SendMessage", "params": msg::text("m", "hi")})
            .to_string();
    let (resp, r) = raw_error(&host, &body, &[("a2a-version", "99.0")], -32009).await;
    assert_eq!(
        (resp["id"].clone(), r.as_str()),
        (json!(9), "VERSION_NOT_SUPPORTED")
    );
    assert_eq!(
        resp["error"]["data"][0]["metadata"]["supportedVersions"],
        "1.0, 0.3"
    );
    // No version means 0.3, which has no method of that name.
    let bare = host
        .http
        .post(&host.base)
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .expect("answer");
    let bare: Value = bare.json().await.expect("json");
    assert_eq!(reason(&bare["error"], -32009), "VERSION_NOT_SUPPORTED");
    let patch = host.post(body, &[("a2a-version", "1.0.7")]).await;
    assert!(
        patch.json().get("result").is_some(),
        "a patch version is ignored"
    );
}

#[tokio::test]
async fn push_configs_of_unknown_tasks_and_extended_cards_have_their_errors() {
    let host = super::host().await;
    let params = json!({"taskId": "whatever", "url": "https://example.com/hook"});
    let error = host.err("CreateTaskPushNotificationConfig", params).await;
    assert_eq!(reason(&error, -32001), "TASK_NOT_FOUND");
    let mut inline = msg::text("tck-complete-task-9", "hi");
    inline["configuration"] = json!({"taskPushNotificationConfig": {"url": "ftp://example.com/"}});
    assert_eq!(
        reason(&host.err("SendMessage", inline).await, -32602),
        "INVALID_PARAMS"
    );
    let card = host.err("GetExtendedAgentCard", json!({})).await;
    assert_eq!(reason(&card, -32004), "UNSUPPORTED_OPERATION");
}
