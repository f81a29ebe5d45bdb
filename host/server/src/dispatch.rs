//! The one dispatch: every request of every binding and protocol version arrives here as a
//! typed [`Call`], and every method has exactly one implementation (in `methods`).
//!
//! The bindings (`jsonrpc`, `rest`) are thin adapters: they authenticate the caller (with
//! `auth`), read their wire format into a [`Call`] and write the [`Reply`] back in it. Every
//! call passes here once, with its method, binding, version and caller, which every method
//! that touches a task passes on as the task's owner.

use std::time::Instant;

use skillhost_tasks::{Sent, TaskStream};
use skillhost_types::push::{
    ListPushConfigsRequest, PushConfigRequest, TaskPushNotificationConfig,
};
use skillhost_types::request::{
    CancelTaskRequest, GetTaskRequest, ListTasksRequest, ListTasksResponse, SendMessageRequest,
    SubscribeToTaskRequest,
};
use skillhost_types::{A2aError, AgentCard, Principal, Task};

use crate::version::Version;
use crate::{AppState, card, methods, metrics};

/// An A2A operation with its parameters, whatever binding and version it came in.
#[derive(Debug)]
pub(crate) enum Operation {
    /// `SendMessage` (`message/send`, `tasks/send`).
    SendMessage(SendMessageRequest),
    /// `SendStreamingMessage` (`message/stream`, `tasks/sendSubscribe`).
    SendStreamingMessage(SendMessageRequest),
    /// `GetTask` (`tasks/get`).
    GetTask(GetTaskRequest),
    /// `ListTasks`.
    ListTasks(ListTasksRequest),
    /// `CancelTask` (`tasks/cancel`).
    CancelTask(CancelTaskRequest),
    /// `SubscribeToTask` (`tasks/resubscribe`).
    SubscribeToTask(SubscribeToTaskRequest),
    /// `CreateTaskPushNotificationConfig` (`tasks/pushNotificationConfig/set`,
    /// `tasks/pushNotification/set`).
    SetPushConfig(TaskPushNotificationConfig),
    /// `GetTaskPushNotificationConfig` (`…/get`).
    GetPushConfig(PushConfigRequest),
    /// `ListTaskPushNotificationConfigs` (`tasks/pushNotificationConfig/list`).
    ListPushConfigs(ListPushConfigsRequest),
    /// `DeleteTaskPushNotificationConfig` (`tasks/pushNotificationConfig/delete`).
    DeletePushConfig(PushConfigRequest),
    /// `GetExtendedAgentCard` (`agent/getAuthenticatedExtendedCard`).
    GetExtendedAgentCard,
}

impl Operation {
    /// The A2A 1.0 name of the method, for logs and metrics.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::SendMessage(_) => "SendMessage",
            Self::SendStreamingMessage(_) => "SendStreamingMessage",
            Self::GetTask(_) => "GetTask",
            Self::ListTasks(_) => "ListTasks",
            Self::CancelTask(_) => "CancelTask",
            Self::SubscribeToTask(_) => "SubscribeToTask",
            Self::SetPushConfig(_) => "CreateTaskPushNotificationConfig",
            Self::GetPushConfig(_) => "GetTaskPushNotificationConfig",
            Self::ListPushConfigs(_) => "ListTaskPushNotificationConfigs",
            Self::DeletePushConfig(_) => "DeleteTaskPushNotificationConfig",
            Self::GetExtendedAgentCard => "GetExtendedAgentCard",
        }
    }
}

/// The binding a call came in by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Binding {
    /// JSON-RPC 2.0 at `/`.
    JsonRpc,
    /// HTTP+JSON (REST) paths, and the path-style 0.1 calls.
    HttpJson,
}

/// One call: the operation, who makes it, and how it came.
pub(crate) struct Call {
    /// Who is calling, authenticated before the call was read.
    pub principal: Principal,
    /// What to do.
    pub op: Operation,
    /// The protocol version the caller speaks; the binding writes the reply in it.
    pub version: Version,
    /// The binding.
    pub binding: Binding,
    /// The `Last-Event-ID` header, for `SubscribeToTask`: the `id:` of the last stream event
    /// the client got, after which its stream resumes.
    pub last_event_id: Option<String>,
    /// The `Host` header, for the URLs of a card built from it.
    pub host: Option<String>,
}

/// What a method returns, before a binding writes it.
pub(crate) enum Reply {
    /// One result.
    Result(Answer),
    /// `SendStreamingMessage`, `SubscribeToTask`: the events to stream.
    Stream(TaskStream),
}

/// A method's single result.
pub(crate) enum Answer {
    /// `SendMessage`: the task after its turn, or the skill's direct reply.
    Sent(Sent),
    /// `GetTask`, `CancelTask`.
    Task(Task),
    /// `ListTasks`.
    Tasks(ListTasksResponse),
    /// `GetExtendedAgentCard`: the card, and the base URL its JSON-RPC interface is at.
    Card(Box<AgentCard>, String),
    /// A push config: created, or asked for.
    PushConfig(TaskPushNotificationConfig),
    /// A task's push configs.
    PushConfigs(Vec<TaskPushNotificationConfig>),
    /// Done, with nothing to say (`DeleteTaskPushNotificationConfig`).
    Empty,
}

/// Runs one call, and counts it (`crate::metrics`).
pub(crate) async fn dispatch(state: &AppState, call: Call) -> Result<Reply, A2aError> {
    let (method, binding, started) = (call.op.name(), call.binding, Instant::now());
    let reply = run(state, call).await;
    metrics::request(method, binding, reply.as_ref().err(), started);
    reply
}

async fn run(state: &AppState, call: Call) -> Result<Reply, A2aError> {
    let (method, binding, version) = (call.op.name(), call.binding, call.version);
    tracing::debug!(method, ?binding, ?version, principal = %call.principal, "call");
    // The `request` span (opened at the HTTP edge when traces are exported) learns what the
    // call is only now; without that span this records nothing.
    let span = tracing::Span::current();
    span.record("method", method);
    span.record("binding", tracing::field::debug(binding));
    let owner = call.principal.id();
    match call.op {
        Operation::SendMessage(req) => methods::send(state, owner, req).await,
        Operation::SendStreamingMessage(req) => methods::stream(state, owner, req).await,
        Operation::GetTask(req) => methods::get(state, owner, req).await,
        Operation::ListTasks(req) => methods::list(state, owner, req).await,
        Operation::CancelTask(req) => methods::cancel(state, owner, req).await,
        Operation::SubscribeToTask(req) => {
            let last = call.last_event_id.as_deref();
            methods::subscribe(state, owner, req, last).await
        }
        Operation::SetPushConfig(config) => methods::push_set(state, owner, config).await,
        Operation::GetPushConfig(req) => methods::push_get(state, owner, req).await,
        Operation::ListPushConfigs(req) => methods::push_list(state, owner, req).await,
        Operation::DeletePushConfig(req) => methods::push_delete(state, owner, req).await,
        Operation::GetExtendedAgentCard => {
            let host = call.host.as_deref();
            let (card, base) = card::extended_card(state, &call.principal, host)?;
            Ok(Reply::Result(Answer::Card(Box::new(card), base)))
        }
    }
}
