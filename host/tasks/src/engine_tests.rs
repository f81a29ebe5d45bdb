//! The engine without wasm: a scripted [`Executor`] stands in for the sandbox, and the
//! store is each real backend in turn.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::future::{BoxFuture, FutureExt};
use skillhost_types::request::SendMessageRequest;
use skillhost_types::skill::{Outcome, Overloaded, Reply, RouteError, SkillCard, SkillEvent};
use skillhost_types::{Artifact, Message, Part, Role, StreamResponse, TaskState};
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use crate::executor::{Admission, Executor, Failure, SkillInfo, Turn};
use crate::store::Backend;
use crate::testing::databases;
use crate::{LocalBus, ManagerConfig, Sent, Store, StoreLimits, TaskError, TaskManager};

mod owner;

/// The principal that sends the messages of these tests.
const OWNER: &str = "alice";

/// Skills by name: `done` (an artifact, then completed), `ask` (input required until the
/// second turn), `hang` (runs until cancelled), `big` (an artifact of the message's length
/// in bytes, given as text).
#[derive(Default)]
struct Script {
    runs: AtomicUsize,
}

impl Executor for Script {
    fn route(&self, requested: Option<&str>) -> Result<SkillInfo, RouteError> {
        let id = requested.unwrap_or("done");
        self.skill(id).ok_or_else(|| RouteError::Unknown {
            requested: id.into(),
            available: Vec::new(),
        })
    }

    fn skill(&self, id: &str) -> Option<SkillInfo> {
        let card = SkillCard {
            id: id.into(),
            name: id.into(),
            description: id.into(),
            tags: Vec::new(),
            examples: Vec::new(),
            input_modes: Vec::new(),
            output_modes: Vec::new(),
        };
        Some(SkillInfo {
            card: Arc::new(card),
            component: "5c41".into(),
        })
    }

    fn admit(&self, _: &SkillInfo) -> Result<Admission, Overloaded> {
        Ok(Admission::new(()))
    }

    fn saturated(&self, _: &SkillInfo) -> bool {
        false
    }

    fn run<'a>(
        &'a self,
        _: &'a Admission,
        turn: Turn<'a>,
        events: UnboundedSender<SkillEvent>,
        cancel: CancellationToken,
    ) -> BoxFuture<'a, Result<Outcome, Failure>> {
        self.runs.fetch_add(1, Ordering::Relaxed);
        let text = |t: &str| Reply {
            parts: vec![Part::text(t)],
            metadata: None,
        };
        async move {
            match turn.skill_id {
                "ask" if turn.history.is_empty() => Ok(Outcome::InputRequired(text("more?"))),
                "hang" => {
                    let _ = events.send(SkillEvent::Status(None));
                    cancel.cancelled().await;
                    Err(Failure {
                        kind: Failure::CANCELLED.into(),
                        text: "cancelled".into(),
                    })
                }
                skill => {
                    let size = match skill {
                        "big" => turn.message.parts[0].as_text().and_then(|t| t.parse().ok()),
                        _ => None,
                    };
                    let body = "x".repeat(size.unwrap_or(3));
                    let artifact = Artifact {
                        artifact_id: "out".into(),
                        name: None,
                        description: None,
                        parts: vec![Part::text(body)],
                        metadata: None,
                        extensions: Vec::new(),
                    };
                    let _ = events.send(SkillEvent::Artifact {
                        artifact,
                        append: false,
                        last_chunk: true,
                    });
                    tokio::task::yield_now().await;
                    Ok(Outcome::Completed(Some(text("done"))))
                }
            }
        }
        .boxed()
    }
}

async fn manager(
    backend: Arc<dyn Backend>,
    script: Arc<Script>,
    config: ManagerConfig,
    limits: StoreLimits,
) -> TaskManager {
    let store = Store::open(backend, Arc::new(LocalBus::default()), limits)
        .await
        .expect("store");
    let manager = TaskManager::new(store, script, config);
    manager.recover().await.expect("recover");
    manager
}

fn request(skill: &str, message_id: &str, task_id: Option<&str>, text: &str) -> SendMessageRequest {
    let mut metadata = skillhost_types::Metadata::new();
    metadata.insert("skillId".into(), skill.into());
    let message = Message {
        message_id: message_id.into(),
        role: Role::User,
        task_id: task_id.map(Into::into),
        metadata: Some(metadata),
        ..Message::agent(vec![Part::text(text)])
    };
    serde_json::from_value(serde_json::json!({"message": message})).expect("request")
}

/// The `failureKind` of a task's status message.
fn failure_kind(task: &skillhost_types::Task) -> Option<serde_json::Value> {
    let message = task.status.message.as_ref()?;
    message.metadata.as_ref()?.get("failureKind").cloned()
}

fn task(sent: Sent) -> skillhost_types::Task {
    match sent {
        Sent::Task(t) => t,
        Sent::Message(m) => panic!("expected a task, got {m:?}"),
    }
}

#[tokio::test]
async fn a_stream_numbers_its_events_by_their_place_in_the_log() {
    for db in databases().await {
        let m = manager(
            db.backend().await,
            Arc::default(),
            ManagerConfig::default(),
            StoreLimits::default(),
        )
        .await;
        let mut stream = m
            .send_streaming(OWNER, request("done", "m1", None, "go"))
            .await
            .expect("stream");
        let mut seen = Vec::new();
        while let Some(event) = stream.next().await {
            let event = event.expect("event");
            seen.push((event.seq, event.response().and_then(StreamResponse::state)));
        }
        // 1: created (the task); 2: WORKING; 3: the artifact; 4: COMPLETED.
        let expected = [
            (1, Some(TaskState::Submitted)),
            (2, Some(TaskState::Working)),
            (3, None),
            (4, Some(TaskState::Completed)),
        ];
        assert_eq!(seen, expected, "{}", db.name);
    }
}

