//! The Agent Card.

use serde_json::Value;
use skillhost_tests::{Plugin, TestHost};

async fn card(host: &TestHost) -> (reqwest::header::HeaderMap, Value) {
    let resp = host
        .http
        .get(format!("{}/.well-known/agent-card.json", host.base))
        .send()
        .await
        .expect("card");
    assert_eq!(resp.status(), 200);
    let headers = resp.headers().clone();
    (headers, resp.json().await.expect("card is JSON"))
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
        serde_json::json!([{"url": host.base, "protocolBinding": "JSONRPC", "protocolVersion": "1.0"}])
    );
    assert_eq!(
        card["capabilities"],
        serde_json::json!({"streaming": true, "pushNotifications": false, "extendedAgentCard": false})
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
    // 0.3 fields would break 1.0 clients that validate the card strictly.
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
    assert_eq!(tck["inputModes"], serde_json::json!(["*/*"]));
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
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("card");
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().expect("ascii"), etag);
}
