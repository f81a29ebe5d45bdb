//! The inspector at `/inspector`: off by default, behind its token off loopback, every
//! owner's tasks through its API, and the page itself in a real headless browser.

use std::path::PathBuf;

use serde_json::{Value, json};
use skillhost_tests::{Plugin, TestHost, msg};

/// echo and tck with the inspector on, plus `extra` config.
async fn inspected(extra: &str) -> Result<TestHost, String> {
    let toml = format!("default_skill = \"tck\"\n{extra}\n[inspector]\nenabled = true\n");
    let plugins = [Plugin::new("echo", "echo"), Plugin::new("tck", "tck")];
    TestHost::try_start(&plugins, &toml).await
}

async fn get(host: &TestHost, path: &str, token: Option<&str>) -> (u16, String) {
    let mut req = host.http.get(format!("{}{path}", host.base));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    let resp = req.send().await.expect("the host answers");
    let status = resp.status().as_u16();
    (status, resp.text().await.expect("body"))
}

/// Sends `text` to `skill` through the inspector's API; the `data:` documents it streamed.
async fn send(host: &TestHost, token: Option<&str>, skill: &str, text: &str) -> Vec<Value> {
    let mut req = host.http.post(format!("{}/inspector/api/send", host.base));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    let resp = req
        .json(&msg::to_skill(skill, text))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 200);
    let body = resp.text().await.expect("stream");
    let data = body.lines().filter_map(|l| l.strip_prefix("data:"));
    data.map(|d| serde_json::from_str(d.trim()).expect("JSON event"))
        .collect()
}

#[tokio::test]
async fn the_inspector_is_off_by_default() {
    let host = crate::host().await;
    for path in ["/inspector", "/inspector/app.js", "/inspector/api/tasks"] {
        assert_eq!(get(&host, path, None).await.0, 404, "{path}");
    }
}

#[tokio::test]
async fn off_loopback_it_needs_a_token_and_every_api_call_carries_it() {
    let refused = inspected("listen = \"0.0.0.0:0\"").await.err();
    assert!(refused.is_some_and(|e| e.contains("needs a token")));
    let toml = "listen = \"0.0.0.0:0\"";
    let host = TestHost::start(
        &[Plugin::new("echo", "echo"), Plugin::new("tck", "tck")],
        &format!(
            "{toml}\ndefault_skill = \"tck\"\n[inspector]\nenabled = true\ntoken = \"s3cret-t0ken\""
        ),
    )
    .await;
    for path in [
        "/inspector/api/plugins",
        "/inspector/api/tasks",
        "/inspector/api/tasks/x/events",
    ] {
        assert_eq!(
            get(&host, path, None).await.0,
            401,
            "{path} without the token"
        );
        assert_eq!(
            get(&host, path, Some("wrong")).await.0,
            401,
            "{path}, wrong token"
        );
    }
    let post = host.http.post(format!("{}/inspector/api/send", host.base));
    assert_eq!(post.send().await.expect("answer").status(), 401);
    let (status, body) = get(&host, "/inspector/api/plugins", Some("s3cret-t0ken")).await;
    assert_eq!(status, 200, "{body}");
    // The page is a static shell without data: it asks for the token in its fragment.
    let (status, page) = get(&host, "/inspector", None).await;
    assert!(status == 200 && page.contains("Skillhost inspector"));
}

#[tokio::test]
async fn the_api_shows_every_owner_and_sends_as_the_inspector() {
    let host = inspected("").await.expect("loopback needs no token");
    let (_, plugins) = get(&host, "/inspector/api/plugins", None).await;
    let plugins: Value = serde_json::from_str(&plugins).expect("JSON");
    let names: Vec<_> = plugins["plugins"]
        .as_array()
        .expect("list")
        .iter()
        .map(|p| (p["name"].clone(), p["grants"].clone()))
        .collect();
    let none = json!("none (deny by default)");
    assert_eq!(names, [(json!("echo"), none.clone()), (json!("tck"), none)]);
    let theirs = host
        .ok("SendMessage", msg::to_skill("tck", "tck-complete-task"))
        .await;
    let events = send(&host, None, "tck", "tck-stream-001").await;
    let last = &events[events.len() - 1]["statusUpdate"];
    assert_eq!(
        last["status"]["state"], "TASK_STATE_COMPLETED",
        "{events:?}"
    );
    let ours = last["taskId"].as_str().expect("task id").to_string();
    let (_, tasks) = get(&host, "/inspector/api/tasks?limit=10", None).await;
    let tasks: Value = serde_json::from_str(&tasks).expect("JSON");
    let owners: Vec<_> = tasks["tasks"]
        .as_array()
        .expect("list")
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap_or("").to_string(),
                t["owner"].clone(),
            )
        })
        .collect();
    let theirs_id = theirs["task"]["id"].as_str().expect("id").to_string();
    assert_eq!(
        owners,
        [
            (ours.clone(), json!("inspector")),
            (theirs_id, json!("anonymous"))
        ]
    );
    // The inspector's task belongs to it alone: an A2A client does not see it.
    let err = host.err("GetTask", json!({"id": ours})).await;
    assert_eq!(err["code"], -32001, "{err}");
    let (status, task) = get(&host, &format!("/inspector/api/tasks/{ours}"), None).await;
    assert!(
        status == 200 && task.contains("\"owner\":\"inspector\""),
        "{task}"
    );
    let (status, log) = get(&host, &format!("/inspector/api/tasks/{ours}/events"), None).await;
    assert_eq!(status, 200);
    assert!(
        log.contains("Stream hello from TCK") && log.contains("id: "),
        "{log}"
    );
}

