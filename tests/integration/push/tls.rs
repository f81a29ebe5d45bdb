//! `https` webhooks: verified against the system's roots plus `[push] ca_file`; a
//! certificate that does not verify fails the attempt, with the reason in `lastError`.

use serde_json::{Value, json};
use skillhost_tests::webhook::{Webhook, has_final_state};
use skillhost_tests::{TestHost, msg};

use super::{FAST, WITHIN, failed_delivery, host};

/// A host that trusts `pem` as a root for webhooks; the file lives as long as the host.
async fn trusting(pem: &str, dir: &tempfile::TempDir) -> TestHost {
    let path = dir.path().join("webhook-ca.pem");
    std::fs::write(&path, pem).expect("write the root");
    host(&format!("{FAST}ca_file = \"{}\"\n", path.display())).await
}

#[tokio::test]
async fn an_https_webhook_whose_root_is_trusted_gets_every_update() {
    let hook = Webhook::start_tls().await;
    assert!(
        hook.url().starts_with("https://127.0.0.1:"),
        "{}",
        hook.url()
    );
    let dir = tempfile::tempdir().expect("dir");
    let host = trusting(hook.ca_pem().expect("a certificate"), &dir).await;
    let mut params = msg::text("tck-stream-chunked-push", "go");
    params["configuration"] = json!({"taskPushNotificationConfig": {"url": hook.url()}});
    host.ok("SendMessage", params).await;
    let got = hook
        .wait_until(WITHIN, |g| has_final_state(g, "TASK_STATE_COMPLETED"))
        .await;
    let texts: Vec<Value> = got
        .iter()
        .map(|d| d.json()["artifactUpdate"]["artifact"]["parts"][0]["text"].clone())
        .filter(Value::is_string)
        .collect();
    assert_eq!(texts, ["chunk-1 ", "chunk-2"], "over TLS, every update");
}

#[tokio::test]
async fn an_https_webhook_whose_certificate_does_not_verify_gets_nothing() {
    let hook = Webhook::start_tls().await;
    let host = host(&FAST.replace("max_attempts = 100000", "max_attempts = 2")).await;
    let state = failed_delivery(&host, &hook.url()).await;
    assert!(
        state["lastError"]
            .as_str()
            .is_some_and(|e| e.contains("certificate")),
        "the reason names the certificate: {state}"
    );
    assert!(
        hook.received().is_empty(),
        "nothing sent to an unverified peer"
    );
}
