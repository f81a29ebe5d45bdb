//! [`Served`]: a real `skillhost serve` process, for what only a process can show: a
//! `kill -9` in the middle of its work, and a restart on the same store.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::Sse;

/// A `skillhost serve` child process on 127.0.0.1 (a port of its choosing).
pub struct Served {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// A client with no proxy.
    pub http: reqwest::Client,
    child: Child,
}

/// The `skillhost` binary of this build (scripts/test builds it before the tests).
pub fn binary() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/skillhost");
    assert!(
        path.exists(),
        "{} is missing: run scripts/test, or cargo build --release -p skillhost",
        path.display()
    );
    path
}

impl Served {
    /// Starts `skillhost serve --config <config>` and waits until it serves.
    pub async fn start(config: &Path) -> Self {
        Self::start_with(config, &[]).await
    }

    /// The same with `env` added to its environment (`SKILLHOST_LOG` is `info` unless
    /// `env` says otherwise; a trace endpoint comes from the config only).
    pub async fn start_with(config: &Path, env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(binary())
            .args(["serve", "--listen", "127.0.0.1:0", "--config"])
            .arg(config)
            .env("SKILLHOST_LOG", "info")
            .env_remove("OTEL_EXPORTER_OTLP_ENDPOINT")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("skillhost starts");
        let stderr = child.stderr.take().expect("stderr");
        let base = tokio::time::timeout(Duration::from_secs(120), address(stderr))
            .await
            .expect("skillhost serves within 2 minutes");
        let http = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("client");
        Self { base, http, child }
    }

    /// Stops it as an operator does (SIGTERM, a graceful stop) and waits until it exits.
    pub async fn stop(mut self) {
        let pid = self.child.id().expect("running").to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().await;
        assert!(sent.expect("kill runs").success());
        let exit = tokio::time::timeout(Duration::from_secs(60), self.child.wait()).await;
        let exit = exit.expect("exits within a minute").expect("wait");
        assert!(exit.success(), "{exit}");
    }

    /// Kills the process with SIGKILL (no shutdown of any kind) and waits for it.
    pub async fn kill9(mut self) {
        self.child.kill().await.expect("kill -9");
    }

    /// The `result` of a JSON-RPC call that must succeed.
    pub async fn ok(&self, method: &str, params: Value) -> Value {
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
        let resp = self
            .http
            .post(&self.base)
            .header("content-type", "application/json")
            .header("a2a-version", "1.0")
            .body(body.to_string())
            .send()
            .await
            .expect("the host answers");
        let value: Value = resp.json().await.expect("JSON");
        match value.get("result") {
            Some(result) => result.clone(),
            None => panic!("{method} failed: {value}"),
        }
    }

    /// A streaming call, resuming after `last_event_id` if given.
    pub async fn stream(&self, method: &str, params: Value, last_event_id: Option<&str>) -> Sse {
        crate::host::stream(&self.http, &self.base, method, params, last_event_id).await
    }
}

/// Reads the log until the line that says where the host serves; keeps draining it after.
async fn address(stderr: tokio::process::ChildStderr) -> String {
    let mut lines = BufReader::new(stderr).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        if let Some(at) = line.find("at http://") {
            let base = line[at + 3..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_string();
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            return base;
        }
    }
    panic!("skillhost exited before serving")
}

/// Starts `skillhost serve` on `plugins` with the config `toml` (plugins, compile cache and
/// a memory store set already), the extra `args` and `env`, and reads its log (stderr):
/// `Ok` with the lines up to the one that says where it serves, or `Err` with every line
/// if it exits first. The process is killed when this returns.
pub async fn serve_log(
    plugins: &[crate::Plugin<'_>],
    toml: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> Result<Vec<String>, Vec<String>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let plugins = crate::plugin_dir(plugins).expect("plugins");
    let config = dir.path().join("skillhost.toml");
    let text = format!(
        "plugins = {:?}\n{toml}\n[runtime]\ncache_dir = {:?}\n[store]\nurl = \"memory\"\n",
        plugins.path(),
        crate::compile_cache(),
    );
    std::fs::write(&config, text).expect("config");
    let mut child = Command::new(binary())
        .args(["serve", "--listen", "127.0.0.1:0", "--config"])
        .arg(&config)
        .args(args)
        .envs(env.iter().copied())
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("skillhost starts");
    let mut reader = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let read = async {
        let mut lines = Vec::new();
        while let Some(line) = reader.next_line().await.expect("log readable") {
            let serving = line.contains("serving A2A");
            lines.push(line);
            if serving {
                return Ok(lines);
            }
        }
        Err(lines)
    };
    tokio::time::timeout(Duration::from_secs(120), read)
        .await
        .expect("skillhost serves or exits within 2 minutes")
}
