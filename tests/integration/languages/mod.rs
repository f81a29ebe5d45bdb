//! The JavaScript, Python and C plugins meet the same contract as the Rust ones, checked
//! the same way for each: the card entry, progress streamed before a chunked artifact, a
//! data part, the INPUT_REQUIRED round trip, the skill's own error, and a fuel budget that
//! is too small. Each language's file adds the known numbers of its plugin.
//!
//! The components come from `target/plugins` (`scripts/build-plugins` builds them with
//! `skillhost skill build`); the shared compile cache means each compiles once per run.

mod checksum; // C
mod json_shaper; // JavaScript
mod text_stats; // Python

use serde_json::{Value, json};
use skillhost_tests::task::{state, status_text};
use skillhost_tests::{Plugin, TestHost, bundled};

/// A host serving only the bundled plugin `name`, with this `skill.toml`.
async fn host(name: &'static str, toml: &'static str) -> TestHost {
    TestHost::start(&[Plugin::at(name, bundled(name)).with_toml(toml)], "").await
}

/// `SendMessage` params: a user message with these parts, routed to `skill`.
fn send(skill: &str, id: &str, parts: Value) -> Value {
    json!({"message": {"messageId": id, "role": "ROLE_USER", "parts": parts,
        "metadata": {"skillId": skill}}})
}

/// A follow-up message with these parts for `task_id`.
fn follow_up(task_id: &str, id: &str, parts: Value) -> Value {
    json!({"message": {"messageId": id, "role": "ROLE_USER", "parts": parts, "taskId": task_id}})
}

/// A file part holding `bytes`.
fn file(bytes: &[u8], media_type: &str, filename: &str) -> Value {
    use base64::Engine as _;
    let raw = base64::engine::general_purpose::STANDARD.encode(bytes);
    json!({"raw": raw, "mediaType": media_type, "filename": filename})
}

/// The card lists `skill` with everything a client needs to choose it.
async fn listed_in_the_card(host: &TestHost, skill: &str) {
    let card = host
        .http
        .get(format!("{}/.well-known/agent-card.json", host.base));
    let card: Value = card.send().await.expect("card").json().await.expect("JSON");
    let skills = card["skills"].as_array().expect("skills");
    let entry = skills.iter().find(|s| s["id"] == skill);
    let entry = entry.unwrap_or_else(|| panic!("{skill} not in the card: {card}"));
    for field in ["name", "description"] {
        assert!(
            entry[field].as_str().is_some_and(|t| !t.is_empty()),
            "{field}: {entry}"
        );
    }
    for list in ["tags", "examples", "inputModes", "outputModes"] {
        let items = entry[list].as_array().map_or(0, Vec::len);
        assert!(items > 0, "{skill} lists no {list}: {entry}");
    }
}

