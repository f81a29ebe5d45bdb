//! The older protocol versions, A2A 0.3 (with 0.2) and 0.1, as adapters over the one
//! internal model (A2A 1.0): [`read`] turns an older request's params into the 1.0 request
//! types, [`write`] and [`EventWriter`] write 1.0 values in an older shape, [`card`] the
//! Agent Card. Nothing else in the host knows these shapes.
//!
//! What maps to what:
//!
//! | A2A 1.0 (internal) | 0.3 | 0.1 |
//! |---|---|---|
//! | `SendMessage` | `message/send` | `tasks/send`: the client names the task (`id`); an unknown id starts a task under it |
//! | `SendStreamingMessage` | `message/stream` | `tasks/sendSubscribe` |
//! | `GetTask`, `CancelTask` | `tasks/get`, `tasks/cancel` | the same names |
//! | `SubscribeToTask` | `tasks/resubscribe` | `tasks/resubscribe` |
//! | the push config methods | `tasks/pushNotificationConfig/{set,get,list,delete}` | `tasks/pushNotification/{set,get}` (shapes in [`push`]) |
//! | `configuration.taskPushNotificationConfig` | `configuration.pushNotificationConfig` | top-level `pushNotification` |
//! | `GetExtendedAgentCard` | `agent/getAuthenticatedExtendedCard` | none |
//! | `ListTasks` | none | none |
//! | `configuration.returnImmediately` | `configuration.blocking: false` | none: always blocking |
//! | `configuration.historyLength`, `acceptedOutputModes` | the same | top-level `historyLength`, `acceptedOutputModes` |
//! | `contextId` | `contextId` | `sessionId` |
//! | `Message` | `kind: "message"`; role `user` / `agent` | `role`, `parts`, `metadata`; no ids (a `messageId` is made up on reading) |
//! | `Part` `text` | `{kind: "text", text}` | `{type: "text", text}` (also read without `type`) |
//! | `Part` `raw` / `url`, `mediaType`, `filename` | `{kind: "file", file: {bytes` / `uri, mimeType, name}}` | the same with `type` |
//! | `Part` `data` (any JSON value) | `{kind: "data", data}`: an object; another value is written as `{"value": v}` | the same with `type` |
//! | `Task` | `kind: "task"` | `sessionId` for `contextId`; the status message also as a top-level `message` (\*) |
//! | `TaskState` | `submitted`, `working`, `input-required`, `auth-required`, `completed`, `canceled`, `failed`, `rejected`, `unknown` | the same, but `rejected` is written `failed` and `auth-required` `input-required`: 0.1 has neither |
//! | `Artifact` | `artifactId` | `index`, its position in the task |
//! | `SendMessageResponse` | the `Task` or `Message` itself | the `Task`; a direct reply becomes a completed task holding it (it is not stored) |
//! | stream: `task` | the `Task` | a status update: 0.1 streams hold only updates |
//! | stream: `message` | the `Message` | a final status update: completed, with the message |
//! | stream: `statusUpdate` | `kind: "status-update"`, `final` when the turn ends | `{id, status, final}`; the final one also carries the task's `artifacts` (\*) |
//! | stream: `artifactUpdate` | `kind: "artifact-update"` | `{id, artifact}`, with `append` and `lastChunk` inside the artifact |
//! | Agent Card | at `/.well-known/agent-card.json` with `A2A-Version: 0.3`: the 1.0 card plus `url`, `preferredTransport`, `additionalInterfaces`, `protocolVersion`, `supportsAuthenticatedExtendedCard` | at `/.well-known/agent.json`: the 0.3 card |
//!
//! (\*) Not in the 0.1 schema: the 0.1-era client scripts read these, because the servers
//! of their time sent them; other clients ignore members they do not know.
//!
//! A method both 0.3 and 0.1 name (`tasks/get`, `tasks/cancel`, `tasks/resubscribe`),
//! called without `A2A-Version`, could come from either: its answer is written in
//! [`Dialect::Either`], the 0.3 shape plus the 0.1 members (`type`, `sessionId`, `index`,
//! `id`), which readers of both understand.

pub mod card;
pub mod push;
pub mod read;
mod stream;
pub mod write;

pub use stream::EventWriter;

/// An older wire shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// A2A 0.3 (and 0.2).
    V0_3,
    /// A2A 0.1.
    V0_1,
    /// A reply that 0.3 and 0.1 readers must both understand: the 0.3 shape plus the 0.1
    /// members.
    Either,
}

impl Dialect {
    /// Whether the 0.3 members are written.
    pub fn v0_3(self) -> bool {
        matches!(self, Self::V0_3 | Self::Either)
    }

    /// Whether the 0.1 members are written.
    pub fn v0_1(self) -> bool {
        matches!(self, Self::V0_1 | Self::Either)
    }
}
