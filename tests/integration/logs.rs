//! The host's log output as an operator's collector sees it: a pipe, not a terminal. Text
//! records carry no colour escapes there; `[log] format = "json"` (or the flag and its
//! environment variable, which win over the file) gives one JSON object per line.

use serde_json::Value;
use skillhost_tests::Plugin;
use skillhost_tests::process::{binary, serve_log};
use tokio::process::Command;

/// The log of `skillhost serve` with `[log]` set to `log` (and `env` set), up to the line
/// that says where it serves.
async fn lines_until_serving(log: &str, env: &[(&str, &str)]) -> Vec<String> {
    let config = format!("[log]\n{log}");
    serve_log(&[Plugin::new("echo", "echo")], &config, &[], env)
        .await
        .unwrap_or_else(|lines| panic!("skillhost exited before serving: {lines:?}"))
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
