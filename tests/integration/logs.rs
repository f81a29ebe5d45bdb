//! The host's log output as an operator's collector sees it: a pipe, not a terminal. Text
//! records carry no colour escapes there; `[log] format = "json"` (or the flag and its
//! environment variable, which win over the file) gives one JSON object per line.

use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use skillhost_tests::process::binary;
use skillhost_tests::{Plugin, compile_cache, plugin_dir};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

/// Starts `skillhost serve` with `[log]` set to `log` (and `env` set), and returns its log
/// lines up to the one that says where it serves.
async fn lines_until_serving(log: &str, env: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let plugins = plugin_dir(&[Plugin::new("echo", "echo")]).expect("plugins");
    let config = dir.path().join("skillhost.toml");
    let text = format!(
        "plugins = {:?}\n[runtime]\ncache_dir = {:?}\n[store]\nurl = \"memory\"\n[log]\n{log}\n",
        plugins.path(),
        compile_cache(),
    );
    std::fs::write(&config, text).expect("config");
    let mut child = Command::new(binary())
        .args(["serve", "--listen", "127.0.0.1:0", "--config"])
        .arg(&config)
        .envs(env.iter().copied())
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("skillhost starts");
    let mut reader = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let mut lines = Vec::new();
    let read = async {
        while let Some(line) = reader.next_line().await.expect("log readable") {
            let serving = line.contains("serving A2A");
            lines.push(line);
            if serving {
                return;
            }
        }
        panic!("skillhost exited before serving: {lines:?}");
    };
    tokio::time::timeout(Duration::from_secs(120), read)
        .await
        .expect("skillhost serves within 2 minutes");
    lines
}

#[tokio::test]
async fn text_logs_to_a_pipe_carry_no_colour_codes() {
    let lines = lines_until_serving("format = \"text\"", &[]).await;
    let serving = lines.last().expect("a line");
    assert!(serving.contains(" INFO "), "{serving}");
    for line in &lines {
        assert!(!line.contains('\u{1b}'), "escape code in {line:?}");
    }
}

#[tokio::test]
async fn json_logs_are_one_object_per_line() {
    let lines = lines_until_serving("format = \"json\"", &[]).await;
    for line in &lines {
        let record: Value = serde_json::from_str(line).expect("each line is JSON");
        for key in ["timestamp", "level", "target", "message"] {
            assert!(record.get(key).is_some(), "{key} missing from {line}");
        }
    }
    let serving: Value = serde_json::from_str(lines.last().expect("a line")).expect("JSON");
    assert_eq!(serving["level"], "INFO");
    assert_eq!(
        serving["store"], "memory",
        "fields are at the top level: {serving}"
    );
}

#[tokio::test]
async fn the_environment_wins_over_the_file() {
    let lines = lines_until_serving("format = \"text\"", &[("SKILLHOST_LOG_FORMAT", "json")]).await;
    let serving: Value = serde_json::from_str(lines.last().expect("a line")).expect("JSON");
    assert!(
        serving["message"]
            .as_str()
            .is_some_and(|m| m.contains("serving A2A"))
    );
}

#[tokio::test]
async fn an_unknown_format_is_refused_at_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("skillhost.toml");
    std::fs::write(&config, "[log]\nformat = \"xml\"\n").expect("config");
    let out = Command::new(binary())
        .args(["serve", "--listen", "127.0.0.1:0", "--config"])
        .arg(&config)
        .output()
        .await
        .expect("skillhost runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown variant `xml`"), "{stderr}");
}
