//! Tasks belong to their caller: on another principal's task every method of both bindings
//! answers TaskNotFound, exactly as for a task that does not exist, and a listing shows
//! each principal its own tasks only.

use serde_json::{Value, json};
use skillhost_tests::msg;

use super::{Caller, KEYS, host_with};

/// The JSON-RPC methods that name a task, each with its params for task `id`.
fn task_methods(id: &Value) -> Vec<(&'static str, Value)> {
    vec![
        ("GetTask", json!({"id": id})),
        ("CancelTask", json!({"id": id})),
        ("SubscribeToTask", json!({"id": id})),
        (
            "SendMessage",
            msg::follow_up(id.as_str().unwrap_or(""), "let me in"),
        ),
        (
            "SendStreamingMessage",
            msg::follow_up(id.as_str().unwrap_or(""), "me too"),
        ),
    ]
}

#[tokio::test]
async fn another_principals_task_is_not_found_by_any_method() {
    let host = host_with(KEYS).await;
    let (alice, bob) = (
        Caller::key(&host, "key-of-alice"),
        Caller::key(&host, "key-of-bob"),
    );
    let sent = alice
        .ok("SendMessage", msg::text("tck-input-required-o", "hi"))
        .await;
    let (id, context) = (
        sent["task"]["id"].clone(),
        sent["task"]["contextId"].clone(),
    );
    assert_eq!(sent["task"]["status"]["state"], "TASK_STATE_INPUT_REQUIRED");
    // The same answer as for a task id nobody has.
    let nowhere = json!(format!("{}-x", id.as_str().unwrap_or("")));
    for ((method, theirs), (_, missing)) in
        task_methods(&id).into_iter().zip(task_methods(&nowhere))
    {
        let (a, b) = (
            bob.rpc(method, theirs).await.json(),
            bob.rpc(method, missing).await.json(),
        );
        assert_eq!(a["error"]["code"], -32001, "bob: {method}: {a}");
        assert_eq!(
            a["error"]["data"][0]["reason"], b["error"]["data"][0]["reason"],
            "{method}"
        );
    }
    let path = format!("/tasks/{}", id.as_str().unwrap_or(""));
    for (method, path) in [
        ("GET", path.clone()),
        ("POST", format!("{path}:cancel")),
        ("POST", format!("{path}:subscribe")),
        ("GET", format!("{path}:subscribe")),
    ] {
        let resp = bob.rest(method, &path, None).await;
        assert_eq!(resp.status, 404, "bob: {method} {path}: {}", resp.body);
        assert_eq!(
            resp.json()["error"]["details"][0]["reason"],
            "TASK_NOT_FOUND"
        );
    }
    // None of that touched alice's task: it still waits for her, with the same history.
    let task = alice.ok("GetTask", json!({"id": id})).await;
    assert_eq!(task["status"]["state"], "TASK_STATE_INPUT_REQUIRED");
    assert_eq!(task["history"], sent["task"]["history"], "{task}");
    // Bob cannot list it, not even by its context.
    let by_context = bob.ok("ListTasks", json!({"contextId": context})).await;
    assert_eq!(by_context["tasks"], json!([]), "{by_context}");
    let canceled = alice.ok("CancelTask", json!({"id": id})).await;
    assert_eq!(canceled["status"]["state"], "TASK_STATE_CANCELED");
}

#[tokio::test]
async fn each_principal_lists_only_its_own_tasks_without_a_context() {
    let host = host_with(KEYS).await;
    let (alice, bob) = (
        Caller::key(&host, "key-of-alice"),
        Caller::key(&host, "key-of-bob"),
    );
    let mut mine = Vec::new();
    for n in 0..3 {
        let sent = alice
            .ok(
                "SendMessage",
                msg::text(&format!("tck-complete-task-a{n}"), "hi"),
            )
            .await;
        mine.push(sent["task"]["id"].clone());
    }
    let bobs = bob
        .ok("SendMessage", msg::text("tck-complete-task-b", "hi"))
        .await["task"]["id"]
        .clone();
    let ids = |page: &Value| -> Vec<Value> {
        let tasks = page["tasks"].as_array().cloned().unwrap_or_default();
        tasks.iter().map(|t| t["id"].clone()).collect()
    };
    let listed = alice.ok("ListTasks", json!({})).await;
    let mut got = ids(&listed);
    got.sort_by_key(|v| v.to_string());
    mine.sort_by_key(|v| v.to_string());
    assert_eq!((got, listed["totalSize"].clone()), (mine, json!(3)));
    // Pages stay within the owner's tasks too.
    let first = alice.ok("ListTasks", json!({"pageSize": 2})).await;
    let token = first["nextPageToken"].clone();
    let second = alice
        .ok("ListTasks", json!({"pageSize": 2, "pageToken": token}))
        .await;
    assert_eq!((ids(&first).len(), ids(&second).len()), (2, 1));
    assert_eq!(
        ids(&bob.ok("ListTasks", json!({})).await),
        std::slice::from_ref(&bobs)
    );
    let rest = bob.rest("GET", "/tasks", None).await.json();
    assert_eq!(ids(&rest), [bobs]);
}
