//! The Agent Card.

use serde_json::Value;
use skillhost_tests::{Plugin, TestHost};

/// The card at `path`, fetched with `A2A-Version: version` unless `version` is empty.
async fn fetch(host: &TestHost, path: &str, version: &str) -> (reqwest::header::HeaderMap, Value) {
    let mut req = host.http.get(format!("{}{path}", host.base));
    if !version.is_empty() {
        req = req.header("a2a-version", version);
    }
    let resp = req.send().await.expect("card");
    assert_eq!(resp.status(), 200);
    let headers = resp.headers().clone();
    (headers, resp.json().await.expect("card is JSON"))
}

/// The 1.0 card, as a 1.0 client fetches it.
async fn card(host: &TestHost) -> (reqwest::header::HeaderMap, Value) {
    fetch(host, "/.well-known/agent-card.json", "1.0").await
}

#[tokio::test]
async fn lists_every_skill_of_every_plugin_in_the_1_0_shape() {
    let host = TestHost::start(
        &[
            Plugin::new("echo", "echo"),
            Plugin::new("tck", "tck"),
            Plugin::new("hostile", "hostile"),
        ],
        "default_skill = \"echo\"",
    )
    .await;
    let (_, card) = card(&host).await;
    let ids: Vec<&str> = card["skills"]
        .as_array()
        .expect("skills")
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    // In load order: echo, the hostile plugin's skills in the order it describes them
    // (its first ones below; it has many), then tck.
    let first_hostile = [
        "spin",
        "hog",
        "recurse",
        "flood",
        "big-event",
        "crash",
        "nap",
        "probe",
        "bad-append",
        "leak",
        "reopen",
    ];
    assert_eq!(ids.first(), Some(&"echo"), "{ids:?}");
    assert_eq!(ids[1..=first_hostile.len()], first_hostile, "{ids:?}");
    assert_eq!(ids.last(), Some(&"tck"), "{ids:?}");
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert_eq!(
        card["supportedInterfaces"],
        serde_json::json!([
            {"url": host.base, "protocolBinding": "JSONRPC", "protocolVersion": "1.0"},
            {"url": host.base, "protocolBinding": "HTTP+JSON", "protocolVersion": "1.0"},
            {"url": host.base, "protocolBinding": "JSONRPC", "protocolVersion": "0.3"},
        ])
    );
    assert_eq!(
        card["capabilities"],
        serde_json::json!({"streaming": true, "pushNotifications": true, "extendedAgentCard": false})
    );
    for key in [
        "name",
        "description",
        "version",
        "defaultInputModes",
        "defaultOutputModes",
    ] {
        assert!(card.get(key).is_some(), "card lacks {key}");
    }
    // A client that says 1.0 gets the pure 1.0 shape.
    for legacy in [
        "url",
        "protocolVersion",
        "preferredTransport",
        "additionalInterfaces",
    ] {
        assert!(
            card.get(legacy).is_none(),
            "card carries 0.3 field {legacy}"
        );
    }
    let tck = card["skills"]
        .as_array()
        .and_then(|s| s.last())
        .expect("tck skill");
    assert_eq!(
        tck["inputModes"],
        serde_json::json!([
            "text/plain",
            "application/json",
            "application/octet-stream",
            "application/x-unsupported-tck-type"
        ])
    );
}

#[tokio::test]
async fn documents_skill_routing() {
    let host = super::host().await;
    let (_, card) = card(&host).await;
    let description = card["description"].as_str().expect("description");
    assert!(
        description.contains("message.metadata.skillId"),
        "{description}"
    );
    assert!(description.contains("\"tck\""), "{description}");
}

#[tokio::test]
async fn carries_cache_headers_and_honours_if_none_match() {
    let host = super::host().await;
    let (headers, _) = card(&host).await;
    let cache = headers["cache-control"].to_str().expect("ascii");
    assert!(cache.contains("max-age="), "{cache}");
    assert!(headers.contains_key("last-modified"));
    let etag = headers["etag"].to_str().expect("ascii").to_string();
    let again = host
        .http
        .get(format!("{}/.well-known/agent-card.json", host.base))
        .header("a2a-version", "1.0")
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("card");
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().expect("ascii"), etag);
    assert_eq!(
        headers["vary"], "A2A-Version",
        "the shape depends on the version"
    );
}

#[tokio::test]
async fn a_client_that_names_0_3_gets_the_0_3_members_too() {
    let host = super::host().await;
    let (headers, union) = fetch(&host, "/.well-known/agent-card.json", "0.3").await;
    let (v1_headers, v1) = card(&host).await;
    let (_, unversioned) = fetch(&host, "/.well-known/agent-card.json", "").await;
    assert_eq!(unversioned, v1, "no version: the strict 1.0 card");
    for (key, value) in v1.as_object().expect("card") {
        assert_eq!(&union[key], value, "{key} is as in the 1.0 card");
    }
    assert_eq!(union["url"], host.base.as_str());
    assert_eq!(union["protocolVersion"], "0.3.0");
    assert_eq!(union["preferredTransport"], "JSONRPC");
    assert_eq!(union["supportsAuthenticatedExtendedCard"], false);
    assert_ne!(headers["etag"], v1_headers["etag"], "two bodies, two tags");
}

#[tokio::test]
async fn the_older_path_serves_the_0_3_shape() {
    let host = super::host().await;
    let (headers, old) = fetch(&host, "/.well-known/agent.json", "").await;
    assert_eq!(old["url"], host.base.as_str());
    assert_eq!(
        old["additionalInterfaces"],
        serde_json::json!([{"url": host.base, "transport": "JSONRPC"}])
    );
    assert_eq!(
        old["capabilities"],
        serde_json::json!({"streaming": true, "pushNotifications": true, "stateTransitionHistory": false})
    );
    assert!(old.get("supportedInterfaces").is_none(), "{old}");
    assert_eq!(old["skills"][1]["id"], "tck");
    assert!(headers.contains_key("etag") && headers.get("vary").is_none());
}
