//! [`TestHost`]: a host serving on `127.0.0.1:0` for one test, and the JSON-RPC and SSE
//! calls tests make to it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use skillhost::config::HostToml;
use skillhost::{Host, Settings};

use crate::{Plugin, Sse};

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
        let dir = plugin_dir(plugins)?;
        let mut file: HostToml = toml_parse(host_toml)?;
        file.plugins = Some(dir.path().to_path_buf());
        file.runtime.cache_dir = file.runtime.cache_dir.or(Some(compile_cache()));
        // Tests keep their tasks in memory unless they ask for a database.
        file.store.url = file.store.url.or_else(|| Some("memory".into()));
        let settings = Settings::from_toml(file).map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let loading = loading(plugins).await;
        let host = Host::build(&settings, skillhost::url_for(addr))
            .await
            .map_err(|e| chain(&e))?;
        drop(loading);
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
        stream(&self.http, &self.base, method, params, None).await
    }

    /// `SubscribeToTask` resuming after the event with id `last_event_id`.
    pub async fn resume(&self, task_id: &str, last_event_id: &str) -> Sse {
        let params = json!({"id": task_id});
        stream(
            &self.http,
            &self.base,
            "SubscribeToTask",
            params,
            Some(last_event_id),
        )
        .await
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

/// Opens a streaming call at `base` (with `Last-Event-ID` if given) and returns its SSE
/// stream, asserting it is one.
pub async fn stream(
    http: &reqwest::Client,
    base: &str,
    method: &str,
    params: Value,
    last_event_id: Option<&str>,
) -> Sse {
    let body = json!({"jsonrpc": "2.0", "id": 7, "method": method, "params": params});
    let mut req = http
        .post(base)
        .header("content-type", "application/json")
        .header("a2a-version", "1.0")
        .header("accept", "text/event-stream");
    if let Some(id) = last_event_id {
        req = req.header("last-event-id", id);
    }
    let resp = req
        .body(body.to_string())
        .send()
        .await
        .expect("the host answers");
    Sse::expect(resp).await
}

/// A plugin directory holding `plugins`, for one host.
pub fn plugin_dir(plugins: &[Plugin<'_>]) -> Result<tempfile::TempDir, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    for p in plugins {
        let plugin_dir = dir.path().join(p.name);
        std::fs::create_dir_all(&plugin_dir).map_err(|e| e.to_string())?;
        std::fs::copy(&p.wasm, plugin_dir.join(format!("{}.wasm", p.name)))
            .map_err(|e| e.to_string())?;
        std::fs::write(plugin_dir.join("skill.toml"), p.toml).map_err(|e| e.to_string())?;
    }
    Ok(dir)
}

/// One compile cache for the whole run: each component compiles once, however many hosts
/// load it.
pub fn compile_cache() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/component-cache")
}

/// Hosts loading the same component take turns: the first compiles it into the shared
/// cache while the others wait, then they load it from there, rather than every test
/// compiling a 12 MB JavaScript component at once on two cores. Locks are taken in path
/// order, so hosts sharing several components cannot deadlock.
async fn loading(plugins: &[Plugin<'_>]) -> Vec<tokio::sync::OwnedMutexGuard<()>> {
    type Locks = HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>;
    static LOCKS: LazyLock<std::sync::Mutex<Locks>> = LazyLock::new(Default::default);
    let mut paths: Vec<&PathBuf> = plugins.iter().map(|p| &p.wasm).collect();
    paths.sort();
    paths.dedup();
    let locks: Vec<_> = {
        let mut map = LOCKS.lock().unwrap_or_else(|e| e.into_inner());
        paths
            .into_iter()
            .map(|p| map.entry(p.clone()).or_default().clone())
            .collect()
    };
    let mut guards = Vec::with_capacity(locks.len());
    for lock in locks {
        guards.push(lock.lock_owned().await);
    }
    guards
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
    pub(crate) async fn from(resp: reqwest::Response) -> Self {
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
