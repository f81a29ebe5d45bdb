//! The webhook URL policy: non-public addresses refused at registration and at delivery,
//! redirects not followed.

use serde_json::json;
use skillhost_tests::webhook::Webhook;

use super::{FAST, failed_delivery, failing, host, turn, waiting_task};

#[tokio::test]
async fn private_loopback_link_local_and_odd_urls_are_refused_at_registration() {
    let host = host("default_skill = \"tck\"").await;
    let task = waiting_task(&host, None).await;
    for (url, why) in [
        ("http://127.0.0.1:9/hook", "loopback"),
        ("http://localhost:9/hook", "loopback"),
        ("http://10.0.0.7/hook", "private"),
        ("http://192.168.1.1/hook", "private"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://[::1]:9/hook", "loopback"),
        ("http://[fd00::1]/hook", "private"),
        ("http://[::ffff:10.0.0.1]/hook", "private"),
        ("ftp://example.com/hook", "scheme"),
        ("http://user:pw@example.com/hook", "credentials"),
    ] {
        let e = host
            .err(
                "CreateTaskPushNotificationConfig",
                json!({"taskId": task, "url": url}),
            )
            .await;
        assert_eq!(e["code"], -32602, "{url}: {e}");
        assert!(
            e["message"].as_str().is_some_and(|m| m.contains(why)),
            "{url}: {e}"
        );
    }
    // The inline config of a message is checked before the message runs.
    let mut params = skillhost_tests::msg::text("tck-complete-task-pp", "go");
    params["configuration"] = json!({"taskPushNotificationConfig": {"url": "http://10.1.1.1/x"}});
    let e = host.err("SendMessage", params).await;
    assert_eq!(e["code"], -32602, "{e}");
}

#[tokio::test]
async fn an_address_allowed_when_registered_is_refused_at_delivery_once_it_is_not() {
    let hook = Webhook::start().await;
    let dir = tempfile::tempdir().expect("dir");
    let store = format!(
        "[store]\nurl = \"sqlite://{}/tasks.db\"\n",
        dir.path().display()
    );
    let task = {
        let first = host(&format!("{FAST}{store}")).await;
        let task = waiting_task(&first, None).await;
        first
            .ok(
                "CreateTaskPushNotificationConfig",
                json!({"taskId": task, "id": "p", "url": hook.url()}),
            )
            .await;
        task
    };
    // The same store, without allow_ranges: 127.0.0.1 is denied when delivering.
    let strict = format!(
        "default_skill = \"tck\"\n[push]\nbackoff_base_ms = 20\nbackoff_max_ms = 40\nmax_attempts = 2\n{store}"
    );
    let second = host(&strict).await;
    turn(&second, &task).await;
    let state = failing(&second, &task, "p").await;
    assert!(
        state["lastError"]
            .as_str()
            .is_some_and(|e| e.contains("loopback")),
        "{state}"
    );
    assert!(
        hook.received().is_empty(),
        "nothing reached the denied address"
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let target = Webhook::start().await;
    let hook = Webhook::redirecting(&target.url()).await;
    let host = host(&FAST.replace("max_attempts = 100000", "max_attempts = 2")).await;
    let state = failed_delivery(&host, &hook.url()).await;
    assert!(
        state["lastError"]
            .as_str()
            .is_some_and(|e| e.contains("redirects are not followed")),
        "{state}"
    );
    assert_eq!(
        hook.received().len(),
        2,
        "both attempts reached the webhook itself"
    );
    assert!(
        target.received().is_empty(),
        "and none went where it pointed"
    );
}
