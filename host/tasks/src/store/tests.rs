//! The store conformance suite: the same tests against every backend, each a real one —
//! memory, a SQLite file, and a database of its own on a real PostgreSQL server (see
//! [`crate::testing::postgres_url`]; without a server they fail, loudly).

use std::sync::Arc;

use skillhost_types::event::TaskArtifactUpdateEvent;
use skillhost_types::{Artifact, Message, Part, StreamResponse, Task, TaskState};

use super::room::Full;
use super::{Backend, Class, ListFilter, MemoryBackend, Record, Store, StoreLimits};
use crate::bus::{Bus, LocalBus};
use crate::testing::databases;
use crate::turn::{set_status, status};

fn created(id: &str, context: &str) -> Record {
    let message = Message {
        task_id: Some(id.into()),
        ..Message::agent(vec![Part::text("hello")])
    };
    Record::Created {
        task: Task {
            id: id.into(),
            context_id: context.into(),
            status: status(TaskState::Submitted, None),
            artifacts: Vec::new(),
            history: vec![message],
            metadata: None,
        },
        skill_id: "skill".into(),
        owner: "anonymous".into(),
        component: "c0ffee".into(),
    }
}

fn artifact(id: &str, text: &str, append: bool, last_chunk: bool) -> Record {
    let artifact = Artifact {
        artifact_id: "a".into(),
        name: None,
        description: None,
        parts: vec![Part::text(text)],
        metadata: None,
        extensions: Vec::new(),
    };
    let event = StreamResponse::ArtifactUpdate(TaskArtifactUpdateEvent {
        task_id: id.into(),
        context_id: "ctx".into(),
        artifact,
        append,
        last_chunk,
        metadata: None,
    });
    Record::Event {
        event,
        history: false,
    }
}

pub(super) async fn store(backend: Arc<dyn Backend>, limits: StoreLimits) -> Store {
    let bus: Arc<dyn Bus> = Arc::new(LocalBus::default());
    Store::open(backend, bus, limits).await.expect("open")
}

/// A visible task of `state`, committed.
pub(super) async fn task(store: &Store, id: &str, context: &str, state: TaskState) {
    let record = created(id, context);
    let size = record.size();
    store.admit_task(size).await.expect("room");
    store.create(record, true, size).await.expect("create");
    if state != TaskState::Submitted {
        let change = |c: &mut super::Change<'_>| set_status(c, state, None, true);
        store.update(id, true, 0, change).await.expect("update");
    }
}

async fn state_of(store: &Store, id: &str) -> Option<TaskState> {
    store.read(id, |v| v.state()).await.expect("read")
}

#[tokio::test]
async fn a_log_replays_to_the_same_task_after_a_restart() {
    for db in databases().await {
        let first = store(db.backend().await, StoreLimits::default()).await;
        task(&first, "t1", "ctx", TaskState::Working).await;
        let chunks = |c: &mut super::Change<'_>| {
            c.push(artifact("t1", "one ", false, false));
            c.push(artifact("t1", "two", true, true));
            set_status(c, TaskState::Completed, None, true)
        };
        first.update("t1", true, 0, chunks).await.expect("update");
        let before = first
            .read("t1", |v| (v.task.clone(), v.seq, v.bytes))
            .await
            .expect("r");
        let records = first.records("t1", 0).await.expect("records");
        drop(first);
        let second = store(db.backend().await, StoreLimits::default()).await;
        let after = second
            .read("t1", |v| (v.task.clone(), v.seq, v.bytes))
            .await
            .expect("r");
        assert_eq!(before, after, "{}", db.name);
        let (task, seq, _) = after.expect("task");
        assert_eq!((seq, task.artifacts[0].parts.len()), (5, 2), "{}", db.name);
        let replayed = second.records("t1", 0).await.expect("records");
        assert_eq!(records, replayed, "{}", db.name);
        assert_eq!(second.totals().0, 1, "{}", db.name);
    }
}

#[tokio::test]
async fn readers_see_only_committed_records_after_a_cursor() {
    for db in databases().await {
        let store = store(db.backend().await, StoreLimits::default()).await;
        task(&store, "t2", "ctx", TaskState::Working).await;
        let mut listener = store.inner.bus.listen("t2");
        let push = |c: &mut super::Change<'_>| {
            c.push(artifact("t2", "x", false, true));
            Ok(())
        };
        let (seq, ()) = store.update("t2", false, 0, push).await.expect("update");
        assert!(
            listener.changed().await,
            "{}: woken after the commit",
            db.name
        );
        let (tail, finished) = store
            .records("t2", seq - 1)
            .await
            .expect("r")
            .expect("task");
        assert_eq!(tail.len(), 1, "{}", db.name);
        assert_eq!(tail[0].0, seq, "{}", db.name);
        assert!(!finished, "{}", db.name);
    }
}

