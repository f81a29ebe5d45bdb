//! API keys: a secret in a named header stands for a principal.
//!
//! Keys are held as SHA-256 digests and looked up by the digest of what the client sent, so
//! the lookup's timing depends on the digest, which tells an attacker nothing about a key,
//! and the keys themselves are not kept in memory after start.

use std::collections::HashMap;

use axum::http::HeaderName;
use sha2::{Digest, Sha256};

use super::{ApiKeyConfig, Refusal};

pub(super) struct ApiKeys {
    header: HeaderName,
    /// The header as configured, for the card and the challenge (`HeaderName` is lower case).
    shown: String,
    /// Digest of each key to its principal.
    principals: HashMap<[u8; 32], String>,
}

impl ApiKeys {
    /// The header name is checked when the config is read; an invalid one here falls back
    /// to the default header rather than fail the host.
    pub(super) fn new(config: ApiKeyConfig) -> Self {
        let (header, shown) = match HeaderName::try_from(config.header.as_str()) {
            Ok(header) => (header, config.header),
            Err(_) => (HeaderName::from_static("x-api-key"), "X-API-Key".into()),
        };
        let principals = (config.keys.into_iter())
            .map(|k| (digest(k.key.as_bytes()), k.principal))
            .collect();
        Self {
            header,
            shown,
            principals,
        }
    }

    pub(super) fn header(&self) -> &HeaderName {
        &self.header
    }

    /// The scheme's name in the card and in `WWW-Authenticate`.
    pub(super) fn header_name(&self) -> &str {
        &self.shown
    }

    pub(super) fn principal(&self, key: &[u8]) -> Result<String, Refusal> {
        (self.principals.get(&digest(key)).cloned()).ok_or(Refusal::BadKey)
    }
}

fn digest(key: &[u8]) -> [u8; 32] {
    Sha256::digest(key).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::ApiKey;

    #[test]
    fn a_key_maps_to_its_principal_and_nothing_else_does() {
        let keys = ApiKeys::new(ApiKeyConfig {
            header: "X-API-Key".into(),
            keys: vec![ApiKey {
                key: "k-alice".into(),
                principal: "alice".into(),
            }],
        });
        assert_eq!(keys.principal(b"k-alice"), Ok("alice".into()));
        assert_eq!(keys.principal(b"k-alic"), Err(Refusal::BadKey));
        assert_eq!(keys.header_name(), "X-API-Key");
    }
}
