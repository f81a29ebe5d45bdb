//! What the traces tests run against: an OTLP/HTTP receiver (axum on 127.0.0.1:0 taking
//! `POST /v1/traces`, protobuf `ExportTraceServiceRequest`s), and a real `skillhost serve`
//! process with a `[trace]` section (the subscriber is process-global, so not in this one).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::KeyValue;
use opentelemetry_proto::tonic::common::v1::any_value::Value as Any;
use opentelemetry_proto::tonic::trace::v1::Span;
use prost::Message;
use skillhost_tests::{Plugin, Served, compile_cache, plugin_dir};
use tokio::sync::Notify;

/// The spans received so far, and a bell rung on each export.
#[derive(Clone, Default)]
pub struct Receiver {
    spans: Arc<Mutex<Vec<Span>>>,
    bell: Arc<Notify>,
    /// `http://127.0.0.1:<port>`, the collector's base URL.
    pub base: String,
}

impl Receiver {
    /// Starts the receiver on a port of its own.
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let receiver = Self {
            base: format!("http://{}", listener.local_addr().expect("addr")),
            ..Self::default()
        };
        let app = axum::Router::new()
            .route("/v1/traces", axum::routing::post(export))
            .with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        receiver
    }

    /// Every span received so far.
    pub fn spans(&self) -> Vec<Span> {
        self.spans.lock().expect("spans").clone()
    }

    /// Waits (up to a minute) until `found` finds what it looks for in the spans received.
    pub async fn until<T>(&self, found: impl Fn(&[Span]) -> Option<T>) -> T {
        let wait = async {
            loop {
                // Armed before looking, so an export in between is not missed.
                let bell = self.bell.notified();
                if let Some(t) = found(&self.spans()) {
                    return t;
                }
                bell.await;
            }
        };
        tokio::time::timeout(Duration::from_secs(60), wait)
            .await
            .unwrap_or_else(|_| panic!("spans missing after a minute: {:#?}", self.spans()))
    }
}

async fn export(State(receiver): State<Receiver>, body: Bytes) -> StatusCode {
    let Ok(request) = ExportTraceServiceRequest::decode(body) else {
        return StatusCode::BAD_REQUEST;
    };
    let spans = request
        .resource_spans
        .into_iter()
        .flat_map(|r| r.scope_spans)
        .flat_map(|s| s.spans);
    receiver.spans.lock().expect("spans").extend(spans);
    receiver.bell.notify_waiters();
    StatusCode::OK
}

/// A string attribute's value.
pub fn attr<'a>(attributes: &'a [KeyValue], key: &str) -> Option<&'a str> {
    let value = attributes.iter().find(|kv| kv.key == key)?.value.as_ref()?;
    match value.value.as_ref()? {
        Any::StringValue(s) => Some(s),
        _ => None,
    }
}

/// Whether an attribute is there, whatever its type.
pub fn has(attributes: &[KeyValue], key: &str) -> bool {
    attributes.iter().any(|kv| kv.key == key)
}

/// A `skillhost serve` with the echo plugin (as default skill) on the memory store,
/// `trace` as its `[trace]` section, `env` in its environment, and the skill's debug
/// records let through.
pub struct Host {
    served: Served,
    _dir: tempfile::TempDir,
    _plugins: tempfile::TempDir,
}

impl Host {
    /// Starts it and waits until it serves.
    pub async fn start(trace: &str, env: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let plugins = plugin_dir(&[Plugin::new("echo", "echo")]).expect("plugins");
        let config = dir.path().join("skillhost.toml");
        let text = format!(
            "plugins = {:?}\ndefault_skill = \"echo\"\n[runtime]\ncache_dir = {:?}\n\
             [store]\nurl = \"memory\"\n[trace]\n{trace}\n",
            plugins.path(),
            compile_cache(),
        );
        std::fs::write(&config, text).expect("config");
        let mut all = vec![("SKILLHOST_LOG", "info,skill=debug")];
        all.extend_from_slice(env);
        Self {
            served: Served::start_with(&config, &all).await,
            _dir: dir,
            _plugins: plugins,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base(&self) -> &str {
        &self.served.base
    }

    /// Stops it as an operator does (SIGTERM, a graceful stop) and waits until it exits.
    pub async fn stop(self) {
        self.served.stop().await;
    }
}