#[tokio::test]
async fn in_a_headless_browser_it_lists_sends_streams_and_follows_a_task() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let artifacts = root.join("target/test-artifacts");
    std::fs::create_dir_all(&artifacts).expect("artifact dir");
    let shot = artifacts.join("inspector.png");
    let host = inspected("").await.expect("host");
    let lines = browse(&root, &host, &shot).await;
    let logged = [
        "status TASK_STATE_WORKING: Working",
        "artifact artifact-1: Stream hello from TCK",
        "status TASK_STATE_COMPLETED: Hello from TCK",
    ];
    let streamed: Vec<&str> = std::iter::once("task TASK_STATE_SUBMITTED")
        .chain(logged)
        .collect();
    let expected = [
        json!({"step": "plugins", "skills": ["echo", "tck"], "grants": ["none (deny by default)"]}),
        json!({"step": "direct", "final": "direct reply (no task)",
               "events": ["message ROLE_AGENT: hello inspector"]}),
        json!({"step": "stream", "final": "TASK_STATE_COMPLETED",
               "events": streamed}),
        json!({"step": "task", "state": "COMPLETED", "skill": "tck", "owner": "inspector",
               "events": logged}),
        json!({"step": "errors", "errors": []}),
    ];
    assert_eq!(lines, expected);
    let size = std::fs::metadata(&shot).map_or(0, |m| m.len());
    assert!(size > 10_000, "a screenshot at {}", shot.display());
}

/// Runs `tests/peer/js/inspector.cjs` in headless chromium against `host`, saving a
/// screenshot at `shot`; the JSON lines it printed, one per step.
async fn browse(root: &std::path::Path, host: &TestHost, shot: &std::path::Path) -> Vec<Value> {
    let modules = std::env::var_os("SKILLHOST_PEER_JS")
        .map_or_else(|| root.join("target/peer-js"), PathBuf::from)
        .join("node_modules");
    let installed = modules.join("playwright-core").exists();
    assert!(
        installed,
        "no playwright-core in {}: run scripts/test",
        modules.display()
    );
    let chromium =
        std::env::var_os("CHROMIUM").map_or_else(|| "/usr/bin/chromium".into(), PathBuf::from);
    let hint = "apt-get install chromium (scripts/test does)";
    assert!(
        chromium.exists(),
        "no browser at {}: {hint}",
        chromium.display()
    );
    let output = tokio::process::Command::new("node")
        .arg(root.join("tests/peer/js/inspector.cjs"))
        .arg(&host.base)
        .arg(shot)
        .env("NODE_PATH", &modules)
        .env("CHROMIUM", &chromium)
        .output()
        .await
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the browser script failed:\n{stdout}\n{stderr}"
    );
    let line = |l: &str| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
    stdout.lines().map(line).collect()
}

#[tokio::test]
async fn without_a_token_only_requests_addressed_to_localhost_are_answered() {
    let host = inspected("").await.expect("loopback needs no token");
    let port = host.base.rsplit(':').next().expect("a port").to_string();
    for (name, answered) in [
        (format!("localhost:{port}"), true),
        (format!("127.0.0.1:{port}"), true),
        (format!("[::1]:{port}"), true),
        // A page on a name rebound to 127.0.0.1 reaches the port, but not the inspector.
        (format!("rebound.example:{port}"), false),
        (format!("localhost.rebound.example:{port}"), false),
    ] {
        let resp = host
            .http
            .get(format!("{}/inspector/api/tasks", host.base))
            .header("host", &name)
            .send()
            .await
            .expect("the host answers");
        let status = resp.status().as_u16();
        assert_eq!(status == 200, answered, "Host: {name} got {status}");
    }
}
