//! `skillhost skill new` writes a project that builds as generated and loads in the host,
//! in every language, and the four template skills behave the same.

use std::path::{Path, PathBuf};

use serde_json::Value;
use skillhost_author::{BuildOptions, Lang};
use skillhost_tests::task::{state, status_text};
use skillhost_tests::{Plugin, TestHost, msg};

/// The JavaScript and Python toolchains, installed by `scripts/build-plugins`.
fn toolchains() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/toolchains")
}

/// Scaffolds and builds `lang`'s template as the skill `t-<lang>`; returns the component.
fn scaffold_and_build(lang: Lang, dir: &Path) -> PathBuf {
    let name = format!("t-{lang}");
    let project = skillhost_author::new_project(lang, &name, dir)
        .unwrap_or_else(|e| panic!("skill new --lang {lang}: {e}"));
    let opts = BuildOptions {
        dir: project,
        out: None,
        toolchains: Some(toolchains()),
    };
    skillhost_author::build(&opts).unwrap_or_else(|e| panic!("skill build ({lang}): {e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn every_template_builds_loads_and_behaves_alike() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().to_path_buf();
    // Builds run one after another: each language's tools use both cores already.
    let built = tokio::task::spawn_blocking(move || {
        Lang::ALL.map(|lang| (format!("t-{lang}"), scaffold_and_build(lang, &root)))
    })
    .await
    .expect("builds");
    let plugins: Vec<Plugin> = built
        .iter()
        .map(|(name, wasm)| Plugin::at(name, wasm.clone()))
        .collect();
    let host = TestHost::start(&plugins, "").await;
    let card = host
        .http
        .get(format!("{}/.well-known/agent-card.json", host.base));
    let card: Value = card.send().await.expect("card").json().await.expect("JSON");
    for (name, _) in &built {
        let listed = card["skills"].as_array().expect("skills");
        assert!(
            listed.iter().any(|s| s["id"] == **name),
            "{name} not in the card"
        );
        behaves_like_the_template(&host, name).await;
    }
}

/// What every template does: ask, greet, and fail on its own terms.
async fn behaves_like_the_template(host: &TestHost, skill: &str) {
    let asked = host.ok("SendMessage", msg::to_skill(skill, "")).await["task"].clone();
    assert_eq!(
        state(&asked),
        "TASK_STATE_INPUT_REQUIRED",
        "{skill}: {asked}"
    );
    assert_eq!(status_text(&asked), "Who should I greet?", "{skill}");
    let id = asked["id"].as_str().expect("task id");
    let done = host.ok("SendMessage", msg::follow_up(id, "Ada")).await["task"].clone();
    assert_eq!(state(&done), "TASK_STATE_COMPLETED", "{skill}: {done}");
    assert_eq!(done["artifacts"][0]["artifactId"], "greeting", "{skill}");
    assert_eq!(
        done["artifacts"][0]["parts"][0]["text"], "Hello, Ada!",
        "{skill}"
    );

    let failed = host.ok("SendMessage", msg::to_skill(skill, "fail")).await["task"].clone();
    assert_eq!(state(&failed), "TASK_STATE_FAILED", "{skill}: {failed}");
    assert_eq!(status_text(&failed), "asked to fail", "{skill}");
    assert_eq!(
        failed["status"]["message"]["metadata"]["failureKind"], "skillError",
        "{skill}"
    );
}
