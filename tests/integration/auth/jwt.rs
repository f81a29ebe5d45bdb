//! Bearer JWTs: HS256 with a shared key, RS256 and ES256 with keys from a JWKS server the
//! test starts (rotated while the host runs), and every way a token can be wrong.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use super::{Caller, assert_rpc_401, challenges, host_with};

const SECRET: &str = "a-shared-key-of-at-least-thirty-two-bytes";
const ISSUER: &str = "https://login.test";
const AUDIENCE: &str = "skillhost-tests";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Valid claims for `sub`; tests change one.
fn claims(sub: &str) -> Value {
    json!({"sub": sub, "iss": ISSUER, "aud": AUDIENCE, "exp": now() + 600, "iat": now()})
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/jwt/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `claims` signed with `alg` by the fixture key `kid` (or the HS256 `secret`).
fn sign(alg: Algorithm, kid: Option<&str>, key: &EncodingKey, claims: &Value) -> String {
    let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
    let mut header = Header::new(alg);
    header.kid = kid.map(Into::into);
    jsonwebtoken::encode(&header, claims, key).expect("sign")
}

fn hs256(secret: &str, claims: &Value) -> String {
    let key = EncodingKey::from_secret(secret.as_bytes());
    sign(Algorithm::HS256, None, &key, claims)
}

/// Signed with the fixture key in `file`, under header `alg` and `kid`.
fn with_key(file: &str, alg: Algorithm, kid: &str, claims: &Value) -> String {
    let pem = fixture(&format!("{file}.pem"));
    let key = match file.starts_with("ec") {
        true => EncodingKey::from_ec_pem(&pem),
        false => EncodingKey::from_rsa_pem(&pem),
    };
    sign(alg, Some(kid), &key.expect("fixture key"), claims)
}

/// A JWKS server on 127.0.0.1 serving a chosen set of the fixture keys, counting fetches.
struct KeyServer {
    url: String,
    served: Arc<Mutex<Vec<&'static str>>>,
    fetches: Arc<AtomicUsize>,
    _task: tokio::task::JoinHandle<()>,
}

impl KeyServer {
    async fn start(kids: &[&'static str]) -> Self {
        let all: Value = serde_json::from_slice(&fixture("public.json")).expect("JWKs");
        let served = Arc::new(Mutex::new(kids.to_vec()));
        let fetches = Arc::new(AtomicUsize::new(0));
        let (s, f) = (served.clone(), fetches.clone());
        let app = axum::Router::new().route(
            "/jwks.json",
            axum::routing::get(move || {
                f.fetch_add(1, Ordering::SeqCst);
                let kids = s.lock().expect("lock").clone();
                let keys: Vec<Value> = kids.iter().map(|k| all[*k].clone()).collect();
                async move { axum::Json(json!({"keys": keys})) }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/jwks.json", listener.local_addr().expect("addr"));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            url,
            served,
            fetches,
            _task: task,
        }
    }

    /// The issuer rotates its keys: from now on it serves these.
    fn rotate(&self, kids: &[&'static str]) {
        *self.served.lock().expect("lock") = kids.to_vec();
    }

    fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }
}

fn jwt_section(extra: &str) -> String {
    format!("[auth.jwt]\nissuer = \"{ISSUER}\"\naudience = \"{AUDIENCE}\"\n{extra}\n")
}

/// The principal a token authenticates as, read back from the extended card.
async fn principal(caller: &Caller<'_>) -> String {
    let card = caller.ok("GetExtendedAgentCard", json!({})).await;
    let text = card["description"].as_str().unwrap_or("").to_string();
    let after = text.split("Authenticated as ").nth(1).unwrap_or("");
    after.split(':').next().unwrap_or("").to_string()
}

/// The `error_description` of a refused token, from its 401.
async fn refused(caller: &Caller<'_>, what: &str) -> String {
    let resp = caller.rpc("ListTasks", json!({})).await;
    assert_rpc_401(&resp, what);
    let bearer = challenges(&resp)
        .into_iter()
        .find(|c| c.starts_with("Bearer "));
    let bearer = bearer.unwrap_or_else(|| panic!("{what}: no Bearer challenge"));
    assert!(
        bearer.contains("error=\"invalid_token\""),
        "{what}: {bearer}"
    );
    bearer
}

#[tokio::test]
async fn hs256_tokens_are_checked_claim_by_claim() {
    let host = host_with(&jwt_section(&format!("hs256_secret = \"{SECRET}\""))).await;
    let good = hs256(SECRET, &claims("carol"));
    assert_eq!(principal(&Caller::bearer(&host, &good)).await, "carol");
    let mut cases: Vec<(&str, Value, &str)> = Vec::new();
    let mut c = claims("carol");
    c["exp"] = json!(now() - 3600);
    cases.push(("expired", c, "expired"));
    let mut c = claims("carol");
    c["nbf"] = json!(now() + 3600);
    cases.push(("not yet valid", c, "not valid yet"));
    let mut c = claims("carol");
    c["aud"] = json!("someone-else");
    cases.push(("wrong audience", c, "another audience"));
    let mut c = claims("carol");
    c["iss"] = json!("https://evil.test");
    cases.push(("wrong issuer", c, "another issuer"));
    let mut c = claims("carol");
    c.as_object_mut().expect("object").remove("sub");
    cases.push(("no sub", c, "sub"));
    for (what, claims, reason) in cases {
        let token = hs256(SECRET, &claims);
        let challenge = refused(&Caller::bearer(&host, &token), what).await;
        assert!(challenge.contains(reason), "{what}: {challenge}");
    }
    let forged = hs256("another-key-of-at-least-thirty-two-bytes", &claims("carol"));
    let challenge = refused(&Caller::bearer(&host, &forged), "wrong key").await;
    assert!(challenge.contains("signature"), "{challenge}");
}

#[tokio::test]
async fn alg_none_and_algorithms_without_a_key_are_refused() {
    let host = host_with(&jwt_section(&format!("hs256_secret = \"{SECRET}\""))).await;
    let part = |v: Value| URL_SAFE_NO_PAD.encode(v.to_string());
    let none = format!(
        "{}.{}.",
        part(json!({"alg": "none", "typ": "JWT"})),
        part(claims("mallory"))
    );
    let challenge = refused(&Caller::bearer(&host, &none), "alg none").await;
    assert!(challenge.contains("malformed"), "{challenge}");
    // An RS256 token on a host with only an HS256 key: no key to check it with.
    let rs = with_key("rsa-1", Algorithm::RS256, "rsa-1", &claims("mallory"));
    let challenge = refused(&Caller::bearer(&host, &rs), "RS256 without JWKS").await;
    assert!(challenge.contains("not accepted"), "{challenge}");
    // HTTP+JSON answers the same token the same way.
    let resp = Caller::bearer(&host, &none)
        .rest("GET", "/tasks", None)
        .await;
    super::assert_rest_401(&resp, "alg none over HTTP+JSON");
}

#[tokio::test]
async fn jwks_keys_verify_rs256_and_es256_and_a_rotation_is_picked_up() {
    let keys = KeyServer::start(&["rsa-1", "ec-1"]).await;
    let config = format!("jwks_url = \"{}\"\njwks_min_refresh_s = 0", keys.url);
    let host = host_with(&jwt_section(&config)).await;
    let rs = with_key("rsa-1", Algorithm::RS256, "rsa-1", &claims("dave"));
    assert_eq!(principal(&Caller::bearer(&host, &rs)).await, "dave");
    let es = with_key("ec-1", Algorithm::ES256, "ec-1", &claims("erin"));
    assert_eq!(principal(&Caller::bearer(&host, &es)).await, "erin");
    assert_eq!(keys.fetches(), 1, "known keys are served from the cache");

    let stranger = with_key("rsa-stranger", Algorithm::RS256, "rsa-1", &claims("dave"));
    let challenge = refused(&Caller::bearer(&host, &stranger), "wrong key").await;
    assert!(challenge.contains("signature"), "{challenge}");
    let confused = with_key("ec-1", Algorithm::ES256, "rsa-1", &claims("dave"));
    let challenge = refused(&Caller::bearer(&host, &confused), "alg mismatch").await;
    assert!(challenge.contains("does not match"), "{challenge}");

    keys.rotate(&["rsa-2"]);
    let rotated = with_key("rsa-2", Algorithm::RS256, "rsa-2", &claims("dave"));
    assert_eq!(principal(&Caller::bearer(&host, &rotated)).await, "dave");
    let retired = refused(&Caller::bearer(&host, &rs), "retired key").await;
    assert!(retired.contains("unknown"), "{retired}");
}

#[tokio::test]
async fn unknown_kids_cannot_make_the_host_hammer_the_key_server() {
    let keys = KeyServer::start(&["rsa-1"]).await;
    let config = format!("jwks_url = \"{}\"\njwks_min_refresh_s = 3600", keys.url);
    let host = host_with(&jwt_section(&config)).await;
    let rs = with_key("rsa-1", Algorithm::RS256, "rsa-1", &claims("dave"));
    assert_eq!(principal(&Caller::bearer(&host, &rs)).await, "dave");
    keys.rotate(&["rsa-2"]);
    for n in 0..5 {
        let made_up = with_key("rsa-2", Algorithm::RS256, &format!("kid-{n}"), &claims("x"));
        refused(&Caller::bearer(&host, &made_up), "made-up kid").await;
    }
    assert_eq!(
        keys.fetches(),
        1,
        "within jwks_min_refresh_s, one fetch in all"
    );
    // The cached key still works meanwhile.
    assert_eq!(principal(&Caller::bearer(&host, &rs)).await, "dave");
}
