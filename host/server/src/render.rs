//! Writing a [`Reply`](crate::dispatch::Reply) in the caller's protocol version: results and stream events as JSON
//! documents, which each binding then wraps (a JSON-RPC envelope) or sends bare (HTTP+JSON).

use std::sync::Arc;

use futures::Stream;
use serde::Serialize;
use serde_json::value::RawValue;
use skillhost_tasks::{Sent, TaskStream};
use skillhost_types::{A2aError, StreamResponse};

use crate::dispatch::{Answer, Call};
use crate::version::Version;

/// Writes the replies of one call.
#[derive(Debug, Clone)]
pub(crate) struct Writer {
    version: Version,
}

impl Writer {
    /// The writer for `call`'s replies.
    pub(crate) fn for_call(call: &Call) -> Self {
        Self {
            version: call.version,
        }
    }

    /// The version the replies are written in.
    pub(crate) fn version(&self) -> Version {
        self.version
    }

    /// A result as a JSON document.
    pub(crate) fn result(&self, answer: &Answer) -> Result<Box<RawValue>, A2aError> {
        match answer {
            Answer::Sent(Sent::Task(task)) => raw(&SendMessageResponseRef::Task(task)),
            Answer::Sent(Sent::Message(message)) => raw(&SendMessageResponseRef::Message(message)),
            Answer::Task(task) => raw(task),
            Answer::Tasks(page) => raw(page),
        }
    }

    /// The events of a stream, each a JSON document.
    pub(crate) fn events(
        self,
        stream: TaskStream,
    ) -> impl Stream<Item = Box<RawValue>> + Send + 'static {
        futures::stream::unfold((stream, self), |(mut stream, writer)| async move {
            let event = stream.next().await?;
            // Our own types always serialize; if one ever did not, end the stream cleanly.
            let data = writer.event(&event).ok()?;
            Some((data, (stream, writer)))
        })
    }

    fn event(&self, event: &Arc<StreamResponse>) -> Result<Box<RawValue>, A2aError> {
        raw(&**event)
    }
}

/// `SendMessageResponse` over borrowed contents (the same JSON), so a reply is not copied to be written.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
enum SendMessageResponseRef<'a> {
    Task(&'a skillhost_types::Task),
    Message(&'a skillhost_types::Message),
}

/// Serializes `value`; a failure (which our own types never cause) is logged here.
fn raw<T: Serialize + ?Sized>(value: &T) -> Result<Box<RawValue>, A2aError> {
    serde_json::value::to_raw_value(value).map_err(|e| {
        tracing::error!(error = %e, "response serialization failed");
        A2aError::internal()
    })
}