#[tokio::test]
async fn a_retried_follow_up_returns_the_task_and_runs_nothing() {
    for db in databases().await {
        let script = Arc::new(Script::default());
        let m = manager(
            db.backend().await,
            script.clone(),
            ManagerConfig::default(),
            StoreLimits::default(),
        )
        .await;
        let first = task(
            m.send(OWNER, request("ask", "m1", None, "hi"))
                .await
                .expect("send"),
        );
        assert_eq!(first.status.state, TaskState::InputRequired, "{}", db.name);
        let answer = || request("ask", "m2", Some(&first.id), "answer");
        let done = task(m.send(OWNER, answer()).await.expect("answer"));
        let again = task(m.send(OWNER, answer()).await.expect("retry"));
        assert_eq!(
            (done.status.state, &again),
            (TaskState::Completed, &done),
            "{}",
            db.name
        );
        assert_eq!(
            script.runs.load(Ordering::Relaxed),
            2,
            "{}: the retry ran nothing",
            db.name
        );
        // An id used again for another message is another message (some clients do that).
        let second = task(
            m.send(OWNER, request("ask", "m3", None, "hi"))
                .await
                .expect("send"),
        );
        let reused = request("ask", "m3", Some(&second.id), "something else");
        let reused = task(m.send(OWNER, reused).await.expect("reused id"));
        assert_eq!(reused.status.state, TaskState::Completed, "{}", db.name);
        assert_eq!(script.runs.load(Ordering::Relaxed), 4, "{}", db.name);
    }
}

#[tokio::test]
async fn a_restart_fails_running_tasks_and_waiting_ones_go_on_with_their_history() {
    for db in databases().await.into_iter().filter(|d| d.name != "memory") {
        let (config, limits) = (ManagerConfig::default(), StoreLimits::default());
        let before = manager(
            db.backend().await,
            Arc::default(),
            config.clone(),
            limits.clone(),
        )
        .await;
        let waiting = task(
            before
                .send(OWNER, request("ask", "m1", None, "first"))
                .await
                .expect("send"),
        );
        let mut params = request("hang", "m2", None, "x");
        params.configuration =
            serde_json::from_value(serde_json::json!({"returnImmediately": true})).ok();
        let hung = task(before.send(OWNER, params).await.expect("send"));
        // A second host over the same database, as after kill -9 (the first one's turn is
        // still running in this process, but nothing it does is visible to the second).
        let after = manager(db.backend().await, Arc::default(), config, limits).await;
        let failed = after.get(OWNER, &hung.id, None).await.expect("get");
        assert_eq!(failed.status.state, TaskState::Failed, "{}", db.name);
        let kind = failure_kind(&failed);
        assert_eq!(kind, Some("hostRestart".into()), "{}", db.name);
        let done = task(
            after
                .send(OWNER, request("ask", "m3", Some(&waiting.id), "second"))
                .await
                .expect("answer"),
        );
        let users: Vec<_> = done
            .history
            .iter()
            .filter(|m| m.role == Role::User)
            .filter_map(|m| m.parts[0].as_text())
            .collect();
        assert_eq!(
            (done.status.state, users),
            (TaskState::Completed, vec!["first", "second"]),
            "{}",
            db.name
        );
        drop(before);
    }
}

#[tokio::test]
async fn content_past_a_cap_fails_the_turn_and_is_not_kept() {
    for db in databases().await {
        let config = ManagerConfig {
            max_task_bytes: 10_000,
            ..ManagerConfig::default()
        };
        let limits = StoreLimits {
            max_tasks: 100,
            max_bytes: 30_000,
        };
        let m = manager(db.backend().await, Arc::default(), config, limits).await;
        let t = task(
            m.send(OWNER, request("big", "m1", None, "20000"))
                .await
                .expect("send"),
        );
        assert_eq!(t.status.state, TaskState::Failed, "{}", db.name);
        let kind = failure_kind(&t);
        assert_eq!(kind, Some("resourceLimit".into()), "{}", db.name);
        assert!(
            t.artifacts.is_empty(),
            "{}: the event past the cap is dropped",
            db.name
        );
        // Many tasks of 8 KB each against a 30 KB host: the finished ones make room, and
        // the host never holds more than its bound.
        for i in 0..10 {
            let t = task(
                m.send(OWNER, request("big", &format!("n{i}"), None, "8000"))
                    .await
                    .expect("send"),
            );
            assert_eq!(t.status.state, TaskState::Completed, "{}", db.name);
            assert!(
                m.store().totals().1 <= 30_000,
                "{}: {:?}",
                db.name,
                m.store().totals()
            );
        }
    }
}

#[tokio::test]
async fn an_evicted_task_ends_its_streams_with_an_error() {
    for db in databases().await {
        let limits = StoreLimits {
            max_tasks: 1,
            max_bytes: usize::MAX,
        };
        let m = manager(
            db.backend().await,
            Arc::default(),
            ManagerConfig::default(),
            limits,
        )
        .await;
        let waiting = task(
            m.send(OWNER, request("ask", "m1", None, "hi"))
                .await
                .expect("send"),
        );
        let mut stream = m
            .subscribe(OWNER, &waiting.id, None)
            .await
            .expect("subscribe");
        assert!(
            stream.next().await.is_some_and(|e| e.is_ok()),
            "{}: the task first",
            db.name
        );
        task(
            m.send(OWNER, request("done", "m2", None, "go"))
                .await
                .expect("send"),
        );
        let end = stream.next().await;
        assert!(
            matches!(end, Some(Err(TaskError::Gone(_)))),
            "{}: {end:?}",
            db.name
        );
        assert!(stream.next().await.is_none(), "{}", db.name);
    }
}
