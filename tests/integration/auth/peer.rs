//! The official Python SDK (1.x) as a client of a host that requires credentials: its own
//! `AuthInterceptor` reads the schemes from the card and sends an API key or a bearer token,
//! on either binding; tasks stay with their caller; a call without credentials is refused.

use std::path::PathBuf;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use super::host_with;

const SECRET: &str = "the-shared-key-of-the-sdk-peer-test";

/// API keys for alice, and HS256 tokens for anyone.
fn config() -> String {
    format!(
        "{}\n[auth.jwt]\nissuer = \"iss\"\naudience = \"aud\"\nhs256_secret = \"{SECRET}\"\n",
        super::KEYS
    )
}

fn bobs_token() -> String {
    let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        + 600;
    let claims = json!({"sub": "bob", "iss": "iss", "aud": "aud", "exp": exp});
    let key = EncodingKey::from_secret(SECRET.as_bytes());
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key).expect("sign")
}

fn python() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = std::env::var_os("SKILLHOST_PEER_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/peer-venv/bin/python"));
    assert!(
        path.exists(),
        "{}: run scripts/test to install the peers",
        path.display()
    );
    path
}

async fn sdk(binding: &str) -> Vec<Value> {
    let host = host_with(&config()).await;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("peer/auth_client.py");
    let output = tokio::process::Command::new(python())
        .arg(script)
        .args([host.base.as_str(), binding, "key-of-alice", &bobs_token()])
        .output()
        .await
        .expect("the peer runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "peer failed:\n{stdout}\n{stderr}");
    let lines = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"));
    lines.collect()
}

fn expected() -> Vec<Value> {
    vec![
        json!({"step": "card", "schemes": ["apiKey", "bearer"], "extended": true}),
        json!({"step": "alice-send", "state": "TASK_STATE_INPUT_REQUIRED"}),
        json!({"step": "bob-get", "error": "TaskNotFoundError"}),
        json!({"step": "list", "alice": [true], "bob": 0}),
        json!({"step": "extended", "alice": true}),
        json!({"step": "anonymous", "unauthorized": true}),
        json!({"step": "headers", "sent": ["authorization", "x-api-key"]}),
    ]
}

#[tokio::test]
async fn the_python_sdk_authenticates_over_json_rpc() {
    assert_eq!(sdk("JSONRPC").await, expected());
}

#[tokio::test]
async fn the_python_sdk_authenticates_over_http_json() {
    assert_eq!(sdk("HTTP+JSON").await, expected());
}