#[tokio::test]
async fn listing_filters_sorts_newest_first_and_pages_exactly() {
    for db in databases().await {
        let store = store(db.backend().await, StoreLimits::default()).await;
        for i in 0..5 {
            let state = if i % 2 == 0 {
                TaskState::Completed
            } else {
                TaskState::InputRequired
            };
            task(&store, &format!("l{i}"), "ctx-l", state).await;
        }
        task(&store, "other", "ctx-other", TaskState::Completed).await;
        let mut filter = ListFilter {
            context_id: Some("ctx-l".into()),
            limit: 2,
            ..ListFilter::default()
        };
        let page = store.list(&filter).await.expect("list");
        assert_eq!(
            (page.ids.clone(), page.total, page.more),
            (vec!["l4".into(), "l3".into()], 5, true),
            "{}",
            db.name
        );
        let cursor = store
            .read("l3", |v| v.status_at)
            .await
            .expect("r")
            .expect("t");
        filter.after = Some((cursor, "l3".into()));
        let rest = store.list(&filter).await.expect("list");
        assert_eq!(rest.ids, ["l2", "l1"], "{}", db.name);
        filter.after = None;
        filter.state = Some(TaskState::InputRequired);
        assert_eq!(
            store.list(&filter).await.expect("list").ids,
            ["l3", "l1"],
            "{}",
            db.name
        );
    }
}

#[tokio::test]
async fn full_by_count_it_evicts_finished_then_waiting_and_never_running() {
    for db in databases().await {
        let limits = StoreLimits {
            max_tasks: 3,
            max_bytes: usize::MAX,
        };
        let store = store(db.backend().await, limits).await;
        task(&store, "run", "c", TaskState::Working).await;
        task(&store, "wait", "c", TaskState::InputRequired).await;
        task(&store, "done", "c", TaskState::Completed).await;
        task(&store, "new1", "c", TaskState::Working).await;
        assert_eq!(
            state_of(&store, "done").await,
            None,
            "{}: finished goes first",
            db.name
        );
        assert!(state_of(&store, "wait").await.is_some(), "{}", db.name);
        task(&store, "new2", "c", TaskState::Working).await;
        assert_eq!(
            state_of(&store, "wait").await,
            None,
            "{}: then waiting",
            db.name
        );
        let refused = store.admit_task(100).await;
        assert_eq!(
            refused,
            Err(Full::Host),
            "{}: only running tasks are left",
            db.name
        );
        assert_eq!(store.totals().0, 3, "{}", db.name);
    }
}

#[tokio::test]
async fn full_by_bytes_a_task_is_refused_past_its_cap_and_the_host_past_its_bound() {
    for db in databases().await {
        let limits = StoreLimits {
            max_tasks: 100,
            max_bytes: 20_000,
        };
        let store = store(db.backend().await, limits).await;
        task(&store, "a", "c", TaskState::Working).await;
        assert_eq!(
            store.admit("a", 5_000, 4_000).await,
            Err(Full::Task),
            "{}",
            db.name
        );
        store.admit("a", 15_000, usize::MAX).await.expect("fits");
        assert_eq!(
            store.admit("a", 15_000, usize::MAX).await,
            Err(Full::Host),
            "{}",
            db.name
        );
        let (_, bytes) = store.totals();
        assert!(bytes <= 20_000, "{}: {bytes}", db.name);
    }
}

#[tokio::test]
async fn a_hidden_task_never_reaches_the_backend() {
    for db in databases().await {
        let backend = db.backend().await;
        let store = store(backend.clone(), StoreLimits::default()).await;
        let record = created("hidden", "c");
        let size = record.size();
        store.admit_task(size).await.expect("room");
        store.create(record, false, size).await.expect("create");
        assert_eq!(
            state_of(&store, "hidden").await,
            None,
            "{}: not visible",
            db.name
        );
        store.discard("hidden");
        assert_eq!(store.totals(), (0, 0), "{}", db.name);
        assert_eq!(
            backend.totals().await.expect("totals"),
            (0, 0),
            "{}",
            db.name
        );
    }
}

#[tokio::test]
async fn waiting_and_running_tasks_are_found_by_state_and_age() {
    for db in databases().await {
        let backend = db.backend().await;
        let store = store(backend.clone(), StoreLimits::default()).await;
        task(&store, "w-old", "c", TaskState::InputRequired).await;
        let cutoff = skillhost_types::timestamp::now_micros();
        task(&store, "w-new", "c", TaskState::AuthRequired).await;
        task(&store, "r", "c", TaskState::Working).await;
        let old = backend
            .oldest(Class::Waiting, Some(cutoff), 10)
            .await
            .expect("q");
        assert_eq!(
            old.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
            ["w-old"],
            "{}",
            db.name
        );
        let running = [TaskState::Submitted, TaskState::Working];
        assert_eq!(
            backend.in_states(&running, 10).await.expect("q"),
            ["r"],
            "{}",
            db.name
        );
    }
}

#[test]
fn the_memory_backend_is_not_durable_and_the_databases_are() {
    assert!(!MemoryBackend::new().durable());
}
