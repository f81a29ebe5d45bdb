//! Delivery to a real receiver: headers, signature, event ids, order; an outage; a config
//! that gives up.

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use skillhost_tests::webhook::{Delivered, Webhook, has_final_state};
use skillhost_tests::{TestHost, msg};

use super::{
    FAST, WITHIN, deduplicated, delivery, failed_delivery, host, log_updates, turn, waiting_task,
};

/// Checks `X-Skillhost-Signature` as a receiver would: HMAC-SHA256 over
/// `{X-Skillhost-Timestamp}.{body}`, keyed with the config's secret.
fn verify(d: &Delivered, secret: &str) {
    let timestamp = d.header("x-skillhost-timestamp").expect("a timestamp");
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(&d.body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        d.header("x-skillhost-signature"),
        Some(format!("sha256={hex}").as_str())
    );
}

/// Polls a config until nothing is pending; returns its delivery state.
async fn settled(host: &TestHost, task: &str, id: &str) -> Value {
    let deadline = tokio::time::Instant::now() + WITHIN;
    loop {
        let state = delivery(host, task, id).await;
        if state["pending"] == 0 && state["lastSuccess"].is_string() {
            return state;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "delivery did not settle: {state}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// The id of the task's only config (an inline one, whose id the host chose).
async fn only_config(host: &TestHost, task: &str) -> String {
    let list = host
        .ok("ListTaskPushNotificationConfigs", json!({"taskId": task}))
        .await;
    list["configs"][0]["id"]
        .as_str()
        .expect("a config")
        .to_string()
}

#[tokio::test]
async fn every_update_arrives_in_order_authenticated_signed_and_identified() {
    let hook = Webhook::start().await;
    let host = host(FAST).await;
    let inline = json!({"url": hook.url(), "token": "tok-1", "secret": "s3cret",
        "authentication": {"scheme": "Bearer", "credentials": "cred-1"}});
    let mut params = msg::text("tck-stream-chunked-push", "go");
    params["configuration"] = json!({"taskPushNotificationConfig": inline});
    let sent = host.ok("SendMessage", params).await;
    let task = sent["task"]["id"].as_str().expect("a task");
    let got = hook
        .wait_until(super::WITHIN, |g| {
            has_final_state(g, "TASK_STATE_COMPLETED")
        })
        .await;
    for d in &got {
        assert_eq!(d.header("authorization"), Some("Bearer cred-1"));
        assert_eq!(d.header("x-a2a-notification-token"), Some("tok-1"));
        assert_eq!(d.header("content-type"), Some("application/a2a+json"));
        verify(d, "s3cret");
    }
    let seqs = deduplicated(&got, task);
    let last = *seqs.last().expect("updates");
    assert_eq!(
        seqs,
        log_updates(&host, task, last).await,
        "every update of the log, in order"
    );
    let texts: Vec<Value> = got
        .iter()
        .map(|d| d.json()["artifactUpdate"]["artifact"]["parts"][0]["text"].clone())
        .filter(Value::is_string)
        .collect();
    assert_eq!(texts, ["chunk-1 ", "chunk-2"]);
    let state = settled(&host, task, &only_config(&host, task).await).await;
    assert_eq!(state["delivered"], seqs.len(), "{state}");
    assert!(state.get("lastError").is_none(), "{state}");
}

#[tokio::test]
async fn a_receiver_that_is_down_misses_nothing_once_it_is_back() {
    let mut hook = Webhook::start().await;
    let host = host(FAST).await;
    let task = waiting_task(&host, Some(json!({"id": "c", "url": hook.url()}))).await;
    hook.wait_until(WITHIN, |g| has_final_state(g, "TASK_STATE_INPUT_REQUIRED"))
        .await;
    hook.down().await;
    for _ in 0..4 {
        turn(&host, &task).await;
    }
    // The outage lasts until the host has failed 6 attempts in a row: what 60 s of outage
    // costs with the default backoff (1, 2, 4, 8, 16 and 32 s), here on a scaled clock.
    let deadline = tokio::time::Instant::now() + WITHIN;
    loop {
        let state = delivery(&host, &task, "c").await;
        let attempt = state["lastError"]
            .as_str()
            .and_then(|e| e.strip_prefix("attempt "))
            .and_then(|e| e.split(' ').next())
            .and_then(|n| n.parse::<u32>().ok());
        if attempt.is_some_and(|n| n >= 6) {
            assert!(state["pending"].as_u64() > Some(0), "{state}");
            assert!(
                state["lastError"]
                    .as_str()
                    .is_some_and(|e| e.contains("error sending request") || e.contains("connect")),
                "{state}"
            );
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no failed attempts seen: {state}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    hook.up().await;
    let state = settled(&host, &task, "c").await;
    let got = hook.received();
    let seqs = deduplicated(&got, &task);
    let last = *seqs.last().expect("updates");
    assert_eq!(
        seqs,
        log_updates(&host, &task, last).await,
        "nothing lost, nothing out of order"
    );
    assert_eq!(
        state["delivered"].as_u64(),
        Some(seqs.len() as u64),
        "{state}"
    );
}

#[tokio::test]
async fn a_config_gives_up_after_its_attempts_and_says_so() {
    let mut hook = Webhook::start().await;
    hook.down().await;
    let host = host(&FAST.replace("max_attempts = 100000", "max_attempts = 3")).await;
    let state = failed_delivery(&host, &hook.url()).await;
    assert!(
        state["lastError"]
            .as_str()
            .is_some_and(|e| e.starts_with("attempt 3 ")),
        "{state}"
    );
    assert!(state["pending"].as_u64() > Some(0), "{state}");
    assert_eq!(state["delivered"], 0);
}
