//! `skillhost skill run FILE`: a conversation with one component, with no server.
//!
//! The component is loaded as the host loads a plugin (with the `skill.toml` beside it, or
//! the one named, and the default limits) into a task engine over an in-memory store, so a
//! turn runs exactly as it would when served: same sandbox, same limits, same events. Each
//! event is printed as it is emitted; when the skill asks for input, the next message is
//! read at the prompt, and the task continues with its history.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use serde_json::{Value, json};
use skillhost_registry::Registry;
use skillhost_runtime::{Limits, Runtime, RuntimeConfig};
use skillhost_tasks::{LocalBus, ManagerConfig, Store, StoreLimits, TaskManager};
use skillhost_types::request::SendMessageRequest;

/// Who the local caller is, as the task engine records owners.
const OWNER: &str = "local";

/// What `skill run` is given.
#[derive(clap::Args)]
pub(crate) struct RunArgs {
    /// The component (.wasm).
    file: PathBuf,
    /// Its skill.toml [default: the one beside FILE, if any].
    #[arg(long)]
    manifest: Option<PathBuf>,
    /// Which of its skills [default: the first it declares].
    #[arg(long)]
    skill: Option<String>,
    /// The first message [default: read at the prompt].
    #[arg(long, short)]
    message: Option<String>,
    /// Print each event as A2A JSON (one `StreamResponse` per line) instead of text.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: RunArgs) -> anyhow::Result<()> {
    tokio::runtime::Runtime::new()?.block_on(conversation(args))
}

async fn conversation(args: RunArgs) -> anyhow::Result<()> {
    let staged = stage(&args.file, args.manifest.as_deref())?;
    let runtime = Runtime::new(RuntimeConfig::default());
    let registry = Registry::load_dir(&runtime, staged.path(), &Limits::default(), None)
        .await
        .with_context(|| format!("cannot load {}", args.file.display()))?;
    let skill = pick(&registry, args.skill.as_deref())?;
    let manager = engine(Arc::new(registry)).await?;
    let mut text = match args.message {
        Some(text) => text,
        None => prompt()?.context("no message given")?,
    };
    let mut task: Option<String> = None;
    loop {
        let request = message(&skill, &text, task.as_deref())?;
        let mut stream = manager.send_streaming(OWNER, request).await?;
        task = Some(stream.task_id().to_string()).filter(|id| !id.is_empty());
        let mut state = None;
        while let Some(event) = stream.next().await {
            let Some(response) = event?.response().map(serde_json::to_value) else {
                continue;
            };
            let response = response?;
            state = last_state(&response).or(state);
            show(&response, args.json);
        }
        match state.as_deref() {
            Some("TASK_STATE_INPUT_REQUIRED") => match prompt()? {
                Some(next) => text = next,
                None => return Ok(()),
            },
            Some(s @ ("TASK_STATE_FAILED" | "TASK_STATE_REJECTED")) => bail!("the task ended {s}"),
            _ => return Ok(()),
        }
    }
}

/// A plugin directory holding only FILE (and its manifest, pointed at it), as the loader
/// expects one; removed when dropped.
fn stage(file: &Path, manifest: Option<&Path>) -> anyhow::Result<tempfile::TempDir> {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .context("FILE has no name")?;
    let dir = tempfile::tempdir()?;
    let plugin = dir.path().join(&stem);
    std::fs::create_dir(&plugin)?;
    let component = format!("{stem}.wasm");
    std::fs::copy(file, plugin.join(&component))
        .with_context(|| format!("cannot read {}", file.display()))?;
    let beside = file.with_file_name("skill.toml");
    let manifest = manifest.or_else(|| beside.is_file().then_some(beside.as_path()));
    if let Some(path) = manifest {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut table: toml::Table =
            toml::from_str(&text).with_context(|| format!("{} is not TOML", path.display()))?;
        table.insert("component".into(), toml::Value::String(component));
        std::fs::write(plugin.join("skill.toml"), toml::to_string(&table)?)?;
    }
    Ok(dir)
}

