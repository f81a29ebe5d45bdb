//! The in-memory store's bounds: what it forgets first, and when it refuses.

use std::sync::Arc;

use futures::FutureExt;
use skillhost_types::{Part, Task, TaskState, TaskStatus};

use super::{MemoryStore, StoreLimits, StoredTask, TaskStore};
use crate::TaskError;

fn task(id: &str, state: TaskState, text_bytes: usize) -> StoredTask {
    let status = TaskStatus {
        state,
        message: None,
        timestamp: Some(skillhost_types::timestamp::now()),
    };
    let message = skillhost_types::Message::agent(vec![Part::text("x".repeat(text_bytes))]);
    let task = Task {
        id: id.into(),
        context_id: "c".into(),
        status,
        artifacts: Vec::new(),
        history: vec![message],
        metadata: None,
    };
    StoredTask {
        task: Arc::new(task),
        skill_id: "s".into(),
        seq: 0,
        visible: true,
        sealed: Vec::new(),
    }
}

/// The store's futures are ready at once; no runtime needed.
fn now<T>(f: futures::future::BoxFuture<'_, T>) -> T {
    f.now_or_never().expect("the memory store never waits")
}

fn ids(store: &MemoryStore, all: &[&str]) -> Vec<String> {
    all.iter()
        .filter(|id| now(store.get(id)).ok().flatten().is_some())
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn full_by_count_it_forgets_finished_then_waiting_and_never_running() {
    let store = MemoryStore::new(StoreLimits {
        max_tasks: 3,
        max_bytes: usize::MAX,
    });
    now(store.insert(task("run", TaskState::Working, 10))).expect("room");
    now(store.insert(task("wait", TaskState::InputRequired, 10))).expect("room");
    now(store.insert(task("done", TaskState::Completed, 10))).expect("room");
    now(store.insert(task("new1", TaskState::Working, 10))).expect("a finished task makes room");
    assert_eq!(
        ids(&store, &["run", "wait", "done", "new1"]),
        ["run", "wait", "new1"]
    );
    now(store.insert(task("new2", TaskState::Working, 10))).expect("a waiting task makes room");
    assert_eq!(
        ids(&store, &["run", "wait", "new1", "new2"]),
        ["run", "new1", "new2"]
    );
    let refused = now(store.insert(task("new3", TaskState::Working, 10)));
    assert!(
        matches!(refused, Err(TaskError::Capacity)),
        "only running tasks are left"
    );
}

#[test]
fn full_by_bytes_it_forgets_the_oldest_finished_tasks() {
    let store = MemoryStore::new(StoreLimits {
        max_tasks: 100,
        max_bytes: 55_000,
    });
    for i in 0..4 {
        now(store.insert(task(&format!("t{i}"), TaskState::Completed, 10_000))).expect("room");
    }
    now(store.insert(task("big", TaskState::Working, 30_000))).expect("room is made");
    assert_eq!(
        ids(&store, &["t0", "t1", "t2", "t3", "big"]),
        ["t2", "t3", "big"]
    );
}

#[test]
fn a_task_that_finishes_joins_the_eviction_queue() {
    let store = MemoryStore::new(StoreLimits {
        max_tasks: 2,
        max_bytes: usize::MAX,
    });
    now(store.insert(task("a", TaskState::Working, 10))).expect("room");
    now(store.insert(task("b", TaskState::Working, 10))).expect("room");
    assert!(matches!(
        now(store.insert(task("c", TaskState::Working, 10))),
        Err(TaskError::Capacity)
    ));
    let finish = |t: &mut StoredTask| {
        t.task_mut().status.state = TaskState::Completed;
        Ok(Vec::new())
    };
    now(store.update("a", Box::new(finish))).expect("update");
    now(store.insert(task("c", TaskState::Working, 10))).expect("the finished task makes room");
    assert_eq!(ids(&store, &["a", "b", "c"]), ["b", "c"]);
}

#[test]
fn waiting_since_lists_only_old_waiting_tasks() {
    let store = MemoryStore::new(StoreLimits::default());
    now(store.insert(task("old", TaskState::InputRequired, 10))).expect("room");
    now(store.insert(task("run", TaskState::Working, 10))).expect("room");
    let cutoff = skillhost_types::timestamp::now();
    now(store.insert(task("young", TaskState::AuthRequired, 10))).expect("room");
    assert_eq!(
        now(store.waiting_since(&cutoff, 10)).expect("list"),
        ["old"]
    );
}
