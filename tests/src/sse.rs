//! [`Sse`]: a Server-Sent Events stream, parsed event by event.

use std::time::Duration;

use futures::StreamExt;
use serde_json::Value;

/// A Server-Sent Events stream, read event by event.
pub struct Sse {
    body: futures::stream::BoxStream<'static, reqwest::Result<bytes::Bytes>>,
    buffer: String,
    /// Comment lines seen (keep-alives).
    pub comments: usize,
    /// The `id:` of the last event read, if it had one.
    pub last_id: Option<String>,
}

impl Sse {
    /// The stream of `resp`, which must be `text/event-stream`.
    pub(crate) async fn expect(resp: reqwest::Response) -> Self {
        let kind = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        assert!(
            kind.starts_with("text/event-stream"),
            "not a stream: {kind} {:?}",
            resp.text().await
        );
        Self::new(resp)
    }

    fn new(resp: reqwest::Response) -> Self {
        Self {
            body: resp.bytes_stream().boxed(),
            buffer: String::new(),
            comments: 0,
            last_id: None,
        }
    }

    /// The next event's `data` as JSON; `None` when the server closed the stream. Panics if
    /// nothing arrives within 10 s.
    pub async fn next(&mut self) -> Option<Value> {
        self.next_within(Duration::from_secs(10))
            .await
            .unwrap_or_else(|| panic!("no SSE event within 10 s"))
    }

    /// Like [`Sse::next`], with `None` for a timeout and `Some(None)` for the end.
    pub async fn next_within(&mut self, limit: Duration) -> Option<Option<Value>> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if let Some(event) = self.take_event() {
                return Some(Some(event));
            }
            match tokio::time::timeout_at(deadline, self.body.next()).await {
                Err(_) => return None,
                Ok(None) => return Some(None),
                Ok(Some(Ok(chunk))) => self.buffer.push_str(&String::from_utf8_lossy(&chunk)),
                Ok(Some(Err(e))) => panic!("SSE stream broke: {e}"),
            }
        }
    }

    /// Every remaining event until the server closes the stream.
    pub async fn collect(mut self) -> Vec<Value> {
        let mut events = Vec::new();
        while let Some(e) = self.next().await {
            events.push(e);
        }
        events
    }

    fn take_event(&mut self) -> Option<Value> {
        loop {
            let end = self.buffer.find("\n\n")?;
            let frame: String = self.buffer.drain(..end + 2).collect();
            let mut data = String::new();
            let mut id = None;
            for line in frame.lines() {
                if let Some(i) = line.strip_prefix("id:") {
                    id = Some(i.trim_start().to_string());
                } else if let Some(d) = line.strip_prefix("data:") {
                    data.push_str(d.trim_start());
                } else if line.starts_with(':') {
                    self.comments += 1;
                }
            }
            if !data.is_empty() {
                self.last_id = id;
                return Some(
                    serde_json::from_str(&data)
                        .unwrap_or_else(|e| panic!("bad SSE data ({e}): {data}")),
                );
            }
        }
    }
}
