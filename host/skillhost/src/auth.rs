//! `[auth]` of `skillhost.toml`: how callers authenticate, and its defaults. Nothing
//! configured means anonymous access (what `scripts/serve` runs with); configuring a
//! scheme switches anonymous access off unless `allow_anonymous = true` keeps it.
//!
//! Secrets (API keys, the HS256 key) come inline, from an environment variable
//! (`*_env`) or from a file (`*_file`, trimmed), so none needs to sit in the file itself.

use std::time::Duration;

use serde::Deserialize;
use skillhost_server::{ApiKey, ApiKeyConfig, AuthConfig, JwksConfig, JwtConfig};
use skillhost_types::principal::ANONYMOUS;

use crate::config::ConfigError;

/// The header API keys come in unless `api_key_header` names another.
pub const DEFAULT_API_KEY_HEADER: &str = "X-API-Key";
/// Clock skew allowed on a token's `exp` and `nbf` unless `leeway_s` says otherwise.
pub const DEFAULT_LEEWAY: Duration = Duration::from_secs(30);
/// How long fetched JWKS keys are used (`jwks_max_age_s`).
pub const DEFAULT_JWKS_MAX_AGE: Duration = Duration::from_secs(300);
/// The least time between two JWKS fetches (`jwks_min_refresh_s`).
pub const DEFAULT_JWKS_MIN_REFRESH: Duration = Duration::from_secs(10);
/// How long one JWKS fetch may take (`jwks_timeout_s`).
pub const DEFAULT_JWKS_TIMEOUT: Duration = Duration::from_secs(5);
/// The shortest HS256 key accepted: the hash's size, as RFC 7518 §3.2 requires.
const MIN_HS256_BYTES: usize = 32;

/// `[auth]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthToml {
    /// Serve calls without credentials as `anonymous`. Default: true when no scheme is
    /// configured, false otherwise.
    pub allow_anonymous: Option<bool>,
    /// The API key header. Default `X-API-Key`.
    pub api_key_header: Option<String>,
    /// API keys; none by default (the scheme is off).
    #[serde(default)]
    pub api_keys: Vec<ApiKeyToml>,
    /// Bearer JWTs; off by default.
    pub jwt: Option<JwtToml>,
}

/// One entry of `api_keys`: its principal, and the key from exactly one place.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKeyToml {
    /// The principal the key stands for (the owner of the tasks created with it).
    pub principal: String,
    /// The key itself.
    pub key: Option<String>,
    /// An environment variable holding the key.
    pub key_env: Option<String>,
    /// A file holding the key.
    pub key_file: Option<std::path::PathBuf>,
}

/// `[auth.jwt]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JwtToml {
    /// The `iss` every token must carry. Required.
    pub issuer: String,
    /// The `aud` every token must include. Required.
    pub audience: String,
    /// Clock skew allowed on `exp` and `nbf`, in seconds. Default 30.
    pub leeway_s: Option<u64>,
    /// The HS256 shared key (at least 32 bytes), inline…
    pub hs256_secret: Option<String>,
    /// …or from an environment variable…
    pub hs256_secret_env: Option<String>,
    /// …or from a file.
    pub hs256_secret_file: Option<std::path::PathBuf>,
    /// Where RS256/ES256 keys are fetched from (http or https).
    pub jwks_url: Option<String>,
    /// How long fetched keys are used, in seconds. Default 300.
    pub jwks_max_age_s: Option<u64>,
    /// The least time between fetches, in seconds (0: none). Default 10.
    pub jwks_min_refresh_s: Option<u64>,
    /// How long one fetch may take, in seconds. Default 5.
    pub jwks_timeout_s: Option<u64>,
}

// Secrets never reach a log: what is printed is where they come from.
impl std::fmt::Debug for ApiKeyToml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiKeyToml")
            .field("principal", &self.principal)
            .field("key_env", &self.key_env)
            .field("key_file", &self.key_file)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for JwtToml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtToml")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("hs256_secret_env", &self.hs256_secret_env)
            .field("hs256_secret_file", &self.hs256_secret_file)
            .field("jwks_url", &self.jwks_url)
            .finish_non_exhaustive()
    }
}

/// Resolves `[auth]`: reads the secrets and checks every value.
pub fn resolve(file: AuthToml) -> Result<AuthConfig, ConfigError> {
    let api_keys = match file.api_keys.is_empty() {
        true => None,
        false => Some(api_keys(file.api_key_header, file.api_keys)?),
    };
    let jwt = file.jwt.map(jwt).transpose()?;
    Ok(AuthConfig {
        allow_anonymous: file.allow_anonymous,
        api_keys,
        jwt,
    })
}

