//! The black-box test harness: start a real host on `127.0.0.1:0` with a plugin directory
//! made for the test, and talk to it over HTTP as any client would.
//!
//! - [`guest`], [`bundled`]: the path of a built component (run `scripts/build-plugins`
//!   first).
//! - [`TestHost`]: a running host, with JSON-RPC and SSE helpers.
//! - [`Sse`]: a parsed Server-Sent Events stream.
//! - [`msg`]: request builders.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use futures::StreamExt;
use serde_json::{Value, json};
use skillhost::config::HostToml;
use skillhost::{Host, Settings};

/// The built component `name` (crate name with `_`), from `target/guests`.
pub fn guest(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../target/guests/wasm32-wasip2/release")
        .join(format!("{name}.wasm"));
    assert!(
        path.exists(),
        "{} is missing: run scripts/build-plugins first",
        path.display()
    );
    path
}

/// The bundled plugin `name` as `scripts/build-plugins` laid it out in `target/plugins`:
/// the way to reach plugins that cargo does not build (JavaScript, Python, C).
pub fn bundled(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../target/plugins")
        .join(name)
        .join(format!("{name}.wasm"));
    assert!(
        path.exists(),
        "{} is missing: run scripts/build-plugins first",
        path.display()
    );
    path
}

/// One plugin of a test host: a directory name, a component and its `skill.toml`.
pub struct Plugin<'a> {
    /// Directory name (the plugin's name).
    pub name: &'a str,
    /// The component file.
    pub wasm: PathBuf,
    /// Contents of `skill.toml`.
    pub toml: &'a str,
}

impl<'a> Plugin<'a> {
    /// A plugin with default limits; `wasm` is a crate name, as for [`guest`].
    pub fn new(name: &'a str, wasm: &str) -> Self {
        Self::at(name, guest(wasm))
    }

    /// A plugin with default limits whose component is the file `wasm`.
    pub fn at(name: &'a str, wasm: PathBuf) -> Self {
        Self {
            name,
            wasm,
            toml: "",
        }
    }

    /// The same plugin with this `skill.toml`.
    pub fn with_toml(mut self, toml: &'a str) -> Self {
        self.toml = toml;
        self
    }
}

