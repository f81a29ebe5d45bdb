//! [`Store::recent`] on every backend: all owners' tasks, newest first, bounded pages.

use skillhost_types::{Message, Part, Task, TaskState};

use super::recent::MAX_RECENT;
use super::tests::store;
use super::{Record, Store, StoreLimits};
use crate::testing::databases;
use crate::turn::{set_status, status};

/// A committed, visible task of `owner`, moved on to `state`.
async fn owned(store: &Store, id: &str, owner: &str, state: TaskState) {
    let record = Record::Created {
        task: Task {
            id: id.into(),
            context_id: format!("ctx-{id}"),
            status: status(TaskState::Submitted, None),
            artifacts: Vec::new(),
            history: vec![Message::agent(vec![Part::text("hi")])],
            metadata: None,
        },
        skill_id: "echo".into(),
        owner: owner.into(),
        component: "c0ffee".into(),
    };
    let size = record.size();
    store.admit_task(size).await.expect("room");
    store.create(record, true, size).await.expect("create");
    let change = |c: &mut super::Change<'_>| set_status(c, state, None, true);
    store.update(id, true, 0, change).await.expect("update");
}

#[tokio::test]
async fn recent_lists_every_owner_newest_first_in_bounded_pages() {
    for db in databases().await {
        let store = store(db.backend().await, StoreLimits::default()).await;
        owned(&store, "r0", "alice", TaskState::Completed).await;
        owned(&store, "r1", "bob", TaskState::InputRequired).await;
        owned(&store, "r2", "inspector", TaskState::Failed).await;
        let all = store.recent(10).await.expect("recent");
        let seen: Vec<_> = all
            .iter()
            .map(|s| (s.id.as_str(), s.owner.as_str()))
            .collect();
        assert_eq!(
            seen,
            [("r2", "inspector"), ("r1", "bob"), ("r0", "alice")],
            "{}",
            db.name
        );
        let bob = &all[1];
        assert_eq!(
            (bob.skill_id.as_str(), bob.state, bob.context_id.as_str()),
            ("echo", TaskState::InputRequired, "ctx-r1"),
            "{}",
            db.name
        );
        assert!(
            bob.status_at >= bob.created_at && bob.seq >= 2,
            "{}",
            db.name
        );
        let one = store.recent(1).await.expect("recent");
        assert_eq!(one.len(), 1, "{}", db.name);
        // Zero still answers a page (of one); the bound caps what a caller may ask.
        assert_eq!(
            store.recent(0).await.expect("recent").len(),
            1,
            "{}",
            db.name
        );
        let capped = store.recent(usize::MAX).await.expect("recent");
        assert!(capped.len() <= MAX_RECENT, "{}", db.name);
    }
}
