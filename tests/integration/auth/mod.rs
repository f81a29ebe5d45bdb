//! Authentication and tasks that belong to their caller, black-box: API keys and bearer
//! JWTs on both bindings, the 401 answers, the public and the extended card, and two
//! principals who cannot see, list, cancel, follow or subscribe to each other's tasks.

mod jwt; // JWTs: HS256, and RS256/ES256 from a JWKS server the test starts
mod keys; // API keys on both bindings, the 401 shape, the cards
mod owners; // two principals: TaskNotFound on every method, listings per owner
mod peer; // the official Python SDK with an API key and a bearer token

use serde_json::{Value, json};
use skillhost_tests::{Plugin, Raw, TestHost};

/// A host with the tck skill and this `[auth]` section (and the rest of `extra`).
async fn host_with(auth: &str) -> TestHost {
    let toml = format!("default_skill = \"tck\"\n{auth}");
    TestHost::start(&[Plugin::new("tck", "tck")], &toml).await
}

/// API keys for alice and bob.
const KEYS: &str = r#"
[auth]
api_keys = [
  { principal = "alice", key = "key-of-alice" },
  { principal = "bob", key = "key-of-bob" },
]
"#;

/// A client of `host` that sends these headers with every call.
struct Caller<'a> {
    host: &'a TestHost,
    headers: Vec<(&'static str, String)>,
}

impl<'a> Caller<'a> {
    fn anonymous(host: &'a TestHost) -> Self {
        Self {
            host,
            headers: Vec::new(),
        }
    }

    fn key(host: &'a TestHost, key: &str) -> Self {
        Self {
            host,
            headers: vec![("x-api-key", key.to_string())],
        }
    }

    fn bearer(host: &'a TestHost, token: &str) -> Self {
        Self {
            host,
            headers: vec![("authorization", format!("Bearer {token}"))],
        }
    }

    fn headers(&self) -> Vec<(&str, &str)> {
        self.headers.iter().map(|(k, v)| (*k, v.as_str())).collect()
    }

    /// A JSON-RPC call, whatever its answer.
    async fn rpc(&self, method: &str, params: Value) -> Raw {
        let body = json!({"jsonrpc": "2.0", "id": 3, "method": method, "params": params});
        self.host.post(body.to_string(), &self.headers()).await
    }

    /// The `result` of a JSON-RPC call that must succeed.
    async fn ok(&self, method: &str, params: Value) -> Value {
        let resp = self.rpc(method, params).await;
        assert_eq!(resp.status, 200, "{method}: {}", resp.body);
        let json = resp.json();
        json.get("result")
            .cloned()
            .unwrap_or_else(|| panic!("{method} failed: {json}"))
    }

    /// The JSON-RPC error code of a call that must fail with HTTP 200.
    async fn code(&self, method: &str, params: Value) -> i64 {
        let resp = self.rpc(method, params).await;
        assert_eq!(resp.status, 200, "{method}: {}", resp.body);
        let json = resp.json();
        json["error"]["code"]
            .as_i64()
            .unwrap_or_else(|| panic!("{method} should have failed: {json}"))
    }

    /// An HTTP+JSON call.
    async fn rest(&self, method: &str, path: &str, body: Option<Value>) -> Raw {
        self.host
            .rest_with(method, path, body, &self.headers())
            .await
    }
}

/// Every `WWW-Authenticate` challenge of a response.
fn challenges(resp: &Raw) -> Vec<String> {
    resp.headers
        .get_all("www-authenticate")
        .iter()
        .map(|v| v.to_str().expect("text").to_string())
        .collect()
}

/// Asserts `resp` is the JSON-RPC 401: status, a challenge, error -31401 with its reason.
fn assert_rpc_401(resp: &Raw, what: &str) -> Value {
    assert_eq!(resp.status, 401, "{what}: {}", resp.body);
    assert!(!challenges(resp).is_empty(), "{what}: no WWW-Authenticate");
    let error = resp.json()["error"].clone();
    assert_eq!(error["code"], -31401, "{what}: {error}");
    assert_eq!(error["data"][0]["reason"], "UNAUTHENTICATED", "{what}");
    error
}

/// Asserts `resp` is the HTTP+JSON 401: status, a challenge, an AIP-193 body.
fn assert_rest_401(resp: &Raw, what: &str) -> Value {
    assert_eq!(resp.status, 401, "{what}: {}", resp.body);
    assert!(!challenges(resp).is_empty(), "{what}: no WWW-Authenticate");
    let error = resp.json()["error"].clone();
    assert_eq!(
        (&error["code"], &error["status"]),
        (&json!(401), &json!("UNAUTHENTICATED")),
        "{what}"
    );
    assert_eq!(error["details"][0]["reason"], "UNAUTHENTICATED", "{what}");
    error
}
