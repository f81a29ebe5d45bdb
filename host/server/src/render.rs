//! Writing a [`Reply`](crate::dispatch::Reply) in the caller's protocol version: results and
//! stream events as JSON documents, which each binding then wraps (a JSON-RPC envelope) or
//! sends bare (HTTP+JSON). 1.0 is the internal model's own serialization; the older shapes
//! come from [`skillhost_types::compat`].

use futures::Stream;
use serde::Serialize;
use serde_json::value::RawValue;
use skillhost_tasks::{Sent, TaskManager, TaskStream};
use skillhost_types::compat::card::legacy;
use skillhost_types::compat::push as push_shape;
use skillhost_types::compat::write::reply_task;
use skillhost_types::compat::{Dialect, EventWriter};
use skillhost_types::push::{ListPushConfigsResponse, TaskPushNotificationConfig};
use skillhost_types::{A2aError, Artifact, Message, StreamResponse, Task};

use crate::dispatch::{Answer, Binding, Call, Operation};
use crate::error::from_task;
use crate::version::Version;

/// Writes the replies of one call.
#[derive(Debug, Clone)]
pub(crate) struct Writer {
    version: Version,
    /// The task a 0.1 client named, for writing a direct reply as that task.
    task_id: Option<String>,
    /// The caller, who owns the tasks its replies show.
    owner: String,
    /// The binding: an empty result is `null` in JSON-RPC, `{}` in HTTP+JSON.
    binding: Binding,
}

impl Writer {
    /// The writer for `call`'s replies.
    pub(crate) fn for_call(call: &Call) -> Self {
        let task_id = match &call.op {
            Operation::SendMessage(req) | Operation::SendStreamingMessage(req) => {
                req.client_task_id.clone()
            }
            _ => None,
        };
        Self {
            version: call.version,
            task_id,
            owner: call.principal.id().to_string(),
            binding: call.binding,
        }
    }

    /// The version the replies are written in.
    pub(crate) fn version(&self) -> Version {
        self.version
    }

    /// A result as a JSON document.
    pub(crate) fn result(&self, answer: &Answer) -> Result<Box<RawValue>, A2aError> {
        let Some(d) = self.version.dialect() else {
            return match answer {
                Answer::Sent(Sent::Task(task)) => raw(&SendMessageResponseRef::Task(task)),
                Answer::Sent(Sent::Message(m)) => raw(&SendMessageResponseRef::Message(m)),
                Answer::Task(task) => raw(task),
                Answer::Tasks(page) => raw(page),
                Answer::Card(card, _) => raw(card),
                Answer::PushConfig(config) => raw(config),
                Answer::PushConfigs(configs) => raw(&ListPushConfigsResponse {
                    configs: configs.clone(),
                    next_page_token: String::new(),
                }),
                Answer::Empty if self.binding == Binding::HttpJson => raw(&serde_json::json!({})),
                Answer::Empty => raw(&()),
            };
        };
        let push = |c: &TaskPushNotificationConfig| match d {
            Dialect::V0_1 => push_shape::write_v0_1(c),
            _ => push_shape::write_v0_3(c),
        };
        match (answer, &self.task_id) {
            (Answer::Sent(Sent::Message(m)), Some(id)) if d == Dialect::V0_1 => {
                raw(&d.wire(&reply_task(id, m)))
            }
            (Answer::Sent(Sent::Message(m)), _) => raw(&d.wire(m)),
            (Answer::Sent(Sent::Task(task)) | Answer::Task(task), _) => raw(&d.wire(task)),
            // No older version has ListTasks, so no older request gets here.
            (Answer::Tasks(page), _) => raw(page),
            (Answer::Card(card, base), _) => raw(&legacy(card, base)),
            (Answer::PushConfig(config), _) => raw(&push(config)),
            (Answer::PushConfigs(configs), _) => raw(&configs.iter().map(push).collect::<Vec<_>>()),
            (Answer::Empty, _) => raw(&()),
        }
    }

    /// The events of a stream, each a JSON document with its place in the task's log; an
    /// error (the task was evicted) is the last item. A 0.1 stream's final update carries
    /// the task's artifacts, read from `manager` then.
    pub(crate) fn events(
        self,
        stream: TaskStream,
        manager: TaskManager,
    ) -> impl Stream<Item = Item> + Send + 'static {
        let older = self
            .version
            .dialect()
            .map(|d| EventWriter::new(d, self.task_id));
        let state = (stream, older, (manager, self.owner));
        futures::stream::unfold(state, |(mut stream, mut older, manager)| async move {
            let item = match stream.next().await? {
                Err(e) => Item {
                    seq: 0,
                    data: Err(from_task(e)),
                },
                Ok(event) => {
                    let response = event.response()?;
                    let data = match older.as_mut() {
                        None => raw(response),
                        Some(writer) => {
                            let artifacts =
                                final_artifacts(writer, response, &stream, &manager).await;
                            writer.write(response, &artifacts).map_err(serialization)
                        }
                    };
                    Item {
                        seq: event.seq,
                        data,
                    }
                }
            };
            Some((item, (stream, older, manager)))
        })
    }
}

/// One stream event in the caller's version: its sequence number in the task's log (0 for
/// none, as for a direct reply), and its JSON document or the error that ends the stream.
pub(crate) struct Item {
    /// What `Last-Event-ID` resumes after.
    pub seq: u64,
    /// The event.
    pub data: Result<Box<RawValue>, A2aError>,
}

/// The task's artifacts, if `writer` needs them for `event`.
async fn final_artifacts(
    writer: &EventWriter,
    event: &StreamResponse,
    stream: &TaskStream,
    (manager, owner): &(TaskManager, String),
) -> Vec<Artifact> {
    if !writer.needs_artifacts(event) {
        return Vec::new();
    }
    let task: Option<Task> = manager.get(owner, stream.task_id(), Some(0)).await.ok();
    task.map(|t| t.artifacts).unwrap_or_default()
}

/// `SendMessageResponse` over borrowed contents (the same JSON), so a reply is not copied
/// to be written.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
enum SendMessageResponseRef<'a> {
    Task(&'a Task),
    Message(&'a Message),
}

/// Serializes `value`; a failure (which our own types never cause) is logged here.
fn raw<T: Serialize + ?Sized>(value: &T) -> Result<Box<RawValue>, A2aError> {
    serde_json::value::to_raw_value(value).map_err(serialization)
}

fn serialization(e: serde_json::Error) -> A2aError {
    tracing::error!(error = %e, "response serialization failed");
    A2aError::internal()
}
