//! [`Jwks`]: the RS256/ES256 keys of a JWKS URL, by `kid`.
//!
//! Keys are fetched on first use and kept for `max_age`. A token whose `kid` is not among
//! them triggers a fetch at once (the issuer has rotated its keys), but fetches are at
//! least `min_refresh` apart, so made-up key ids cannot flood the key server. A failed
//! fetch keeps the keys there were; its cause is logged, never sent to a client.

use std::collections::HashMap;
use std::time::Instant;

use jsonwebtoken::jwk::{Jwk, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey};
use serde::Deserialize;
use tokio::sync::Mutex;

use super::{JwksConfig, Refusal};

/// The largest JWKS document read: key sets are a few KiB.
const MAX_BYTES: usize = 256 << 10;

pub(super) struct Jwks {
    config: JwksConfig,
    http: reqwest::Client,
    /// Held across a fetch, so that concurrent misses wait for one fetch.
    cache: Mutex<Cache>,
}

#[derive(Default)]
struct Cache {
    keys: HashMap<String, Key>,
    /// When the keys were last fetched successfully.
    fetched: Option<Instant>,
    /// When a fetch was last tried, successful or not.
    tried: Option<Instant>,
}

#[derive(Clone)]
struct Key {
    key: DecodingKey,
    /// The algorithm the JWK declares, if it does (as its name, such as `RS256`).
    alg: Option<String>,
}

/// A JWKS document, each key parsed on its own so one unknown key type spoils nothing.
#[derive(Deserialize)]
struct Document {
    keys: Vec<serde_json::Value>,
}

impl Jwks {
    pub(super) fn new(config: JwksConfig) -> Self {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .no_proxy()
            .build()
            .unwrap_or_default();
        Self {
            config,
            http,
            cache: Mutex::new(Cache::default()),
        }
    }

    /// The key `kid` names, for a token signed with `alg`.
    pub(super) async fn key(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
    ) -> Result<DecodingKey, Refusal> {
        let kid = kid.ok_or(Refusal::BadToken("the token names no key (kid)"))?;
        let mut cache = self.cache.lock().await;
        let stale = (cache.fetched).is_none_or(|at| at.elapsed() >= self.config.max_age);
        if stale || !cache.keys.contains_key(kid) {
            self.refresh(&mut cache).await;
        }
        let key = cache.keys.get(kid).cloned();
        let key = key.ok_or(Refusal::BadToken("the token's key (kid) is unknown"))?;
        let name = format!("{alg:?}");
        if key.alg.as_ref().is_some_and(|declared| *declared != name) {
            return Err(Refusal::BadToken(
                "the token's algorithm does not match its key",
            ));
        }
        Ok(key.key)
    }

    /// Fetches the keys again, unless the last try was less than `min_refresh` ago.
    async fn refresh(&self, cache: &mut Cache) {
        if cache
            .tried
            .is_some_and(|at| at.elapsed() < self.config.min_refresh)
        {
            return;
        }
        cache.tried = Some(Instant::now());
        match self.fetch().await {
            Ok(keys) => {
                cache.keys = keys;
                cache.fetched = Some(Instant::now());
            }
            Err(e) => tracing::warn!(url = %self.config.url, error = %e, "JWKS fetch failed"),
        }
    }

    async fn fetch(&self) -> Result<HashMap<String, Key>, String> {
        let mut resp = (self.http.get(&self.config.url).send().await)
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| e.to_string())?;
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| e.to_string())? {
            body.extend_from_slice(&chunk);
            if body.len() > MAX_BYTES {
                return Err(format!("the JWKS is larger than {MAX_BYTES} bytes"));
            }
        }
        let doc: Document = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        Ok(doc.keys.into_iter().filter_map(key).collect())
    }
}

/// A signing key with a `kid`, or nothing (encryption keys, unknown types, no `kid`).
fn key(value: serde_json::Value) -> Option<(String, Key)> {
    let jwk: Jwk = serde_json::from_value(value).ok()?;
    if matches!(jwk.common.public_key_use, Some(PublicKeyUse::Encryption)) {
        return None;
    }
    let kid = jwk.common.key_id.clone()?;
    let alg = jwk.common.key_algorithm.map(|a| format!("{a:?}"));
    let key = DecodingKey::from_jwk(&jwk).ok()?;
    Some((kid, Key { key, alg }))
}
