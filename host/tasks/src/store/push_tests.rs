//! The store conformance suite for push configs: the same tests on memory, SQLite and
//! PostgreSQL (see `tests`).

use skillhost_types::TaskState;
use skillhost_types::push::{AuthenticationInfo, DeliveryState, TaskPushNotificationConfig};

use super::tests::{store, task};
use super::{PushRow, StoreLimits, Write};
use crate::testing::databases;

fn row(task: &str, id: &str, created_at: i64) -> PushRow {
    PushRow {
        config: TaskPushNotificationConfig {
            id: id.into(),
            task_id: task.into(),
            url: "http://127.0.0.1:9/hook".into(),
            token: Some("tok".into()),
            authentication: Some(AuthenticationInfo {
                scheme: "Bearer".into(),
                credentials: Some("cred".into()),
                schemes: Vec::new(),
            }),
            secret: Some("hmac key".into()),
            ..Default::default()
        },
        cursor: 0,
        delivery: DeliveryState::default(),
        done: false,
        created_at,
    }
}

#[tokio::test]
async fn configs_keep_their_secret_and_progress_across_a_restart() {
    for db in databases().await {
        let backend = db.backend().await;
        let s = store(backend.clone(), StoreLimits::default()).await;
        task(&s, "t1", "ctx", TaskState::Working).await;
        backend.push_put(&row("t1", "b", 2)).await.expect("put");
        backend.push_put(&row("t1", "a", 1)).await.expect("put");
        let mut progressed = row("t1", "a", 1);
        progressed.cursor = 7;
        progressed.delivery.last_error = Some("answered 503".into());
        progressed.delivery.delivered = 3;
        backend.push_progress(&progressed).await.expect("progress");
        drop((s, backend));
        let again = db.backend().await;
        let rows = again.push_rows(Some("t1")).await.expect("rows");
        assert_eq!(
            rows,
            vec![progressed.clone(), row("t1", "b", 2)],
            "{}: registration order",
            db.name
        );
        assert_eq!(
            rows[0].config.secret.as_deref(),
            Some("hmac key"),
            "{}",
            db.name
        );
        assert_eq!(
            again.push_rows(None).await.expect("all").len(),
            2,
            "{}",
            db.name
        );
    }
}

#[tokio::test]
async fn put_replaces_delete_is_idempotent_and_progress_never_resurrects() {
    for db in databases().await {
        let backend = db.backend().await;
        let s = store(backend.clone(), StoreLimits::default()).await;
        task(&s, "t2", "ctx", TaskState::Working).await;
        backend.push_put(&row("t2", "c", 1)).await.expect("put");
        let mut replaced = row("t2", "c", 1);
        replaced.config.url = "http://127.0.0.1:9/other".into();
        backend.push_put(&replaced).await.expect("replace");
        let rows = backend.push_rows(Some("t2")).await.expect("rows");
        assert_eq!(rows, vec![replaced.clone()], "{}", db.name);
        assert!(
            backend.push_delete("t2", "c").await.expect("delete"),
            "{}",
            db.name
        );
        assert!(
            !backend.push_delete("t2", "c").await.expect("again"),
            "{}",
            db.name
        );
        backend.push_progress(&replaced).await.expect("progress");
        assert!(
            backend
                .push_rows(Some("t2"))
                .await
                .expect("rows")
                .is_empty(),
            "{}: a deleted config stays deleted",
            db.name
        );
    }
}

#[tokio::test]
async fn done_configs_are_not_resumed_and_an_evicted_task_takes_its_configs() {
    for db in databases().await {
        let backend = db.backend().await;
        let s = store(backend.clone(), StoreLimits::default()).await;
        task(&s, "t3", "ctx", TaskState::Completed).await;
        let mut done = row("t3", "d", 1);
        done.done = true;
        backend.push_put(&done).await.expect("put");
        backend.push_put(&row("t3", "e", 2)).await.expect("put");
        let active = backend.push_rows(None).await.expect("active");
        assert_eq!(
            active.iter().map(PushRow::id).collect::<Vec<_>>(),
            ["e"],
            "{}",
            db.name
        );
        backend
            .commit(&[Write::Delete("t3".into())])
            .await
            .expect("evict");
        assert!(
            backend
                .push_rows(Some("t3"))
                .await
                .expect("rows")
                .is_empty(),
            "{}",
            db.name
        );
    }
}
