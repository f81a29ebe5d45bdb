//! The config methods: JSON-RPC and HTTP+JSON, 1.0, 0.3 and 0.1 shapes, ids chosen by the
//! client or the host, idempotent delete, unknown tasks.

use serde_json::json;

use super::{FAST, host, waiting_task};

#[tokio::test]
async fn create_get_list_delete_over_json_rpc_with_client_and_host_ids() {
    let host = host(FAST).await;
    let card = host
        .http
        .get(format!("{}/.well-known/agent-card.json", host.base))
        .send()
        .await
        .expect("card");
    let card: serde_json::Value = card.json().await.expect("json");
    assert_eq!(card["capabilities"]["pushNotifications"], true);
    let task = waiting_task(&host, None).await;
    let hook = "http://127.0.0.1:9/hook";
    let mine = host
        .ok("CreateTaskPushNotificationConfig", json!({"taskId": task, "id": "mine", "url": hook, "token": "t", "authentication": {"scheme": "Bearer", "credentials": "c"}, "secret": "s"}))
        .await;
    assert_eq!(
        (mine["id"].as_str(), mine["taskId"].as_str()),
        (Some("mine"), Some(task.as_str()))
    );
    assert!(
        mine.get("secret").is_none(),
        "a secret is never sent back: {mine}"
    );
    assert_eq!(mine["authentication"]["scheme"], "Bearer");
    let theirs = host
        .ok(
            "CreateTaskPushNotificationConfig",
            json!({"taskId": task, "url": hook}),
        )
        .await;
    let host_id = theirs["id"].as_str().expect("an id the host chose");
    assert!(!host_id.is_empty() && host_id != "mine");
    let got = host
        .ok(
            "GetTaskPushNotificationConfig",
            json!({"taskId": task, "id": "mine"}),
        )
        .await;
    assert_eq!(
        (got["url"].as_str(), got["token"].as_str()),
        (Some(hook), Some("t"))
    );
    assert_eq!(got["delivery"]["failing"], false, "{got}");
    let list = host
        .ok("ListTaskPushNotificationConfigs", json!({"taskId": task}))
        .await;
    let ids: Vec<&str> = list["configs"]
        .as_array()
        .expect("configs")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(ids, ["mine", host_id], "registration order: {list}");
    assert_eq!(list["nextPageToken"], "");
    for _ in 0..2 {
        let deleted = host
            .rpc(
                "DeleteTaskPushNotificationConfig",
                json!({"taskId": task, "id": "mine"}),
            )
            .await;
        assert!(
            deleted.get("error").is_none() && deleted["result"].is_null(),
            "idempotent: {deleted}"
        );
    }
    let gone = host
        .err(
            "GetTaskPushNotificationConfig",
            json!({"taskId": task, "id": "mine"}),
        )
        .await;
    assert_eq!(gone["code"], -32001, "{gone}");
    let unknown = host
        .err(
            "CreateTaskPushNotificationConfig",
            json!({"taskId": "no-such-task", "url": hook}),
        )
        .await;
    assert_eq!(unknown["code"], -32001, "{unknown}");
    let listed = host
        .ok("ListTaskPushNotificationConfigs", json!({"taskId": task}))
        .await;
    assert_eq!(listed["configs"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn the_http_json_routes_do_the_same() {
    let host = host(FAST).await;
    let task = waiting_task(&host, None).await;
    let path = format!("/tasks/{task}/pushNotificationConfigs");
    let made = host
        .rest_ok(
            "POST",
            &path,
            Some(json!({"id": "r1", "url": "http://127.0.0.1:9/hook"})),
        )
        .await;
    assert_eq!(
        (made["id"].as_str(), made["taskId"].as_str()),
        (Some("r1"), Some(task.as_str()))
    );
    let got = host.rest_ok("GET", &format!("{path}/r1"), None).await;
    assert_eq!(got["url"], "http://127.0.0.1:9/hook");
    let list = host.rest_ok("GET", &path, None).await;
    assert_eq!(list["configs"].as_array().map(Vec::len), Some(1), "{list}");
    for _ in 0..2 {
        let deleted = host.rest("DELETE", &format!("{path}/r1"), None).await;
        assert_eq!(deleted.status, 200, "{}", deleted.body);
    }
    let gone = host.rest("GET", &format!("{path}/r1"), None).await;
    assert_eq!(gone.status, 404, "{}", gone.body);
    let unknown = host
        .rest("GET", "/tasks/nope/pushNotificationConfigs", None)
        .await;
    assert_eq!(unknown.status, 404, "{}", unknown.body);
}

#[tokio::test]
async fn older_clients_use_their_names_and_shapes() {
    let host = host(FAST).await;
    let task = waiting_task(&host, None).await;
    let set = host.legacy("tasks/pushNotificationConfig/set", json!({"taskId": task, "pushNotificationConfig": {"id": "old", "url": "http://127.0.0.1:9/hook", "authentication": {"schemes": ["Bearer"], "credentials": "c"}}})).await;
    let config = &set["result"]["pushNotificationConfig"];
    assert_eq!(
        (
            config["id"].as_str(),
            config["authentication"]["schemes"][0].as_str()
        ),
        (Some("old"), Some("Bearer")),
        "{set}"
    );
    let got = host
        .legacy(
            "tasks/pushNotificationConfig/get",
            json!({"id": task, "pushNotificationConfigId": "old"}),
        )
        .await;
    assert_eq!(got["result"]["taskId"], task.as_str(), "{got}");
    let list = host
        .legacy("tasks/pushNotificationConfig/list", json!({"id": task}))
        .await;
    assert_eq!(list["result"].as_array().map(Vec::len), Some(1), "{list}");
    let deleted = host
        .legacy(
            "tasks/pushNotificationConfig/delete",
            json!({"id": task, "pushNotificationConfigId": "old"}),
        )
        .await;
    assert!(deleted.get("error").is_none(), "{deleted}");
    // 0.1: the task's id is `id`, and there is one config to speak of.
    let set01 = host.legacy("tasks/pushNotification/set", json!({"id": task, "pushNotificationConfig": {"url": "http://127.0.0.1:9/v01", "token": "tok"}})).await;
    assert_eq!(
        set01["result"]["pushNotificationConfig"]["url"], "http://127.0.0.1:9/v01",
        "{set01}"
    );
    let get01 = host
        .legacy("tasks/pushNotification/get", json!({"id": task}))
        .await;
    assert_eq!(
        (
            get01["result"]["id"].as_str(),
            get01["result"]["pushNotificationConfig"]["token"].as_str()
        ),
        (Some(task.as_str()), Some("tok")),
        "{get01}"
    );
}
