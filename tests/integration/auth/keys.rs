//! API keys on both bindings; the 401 answer; the public card and the extended card.

use serde_json::json;
use skillhost_tests::msg;

use super::{Caller, KEYS, assert_rest_401, assert_rpc_401, challenges, host_with};

#[tokio::test]
async fn api_keys_are_checked_on_both_bindings() {
    let host = host_with(KEYS).await;
    let send = || msg::text("tck-complete-task", "hi");
    let nobody = Caller::anonymous(&host);
    let error = assert_rpc_401(&nobody.rpc("SendMessage", send()).await, "no key");
    assert!(
        error["message"]
            .as_str()
            .unwrap_or("")
            .contains("X-API-Key"),
        "{error}"
    );
    let wrong = Caller::key(&host, "key-of-mallory");
    let error = assert_rpc_401(&wrong.rpc("SendMessage", send()).await, "wrong key");
    assert_eq!(error["message"], "the API key is not valid");
    let alice = Caller::key(&host, "key-of-alice");
    let task = alice.ok("SendMessage", send()).await;
    assert_eq!(task["task"]["status"]["state"], "TASK_STATE_COMPLETED");

    // HTTP+JSON: the same keys, the same answers in its own shape; a path that does not
    // exist is a 401 too, so an unauthenticated caller learns nothing of the API.
    for path in ["/tasks", "/no/such/path"] {
        assert_rest_401(&nobody.rest("GET", path, None).await, path);
        assert_rest_401(&wrong.rest("GET", path, None).await, path);
    }
    let listed = alice.rest("GET", "/tasks", None).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(listed.json()["tasks"][0]["id"], task["task"]["id"]);
}

#[tokio::test]
async fn a_401_names_the_scheme_it_wants() {
    let host = host_with(KEYS).await;
    let resp = Caller::anonymous(&host)
        .rpc("GetTask", json!({"id": "x"}))
        .await;
    assert_rpc_401(&resp, "GetTask");
    assert_eq!(
        challenges(&resp),
        [r#"ApiKey realm="skillhost", header="X-API-Key""#]
    );
    // The agent card is not behind the key, nor is the health check.
    let card = host.rest("GET", "/.well-known/agent-card.json", None).await;
    assert_eq!(card.status, 200);
    assert_eq!(host.rest("GET", "/healthz", None).await.status, 200);
}

#[tokio::test]
async fn the_public_card_declares_the_schemes_in_each_version() {
    let host = host_with(KEYS).await;
    let card = host
        .rest("GET", "/.well-known/agent-card.json", None)
        .await
        .json();
    assert_eq!(
        card["securitySchemes"]["apiKey"]["apiKeySecurityScheme"]["name"],
        "X-API-Key"
    );
    assert_eq!(
        card["securityRequirements"],
        json!([{"schemes": {"apiKey": {"list": []}}}])
    );
    assert_eq!(card["capabilities"]["extendedAgentCard"], true);
    // 0.3: the OpenAPI shapes, at the 0.3 path and in the card a 0.3 request gets.
    let old = host
        .rest("GET", "/.well-known/agent.json", None)
        .await
        .json();
    let scheme = json!({"type": "apiKey", "in": "header", "name": "X-API-Key"});
    assert_eq!(old["securitySchemes"]["apiKey"]["type"], scheme["type"]);
    assert_eq!(old["securitySchemes"]["apiKey"]["in"], scheme["in"]);
    assert_eq!(old["security"], json!([{"apiKey": []}]));
    assert_eq!(old["supportsAuthenticatedExtendedCard"], true);
    let headers = [("a2a-version", "0.3")];
    let union = host
        .rest_with("GET", "/.well-known/agent-card.json", None, &headers)
        .await
        .json();
    assert_eq!(union["securitySchemes"]["apiKey"]["name"], "X-API-Key");
    assert_eq!(union["security"], json!([{"apiKey": []}]));
}

#[tokio::test]
async fn the_extended_card_is_for_authenticated_callers_and_says_more() {
    let host = host_with(&format!("{KEYS}allow_anonymous = true\n")).await;
    let nobody = Caller::anonymous(&host);
    // Anonymous calls are allowed here, but not to the extended card.
    let sent = nobody
        .ok("SendMessage", msg::text("tck-complete-task", "hi"))
        .await;
    assert_eq!(sent["task"]["status"]["state"], "TASK_STATE_COMPLETED");
    assert_rpc_401(
        &nobody.rpc("GetExtendedAgentCard", json!({})).await,
        "anonymous",
    );
    assert_rest_401(
        &nobody.rest("GET", "/extendedAgentCard", None).await,
        "anonymous",
    );

    let alice = Caller::key(&host, "key-of-alice");
    let card = alice.ok("GetExtendedAgentCard", json!({})).await;
    let public = host
        .rest("GET", "/.well-known/agent-card.json", None)
        .await
        .json();
    assert!(
        card["description"]
            .as_str()
            .unwrap_or("")
            .contains("Authenticated as alice")
    );
    let skill = &card["skills"][0];
    assert_eq!(
        skill["securityRequirements"],
        public["securityRequirements"]
    );
    assert!(
        skill["description"]
            .as_str()
            .unwrap_or("")
            .contains("plugin tck"),
        "{skill}"
    );
    assert!(public["skills"][0].get("securityRequirements").is_none());
    let rest = alice.rest("GET", "/extendedAgentCard", None).await;
    assert_eq!(rest.status, 200, "{}", rest.body);
    assert_eq!(rest.json()["skills"], card["skills"]);
    // 0.3 clients ask by their own name and get the 0.3 shape.
    let old = alice
        .host
        .post(
            json!({"jsonrpc": "2.0", "id": 1, "method": "agent/getAuthenticatedExtendedCard"})
                .to_string(),
            &[("x-api-key", "key-of-alice"), ("a2a-version", "0.3")],
        )
        .await
        .json();
    assert_eq!(old["result"]["security"], json!([{"apiKey": []}]), "{old}");
}

#[tokio::test]
async fn without_auth_every_caller_is_anonymous_and_there_is_no_extended_card() {
    let host = host_with("").await;
    let nobody = Caller::anonymous(&host);
    assert_eq!(nobody.code("GetExtendedAgentCard", json!({})).await, -32004);
    let card = host
        .rest("GET", "/.well-known/agent-card.json", None)
        .await
        .json();
    assert!(card.get("securitySchemes").is_none(), "{card}");
    assert_eq!(card["capabilities"]["extendedAgentCard"], false);
    // Credentials nobody asked for change nothing.
    let keyed = Caller::key(&host, "whatever");
    let sent = keyed
        .ok("SendMessage", msg::text("tck-complete-task", "hi"))
        .await;
    let id = sent["task"]["id"].clone();
    assert_eq!(nobody.ok("GetTask", json!({"id": id})).await["id"], id);
}
