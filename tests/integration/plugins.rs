//! Plugins that do not load: left out while the others serve, named in the log; or, with
//! `--strict` (`strict = true`), the start is refused.

use serde_json::Value;
use skillhost_tests::process::serve_log;
use skillhost_tests::{Plugin, TestHost, msg};

/// A file that is no component at all; kept while the directory lives.
fn junk(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("junk.wasm");
    std::fs::write(&path, b"not a component").expect("write");
    path
}

async fn card_skills(host: &TestHost) -> Vec<String> {
    let url = format!("{}/.well-known/agent-card.json", host.base);
    let card: Value = host
        .http
        .get(url)
        .send()
        .await
        .expect("card")
        .json()
        .await
        .expect("JSON");
    let skills = card["skills"].as_array().expect("skills");
    skills
        .iter()
        .map(|s| s["id"].as_str().unwrap_or("?").to_string())
        .collect()
}

#[tokio::test]
async fn a_corrupt_plugin_and_a_duplicate_skill_are_left_out_and_the_rest_serves() {
    let dir = tempfile::tempdir().expect("dir");
    let plugins = [
        Plugin::at("broken", junk(&dir)),
        Plugin::new("echo", "echo"),
        Plugin::new("echo-again", "echo"),
        Plugin::new("tck", "tck"),
    ];
    let host = TestHost::start(&plugins, "").await;
    let skills = card_skills(&host).await;
    // echo-again offers the id echo took first: it is left out whole.
    assert_eq!(
        skills.iter().filter(|s| *s == "echo").count(),
        1,
        "{skills:?}"
    );
    assert!(skills.iter().any(|s| s.starts_with("tck")), "{skills:?}");
    let reply = host
        .ok("SendMessage", msg::to_skill("echo", "still here"))
        .await;
    assert_eq!(reply["message"]["parts"][0]["text"], "still here");
}

#[tokio::test]
async fn the_log_names_each_plugin_left_out_and_why() {
    let dir = tempfile::tempdir().expect("dir");
    let plugins = [
        Plugin::at("broken", junk(&dir)),
        Plugin::new("echo", "echo"),
    ];
    let lines = serve_log(&plugins, "", &[], &[])
        .await
        .unwrap_or_else(|lines| panic!("it should serve: {lines:#?}"));
    let left_out = lines
        .iter()
        .find(|l| l.contains("plugin left out"))
        .unwrap_or_else(|| panic!("no line about the plugin: {lines:#?}"));
    assert!(left_out.contains("ERROR"), "{left_out}");
    assert!(
        left_out.contains("plugin broken did not load"),
        "{left_out}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("serving without 1 plugin(s)") && l.contains("--strict")),
        "{lines:#?}"
    );
}

#[tokio::test]
async fn strict_refuses_to_start_and_says_which_plugin() {
    let dir = tempfile::tempdir().expect("dir");
    let plugins = [
        Plugin::at("broken", junk(&dir)),
        Plugin::new("echo", "echo"),
    ];
    for (toml, args) in [("strict = true", &[][..]), ("", &["--strict"][..])] {
        let lines = serve_log(&plugins, toml, args, &[])
            .await
            .expect_err("a strict host does not start");
        let error = lines.iter().find(|l| l.starts_with("error: cannot start"));
        assert!(
            error.is_some_and(|e| e.contains("plugin broken did not load")),
            "{lines:#?}"
        );
    }
}