/// The skill asked for, or the component's first.
fn pick(registry: &Registry, wanted: Option<&str>) -> anyhow::Result<String> {
    let catalog = registry.catalog();
    let ids: Vec<&str> = catalog
        .skills()
        .iter()
        .map(|s| s.card.id.as_str())
        .collect();
    match wanted {
        Some(id) if ids.contains(&id) => Ok(id.to_string()),
        Some(id) => bail!(
            "no skill {id:?} in the component; it has: {}",
            ids.join(", ")
        ),
        None => ids
            .first()
            .map(|id| id.to_string())
            .context("the component declares no skill"),
    }
}

/// A task engine over an in-memory store, as `serve --store memory` has.
async fn engine(registry: Arc<Registry>) -> anyhow::Result<TaskManager> {
    let backend = skillhost_tasks::store::open::open("memory").await?;
    let store = Store::open(
        backend,
        Arc::new(LocalBus::default()),
        StoreLimits::default(),
    );
    Ok(TaskManager::new(
        store.await?,
        registry,
        ManagerConfig::default(),
    ))
}

/// The user's message to `skill`, continuing `task` if there is one.
fn message(skill: &str, text: &str, task: Option<&str>) -> anyhow::Result<SendMessageRequest> {
    let mut message = json!({
        "messageId": uuid(),
        "role": "ROLE_USER",
        "parts": [{"text": text}],
        "metadata": {"skillId": skill},
    });
    if let Some(task) = task {
        message["taskId"] = json!(task);
    }
    Ok(serde_json::from_value(json!({ "message": message }))?)
}

fn uuid() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("local-{nanos:x}")
}

/// The task's state after this event, if it says.
fn last_state(response: &Value) -> Option<String> {
    let status = response
        .get("task")
        .or_else(|| response.get("statusUpdate"))?
        .get("status")?;
    status["state"].as_str().map(str::to_string)
}

/// Prints one event: as JSON, or as a line a person reads.
fn show(response: &Value, json: bool) {
    let line = if json {
        response.to_string()
    } else {
        describe(response)
    };
    println!("{line}");
}

fn describe(response: &Value) -> String {
    if let Some(task) = response.get("task") {
        let id = task["id"].as_str().unwrap_or("?");
        return format!("task {id} {}", state_name(&task["status"]));
    }
    if let Some(update) = response.get("statusUpdate") {
        let said = texts(&update["status"]["message"]["parts"]);
        return format!("[{}] {said}", state_name(&update["status"]))
            .trim_end()
            .to_string();
    }
    if let Some(update) = response.get("artifactUpdate") {
        let artifact = &update["artifact"];
        let name = artifact["name"]
            .as_str()
            .or(artifact["artifactId"].as_str());
        return format!(
            "artifact {}: {}",
            name.unwrap_or("?"),
            texts(&artifact["parts"])
        );
    }
    format!("agent: {}", texts(&response["message"]["parts"]))
}

fn state_name(status: &Value) -> &str {
    let state = status["state"].as_str().unwrap_or("?");
    state.strip_prefix("TASK_STATE_").unwrap_or(state)
}

/// The parts as text: text parts as they are, others by kind.
fn texts(parts: &Value) -> String {
    let parts = parts.as_array().map(Vec::as_slice).unwrap_or_default();
    let shown: Vec<String> = parts
        .iter()
        .map(|p| match (p["text"].as_str(), p.get("data")) {
            (Some(text), _) => text.to_string(),
            (None, Some(data)) => data.to_string(),
            (None, None) => "<file>".to_string(),
        })
        .collect();
    shown.join(" ")
}

/// The next message typed at the prompt; `None` at the end of input.
fn prompt() -> anyhow::Result<Option<String>> {
    eprint!("you> ");
    std::io::stderr().flush()?;
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim_end_matches(['\r', '\n']).to_string()))
}