/// Streams `params` and checks the order: the task, progress (at least two WORKING updates
/// with a message) before any artifact, `artifact` in at least `min_chunks` chunks (append
/// after the first, lastChunk only on the last), then COMPLETED. Returns the completed task
/// as `GetTask` reports it, and the chunks' text joined.
async fn streams_in_order(
    host: &TestHost,
    params: Value,
    artifact: &str,
    min_chunks: usize,
) -> (Value, String) {
    let events = host
        .stream("SendStreamingMessage", params)
        .await
        .collect()
        .await;
    let results: Vec<&Value> = events.iter().map(|e| &e["result"]).collect();
    assert_eq!(
        state(&results[0]["task"]),
        "TASK_STATE_SUBMITTED",
        "{events:?}"
    );
    let last = &results[results.len() - 1]["statusUpdate"];
    assert_eq!(state(last), "TASK_STATE_COMPLETED", "{last}");
    let first_artifact = results
        .iter()
        .position(|r| r.get("artifactUpdate").is_some());
    let progress = results[..first_artifact.unwrap_or(0)]
        .iter()
        .filter(|r| state(&r["statusUpdate"]) == "TASK_STATE_WORKING")
        .filter(|r| !status_text(&r["statusUpdate"]).is_empty())
        .count();
    assert!(
        progress >= 2,
        "{progress} progress updates before the artifacts: {events:?}"
    );
    let chunks: Vec<&Value> = results
        .iter()
        .filter_map(|r| r.get("artifactUpdate"))
        .filter(|u| u["artifact"]["artifactId"] == artifact)
        .collect();
    assert!(
        chunks.len() >= min_chunks,
        "{} chunks of {artifact}",
        chunks.len()
    );
    for (i, chunk) in chunks.iter().enumerate() {
        let (append, last) = (i > 0, i + 1 == chunks.len());
        assert_eq!(
            chunk["append"].as_bool().unwrap_or(false),
            append,
            "chunk {i}"
        );
        assert_eq!(
            chunk["lastChunk"].as_bool().unwrap_or(false),
            last,
            "chunk {i}"
        );
    }
    let streamed: String = chunks.iter().map(|c| joined(&c["artifact"])).collect();
    let id = &results[0]["task"]["id"];
    let task = host.ok("GetTask", json!({"id": id})).await;
    assert_eq!(
        joined(artifact_named(&task, artifact)),
        streamed,
        "merged in the task"
    );
    (task, streamed)
}

/// The text of every part of `artifact`, joined.
fn joined(artifact: &Value) -> String {
    let parts = artifact["parts"].as_array().map_or(&[][..], Vec::as_slice);
    parts.iter().filter_map(|p| p["text"].as_str()).collect()
}

/// The artifact of `task` with this id.
fn artifact_named<'t>(task: &'t Value, id: &str) -> &'t Value {
    let artifacts = task["artifacts"].as_array().map_or(&[][..], Vec::as_slice);
    artifacts
        .iter()
        .find(|a| a["artifactId"] == id)
        .unwrap_or_else(|| panic!("no artifact {id}: {task}"))
}

/// The JSON object in the data part of `task`'s artifact `id`.
fn data_of<'t>(task: &'t Value, id: &str) -> &'t Value {
    let part = &artifact_named(task, id)["parts"][0];
    assert!(part["data"].is_object(), "{id} holds no data part: {part}");
    &part["data"]
}

/// `first` asks `question`; `answer`, sent as a follow-up, completes the task. Returns it.
async fn asks_then_completes(
    host: &TestHost,
    first: Value,
    question: &str,
    answer: Value,
) -> Value {
    let asked = host.ok("SendMessage", first).await["task"].clone();
    assert_eq!(state(&asked), "TASK_STATE_INPUT_REQUIRED", "{asked}");
    assert_eq!(status_text(&asked), question);
    let id = asked["id"].as_str().expect("task id");
    let done = host
        .ok("SendMessage", follow_up(id, "answer", answer))
        .await["task"]
        .clone();
    assert_eq!(state(&done), "TASK_STATE_COMPLETED", "{done}");
    done
}

/// `params` fails the task on the skill's own terms, with `reason` as the status message.
async fn fails_with(host: &TestHost, params: Value, reason: &str) {
    let failed = host.ok("SendMessage", params).await["task"].clone();
    assert_eq!(state(&failed), "TASK_STATE_FAILED", "{failed}");
    assert_eq!(status_text(&failed), reason);
    let kind = &failed["status"]["message"]["metadata"]["failureKind"];
    assert_eq!(kind, "skillError", "{failed}");
}

/// With `toml` setting a fuel budget too small for `params`, the task fails as out of fuel
/// and the host keeps serving.
async fn runs_out_of_fuel(name: &'static str, toml: &'static str, params: Value) {
    let host = host(name, toml).await;
    let failed = host.ok("SendMessage", params).await["task"].clone();
    assert_eq!(state(&failed), "TASK_STATE_FAILED", "{failed}");
    let kind = &failed["status"]["message"]["metadata"]["failureKind"];
    assert_eq!(kind, "outOfFuel", "{failed}");
    listed_in_the_card(&host, name).await;
}
