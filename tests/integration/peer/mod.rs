//! Real peers: the official A2A SDK clients of every version, and the seed articles' 0.1
//! flows, each driving a real host and printing one JSON line per step.
//!
//! `scripts/test` installs them under `target/`: the Python SDK 1.x (`peer-venv`) and 0.3
//! (`peer03-venv`), each in its own venv, and the JavaScript SDK (`peer-js`). The
//! environment variables `SKILLHOST_PEER_PYTHON`, `SKILLHOST_PEER03_PYTHON` and
//! `SKILLHOST_PEER_JS` can point elsewhere.

mod js;
mod python;
mod seeds;

use std::path::PathBuf;

use serde_json::Value;

/// The repository root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What `scripts/test` installed at `default` (under the root), or where `var` points.
fn installed(var: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(default));
    assert!(
        path.exists(),
        "{} is missing: run scripts/test, which installs the peers",
        path.display()
    );
    path
}

/// Runs the peer script `script` (under `tests/peer`) with `program` against a fresh host,
/// passing the host's URL and then `args`, and returns the JSON lines it printed. Fails the
/// test if the peer fails.
async fn run(program: PathBuf, script: &str, args: &[&str], env: &[(&str, PathBuf)]) -> Vec<Value> {
    let host = crate::host().await;
    let output = tokio::process::Command::new(&program)
        .arg(root().join("tests/peer").join(script))
        .arg(&host.base)
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .await
        .unwrap_or_else(|e| panic!("{} does not run: {e}", program.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "peer failed:\n{stdout}\n{stderr}");
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// The calls a peer reports, as `{call} A2A-Version:{version}` for each of `calls`.
fn calls<T: std::fmt::Display>(calls: impl IntoIterator<Item = T>, version: &str) -> Value {
    let lines: Vec<String> = calls
        .into_iter()
        .map(|c| format!("{c} A2A-Version:{version}"))
        .collect();
    Value::from(lines)
}

/// `{prefix} {method}` for each of `methods`: how a peer reports its JSON-RPC calls.
fn named<'a>(prefix: &'a str, methods: &'a [&str]) -> impl Iterator<Item = String> + 'a {
    methods.iter().map(move |m| format!("{prefix} {m}"))
}

/// The lines of `step`.
fn steps<'a>(lines: &'a [Value], step: &str) -> Vec<&'a Value> {
    lines.iter().filter(|l| l["step"] == step).collect()
}
