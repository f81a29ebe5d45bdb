//! Who is calling: every A2A call of both bindings is authenticated here, before its body is
//! read, and becomes a [`Principal`] on the typed call. Anonymous access is the default and
//! ends as soon as a scheme is configured (unless the config keeps it on explicitly).
//!
//! - `keys`: API keys in a named header, each mapped to a principal.
//! - `jwt`: bearer JWTs, HS256 with a shared key or RS256/ES256 with keys from a JWKS URL
//!   (`jwks`: cached, refreshed on an unknown `kid`, refreshes rate-limited).
//! - `challenge`: the 401 answer, with `WWW-Authenticate`, and the card's `securitySchemes`.
//!
//! The Agent Card itself stays public: its routes do not pass here.

mod challenge;
mod jwks;
mod jwt;
mod keys;

use std::time::Duration;

use axum::http::{HeaderMap, header};
use skillhost_types::{A2aError, Principal};

pub(crate) use challenge::{challenge, security, unauthenticated};

/// How callers authenticate. The default authenticates no one: every caller is anonymous.
#[derive(Debug, Clone, Default)]
pub struct AuthConfig {
    /// Whether a call without credentials is served, as the anonymous principal. `None`:
    /// only when no scheme is configured. Credentials that fail are refused either way.
    pub allow_anonymous: Option<bool>,
    /// API keys, if that scheme is on.
    pub api_keys: Option<ApiKeyConfig>,
    /// Bearer JWTs, if that scheme is on.
    pub jwt: Option<JwtConfig>,
}

/// API keys sent in one request header.
#[derive(Debug, Clone)]
pub struct ApiKeyConfig {
    /// The header, such as `X-API-Key`.
    pub header: String,
    /// Each key with the principal it authenticates as.
    pub keys: Vec<ApiKey>,
}

/// One API key.
#[derive(Clone)]
pub struct ApiKey {
    /// The secret the client sends.
    pub key: String,
    /// The principal it stands for: the owner of the tasks created with it.
    pub principal: String,
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A key never reaches a log.
        f.debug_struct("ApiKey")
            .field("principal", &self.principal)
            .finish_non_exhaustive()
    }
}

/// Bearer JWTs: the claims every token must carry, and where its keys come from.
#[derive(Clone)]
pub struct JwtConfig {
    /// The `iss` every token must name.
    pub issuer: String,
    /// The `aud` every token must include.
    pub audience: String,
    /// Clock skew allowed on `exp` and `nbf`.
    pub leeway: Duration,
    /// The HS256 shared key, if HS256 tokens are accepted.
    pub hs256_secret: Option<Vec<u8>>,
    /// The JWKS, if RS256 and ES256 tokens are accepted.
    pub jwks: Option<JwksConfig>,
}

impl std::fmt::Debug for JwtConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtConfig")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("hs256", &self.hs256_secret.is_some())
            .field("jwks", &self.jwks)
            .finish()
    }
}

/// Where RS256/ES256 keys come from, and how often they are fetched again.
#[derive(Debug, Clone)]
pub struct JwksConfig {
    /// The JWKS document's URL.
    pub url: String,
    /// How long fetched keys are used before they are fetched again.
    pub max_age: Duration,
    /// The least time between two fetches, however many unknown `kid`s arrive: a flood of
    /// made-up key ids cannot turn into a flood of requests to the key server.
    pub min_refresh: Duration,
    /// How long one fetch may take.
    pub timeout: Duration,
}

/// The authentication layer, built once from an [`AuthConfig`].
pub struct Authenticator {
    anonymous: bool,
    keys: Option<keys::ApiKeys>,
    jwt: Option<jwt::Verifier>,
}

/// Why a call was refused; each becomes a 401.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// No credentials, and anonymous calls are off.
    Missing,
    /// An API key that is not configured.
    BadKey,
    /// A bearer token that did not verify; the reason is safe to tell the client.
    BadToken(&'static str),
}

impl Authenticator {
    /// The layer for `config`.
    pub fn new(config: AuthConfig) -> Self {
        let schemes = config.api_keys.is_some() || config.jwt.is_some();
        Self {
            anonymous: config.allow_anonymous.unwrap_or(!schemes),
            keys: config.api_keys.map(keys::ApiKeys::new),
            jwt: config.jwt.map(jwt::Verifier::new),
        }
    }

    /// Whether any scheme is configured (and so the card declares it, and the extended
    /// card is offered).
    pub(crate) fn enabled(&self) -> bool {
        self.keys.is_some() || self.jwt.is_some()
    }

    /// The caller of a request with `headers`. A bearer token is checked if one is sent,
    /// else an API key; a request with neither is anonymous, if that is allowed.
    pub(crate) async fn authenticate(&self, headers: &HeaderMap) -> Result<Principal, A2aError> {
        self.principal(headers)
            .await
            .map_err(|refusal| unauthenticated(self, refusal))
    }

    async fn principal(&self, headers: &HeaderMap) -> Result<Principal, Refusal> {
        if let (Some(jwt), Some(token)) = (&self.jwt, bearer(headers)) {
            return jwt.verify(token).await.map(Principal::authenticated);
        }
        if let Some(keys) = &self.keys
            && let Some(key) = headers.get(keys.header())
        {
            return keys.principal(key.as_bytes()).map(Principal::authenticated);
        }
        if self.anonymous {
            Ok(Principal::anonymous())
        } else {
            Err(Refusal::Missing)
        }
    }
}

/// The token of an `Authorization: Bearer <token>` header (the scheme is case-insensitive).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bearer_scheme_is_case_insensitive_and_needs_a_token() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, v.parse().expect("value"));
            h
        };
        assert_eq!(bearer(&with("Bearer abc")), Some("abc"));
        assert_eq!(bearer(&with("bearer  abc ")), Some("abc"));
        assert_eq!(bearer(&with("Basic abc")), None);
        assert_eq!(bearer(&with("Bearer ")), None);
    }
}