/// A host serving on `127.0.0.1:0` for one test; stops when dropped.
pub struct TestHost {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// A client with no proxy.
    pub http: reqwest::Client,
    _plugins: tempfile::TempDir,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestHost {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl TestHost {
    /// Starts a host with these plugins and this `skillhost.toml` text.
    pub async fn start(plugins: &[Plugin<'_>], host_toml: &str) -> Self {
        Self::try_start(plugins, host_toml)
            .await
            .unwrap_or_else(|e| panic!("host did not start: {e}"))
    }

    /// Like [`TestHost::start`], returning the load error instead of panicking.
    pub async fn try_start(plugins: &[Plugin<'_>], host_toml: &str) -> Result<Self, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        for p in plugins {
            let plugin_dir = dir.path().join(p.name);
            std::fs::create_dir_all(&plugin_dir).map_err(|e| e.to_string())?;
            std::fs::copy(&p.wasm, plugin_dir.join(format!("{}.wasm", p.name)))
                .map_err(|e| e.to_string())?;
            std::fs::write(plugin_dir.join("skill.toml"), p.toml).map_err(|e| e.to_string())?;
        }
        let mut file: HostToml = toml_parse(host_toml)?;
        file.plugins = Some(dir.path().to_path_buf());
        // One compile cache for the whole run: each component compiles once, however many
        // hosts load it.
        let cache = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/component-cache");
        file.runtime.cache_dir = file.runtime.cache_dir.or(Some(cache));
        let settings = Settings::from_toml(file).map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let host = Host::build(&settings, skillhost::url_for(addr))
            .await
            .map_err(|e| chain(&e))?;
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, host.router).await;
        });
        let http = reqwest::Client::builder()
            .no_proxy()
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self {
            base: format!("http://{addr}"),
            http,
            _plugins: dir,
            server,
        })
    }

    /// Posts a JSON-RPC call with `A2A-Version: 1.0`; returns the whole response object.
    pub async fn rpc(&self, method: &str, params: Value) -> Value {
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
        let resp = self.post(body.to_string(), &[]).await;
        assert_eq!(resp.status, 200, "HTTP status of {method}: {}", resp.body);
        serde_json::from_str(&resp.body)
            .unwrap_or_else(|e| panic!("{method} answered non-JSON ({e}): {}", resp.body))
    }

    /// The `result` of a call that must succeed.
    pub async fn ok(&self, method: &str, params: Value) -> Value {
        let resp = self.rpc(method, params).await;
        match resp.get("result") {
            Some(result) => result.clone(),
            None => panic!("{method} failed: {resp}"),
        }
    }

    /// The `error` of a call that must fail.
    pub async fn err(&self, method: &str, params: Value) -> Value {
        let resp = self.rpc(method, params).await;
        match resp.get("error") {
            Some(error) => error.clone(),
            None => panic!("{method} should have failed: {resp}"),
        }
    }

    /// Posts a raw body with `headers`, which replace the defaults (JSON content type,
    /// `A2A-Version: 1.0`).
    pub async fn post(&self, body: String, headers: &[(&str, &str)]) -> Raw {
        let mut all = reqwest::header::HeaderMap::new();
        for (k, v) in [("content-type", "application/json"), ("a2a-version", "1.0")]
            .iter()
            .chain(headers)
        {
            let name = reqwest::header::HeaderName::from_bytes(k.as_bytes()).expect("header name");
            all.insert(name, v.parse().expect("header value"));
        }
        let req = self.http.post(&self.base).headers(all).body(body);
        Raw::from(req.send().await.expect("the host answers")).await
    }

    /// Opens a streaming call and returns its SSE stream (asserting it is one).
    pub async fn stream(&self, method: &str, params: Value) -> Sse {
        let body = json!({"jsonrpc": "2.0", "id": 7, "method": method, "params": params});
        let resp = self
            .http
            .post(&self.base)
            .header("content-type", "application/json")
            .header("a2a-version", "1.0")
            .header("accept", "text/event-stream")
            .body(body.to_string())
            .send()
            .await
            .expect("the host answers");
        let kind = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        assert!(
            kind.starts_with("text/event-stream"),
            "{method} did not stream: {kind} {:?}",
            resp.text().await
        );
        Sse::new(resp)
    }

    /// Polls `GetTask` until the task reaches `state`; panics after `within`.
    pub async fn wait_for_state(&self, task_id: &str, state: &str, within: Duration) -> Value {
        let start = Instant::now();
        loop {
            let task = self.ok("GetTask", json!({"id": task_id})).await;
            if task["status"]["state"] == state {
                return task;
            }
            assert!(
                start.elapsed() < within,
                "task {task_id} did not reach {state} in {within:?}: {task}"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// Host config text goes through the host's own parser, so tests exercise it too.
fn toml_parse(text: &str) -> Result<HostToml, String> {
    HostToml::parse("test config", text).map_err(|e| e.to_string())
}

/// A raw HTTP response.
pub struct Raw {
    /// HTTP status.
    pub status: u16,
    /// Headers.
    pub headers: reqwest::header::HeaderMap,
    /// Body text.
    pub body: String,
}

impl Raw {
    async fn from(resp: reqwest::Response) -> Self {
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = resp.text().await.unwrap_or_default();
        Self {
            status,
            headers,
            body,
        }
    }

    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// A Server-Sent Events stream, read event by event.
pub struct Sse {
    body: futures::stream::BoxStream<'static, reqwest::Result<bytes::Bytes>>,
    buffer: String,
    /// Comment lines seen (keep-alives).
    pub comments: usize,
}

impl Sse {
    fn new(resp: reqwest::Response) -> Self {
        Self {
            body: resp.bytes_stream().boxed(),
            buffer: String::new(),
            comments: 0,
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
            for line in frame.lines() {
                if let Some(d) = line.strip_prefix("data:") {
                    data.push_str(d.trim_start());
                } else if line.starts_with(':') {
                    self.comments += 1;
                }
            }
            if !data.is_empty() {
                return Some(
                    serde_json::from_str(&data)
                        .unwrap_or_else(|e| panic!("bad SSE data ({e}): {data}")),
                );
            }
        }
    }
}

/// Request builders.
pub mod msg {
    use serde_json::{Value, json};

    /// `SendMessage` params: a user message with one text part and this messageId.
    pub fn text(message_id: &str, text: &str) -> Value {
        json!({"message": {"messageId": message_id, "role": "ROLE_USER", "parts": [{"text": text}]}})
    }

    /// The same, routed to `skill`.
    pub fn to_skill(skill: &str, text: &str) -> Value {
        let mut params = self::text(&format!("m-{}", unique()), text);
        params["message"]["metadata"] = json!({"skillId": skill});
        params
    }

    /// A follow-up message for `task_id`.
    pub fn follow_up(task_id: &str, text: &str) -> Value {
        let mut params = self::text(&format!("m-{}", unique()), text);
        params["message"]["taskId"] = json!(task_id);
        params
    }

    fn unique() -> u64 {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(1);
        N.fetch_add(1, Ordering::Relaxed)
    }
}

/// An error and its causes on one line, as the binary prints them.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}
