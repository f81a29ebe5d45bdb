//! Tasks belong to their caller, on every backend: another principal's task is not found by
//! any method, and a listing shows each principal only its own tasks.

use super::*;
use crate::{ListRequest, store::ListQuery};

async fn listed(m: &TaskManager, owner: &str, context: Option<&str>) -> Vec<String> {
    let query = ListQuery {
        context_id: context.map(Into::into),
        limit: 10,
        ..ListQuery::default()
    };
    let req = ListRequest {
        query,
        ..ListRequest::default()
    };
    let page = m.list(owner, req).await.expect("list");
    page.tasks.into_iter().map(|t| t.id).collect()
}

fn not_found<T: std::fmt::Debug>(result: Result<T, TaskError>, what: &str, db: &str) {
    match result {
        Err(TaskError::NotFound(_)) => {}
        other => panic!("{db}: {what} on another's task: {other:?}"),
    }
}

#[tokio::test]
async fn another_principals_task_is_not_found_and_listings_are_per_owner() {
    for db in databases().await {
        let m = manager(
            db.backend().await,
            Arc::default(),
            ManagerConfig::default(),
            StoreLimits::default(),
        )
        .await;
        let sent = m.send(OWNER, request("ask", "m1", None, "hi")).await;
        let mine = task(sent.expect("send"));
        let sent = m.send("bob", request("done", "b1", None, "go")).await;
        let bobs = task(sent.expect("send"));
        let (id, name) = (mine.id.as_str(), db.name);
        not_found(m.get("bob", id, None).await, "GetTask", name);
        not_found(m.task_of("bob", id).await, "task_of", name);
        // A stream has no Debug: only whether it was refused matters.
        let subscribed = m.subscribe("bob", id, None).await.map(drop);
        not_found(subscribed, "SubscribeToTask", name);
        let resumed = m.subscribe("bob", id, Some(1)).await.map(drop);
        not_found(resumed, "resume", name);
        let follow_up = request("ask", "b2", Some(id), "answer");
        not_found(m.send("bob", follow_up).await, "a follow-up", name);
        not_found(m.cancel("bob", id).await, "CancelTask", name);
        // Nothing of the above touched the task.
        let still = m.get(OWNER, id, None).await.expect("the owner's get");
        assert_eq!(still.status.state, TaskState::InputRequired, "{name}");
        assert_eq!(still.history.len(), mine.history.len(), "{name}");
        assert_eq!(
            listed(&m, OWNER, None).await,
            std::slice::from_ref(&mine.id),
            "{name}"
        );
        assert_eq!(
            listed(&m, "bob", None).await,
            std::slice::from_ref(&bobs.id),
            "{name}"
        );
        // A context filter narrows the owner's tasks; it never widens them.
        let ctx = Some(mine.context_id.as_str());
        assert_eq!(listed(&m, "bob", ctx).await, Vec::<String>::new(), "{name}");
        assert!(listed(&m, "carol", None).await.is_empty(), "{name}");
        let canceled = m.cancel(OWNER, id).await.expect("the owner's cancel");
        assert_eq!(canceled.status.state, TaskState::Canceled, "{name}");
    }
}