fn api_keys(header: Option<String>, keys: Vec<ApiKeyToml>) -> Result<ApiKeyConfig, ConfigError> {
    let header = header.unwrap_or_else(|| DEFAULT_API_KEY_HEADER.into());
    if axum::http::HeaderName::try_from(header.as_str()).is_err() {
        return Err(invalid(format!(
            "auth.api_key_header {header:?} is not a header name"
        )));
    }
    let keys = keys.into_iter().map(api_key).collect::<Result<_, _>>()?;
    Ok(ApiKeyConfig { header, keys })
}

fn api_key(entry: ApiKeyToml) -> Result<ApiKey, ConfigError> {
    let what = format!("the API key of principal {:?}", entry.principal);
    if entry.principal.is_empty() || entry.principal == ANONYMOUS {
        return Err(invalid(format!(
            "{what}: the principal must be named, and not {ANONYMOUS:?}"
        )));
    }
    let key = secret(&what, entry.key, entry.key_env, entry.key_file)?;
    Ok(ApiKey {
        key,
        principal: entry.principal,
    })
}

fn jwt(file: JwtToml) -> Result<JwtConfig, ConfigError> {
    if file.issuer.is_empty() || file.audience.is_empty() {
        return Err(invalid("auth.jwt: issuer and audience must not be empty"));
    }
    let given = file.hs256_secret.is_some()
        || file.hs256_secret_env.is_some()
        || file.hs256_secret_file.is_some();
    let hs256_secret = match given {
        false => None,
        true => Some(hs256(
            file.hs256_secret,
            file.hs256_secret_env,
            file.hs256_secret_file,
        )?),
    };
    let periods = [
        file.jwks_max_age_s,
        file.jwks_min_refresh_s,
        file.jwks_timeout_s,
    ];
    let jwks = file.jwks_url.map(|url| jwks(url, periods)).transpose()?;
    if hs256_secret.is_none() && jwks.is_none() {
        return Err(invalid(
            "auth.jwt needs an HS256 key (hs256_secret*) or a jwks_url",
        ));
    }
    Ok(JwtConfig {
        issuer: file.issuer,
        audience: file.audience,
        leeway: file.leeway_s.map_or(DEFAULT_LEEWAY, Duration::from_secs),
        hs256_secret,
        jwks,
    })
}

fn hs256(
    inline: Option<String>,
    env: Option<String>,
    path: Option<std::path::PathBuf>,
) -> Result<Vec<u8>, ConfigError> {
    let key = secret("auth.jwt's HS256 key", inline, env, path)?;
    if key.len() < MIN_HS256_BYTES {
        return Err(invalid(format!(
            "auth.jwt's HS256 key must be at least {MIN_HS256_BYTES} bytes"
        )));
    }
    Ok(key.into_bytes())
}

/// The JWKS settings; `periods` are `jwks_max_age_s`, `jwks_min_refresh_s` and
/// `jwks_timeout_s` as given.
fn jwks(url: String, periods: [Option<u64>; 3]) -> Result<JwksConfig, ConfigError> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(invalid(format!(
            "auth.jwt.jwks_url {url:?} must be http(s)"
        )));
    }
    let [max_age, min_refresh, timeout] = periods;
    let secs = |v: Option<u64>, d: Duration| v.map_or(d, Duration::from_secs);
    Ok(JwksConfig {
        url,
        max_age: secs(max_age, DEFAULT_JWKS_MAX_AGE),
        min_refresh: secs(min_refresh, DEFAULT_JWKS_MIN_REFRESH),
        timeout: secs(timeout, DEFAULT_JWKS_TIMEOUT).max(Duration::from_secs(1)),
    })
}

/// A secret from exactly one of: inline, an environment variable, a file (trimmed).
pub(crate) fn secret(
    what: &str,
    inline: Option<String>,
    env: Option<String>,
    path: Option<std::path::PathBuf>,
) -> Result<String, ConfigError> {
    let value = match (inline, env, path) {
        (Some(v), None, None) => v,
        (None, Some(var), None) => std::env::var(&var)
            .map_err(|_| invalid(format!("{what}: environment variable {var} is not set")))?,
        (None, None, Some(p)) => std::fs::read_to_string(&p)
            .map_err(|e| invalid(format!("{what}: cannot read {}: {e}", p.display())))?
            .trim()
            .to_string(),
        _ => {
            return Err(invalid(format!(
                "{what}: give exactly one of the value, *_env, *_file"
            )));
        }
    };
    if value.is_empty() {
        return Err(invalid(format!("{what} is empty")));
    }
    Ok(value)
}

fn invalid(message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid(message.into())
}
