//! `[inspector]` of `skillhost.toml`: the operator's live page at `/inspector` (see
//! `skillhost_server::inspector`), and its defaults.
//!
//! ```toml
//! [inspector]
//! enabled = false              # the default: no /inspector routes at all (404)
//! token_env = "INSPECTOR_TOKEN" # the admin token: `token`, `token_env` or `token_file`
//! ```
//!
//! On a loopback listener (127.0.0.0/8, ::1) the inspector may run without a token: only
//! this machine reaches it. On any other address `enabled = true` without a token is a
//! config error, and every API request must carry the token. The inspector sees every
//! owner's tasks; that is why it is off by default and behind the token elsewhere.

use std::net::SocketAddr;

use axum::Router;
use serde::Deserialize;
use skillhost_server::{AppState, InspectorConfig};

use crate::config::ConfigError;

/// `[inspector]`.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InspectorToml {
    /// Serve the inspector. Default false. Example: `enabled = true`.
    pub enabled: Option<bool>,
    /// The admin token, inline…
    pub token: Option<String>,
    /// …or from an environment variable…
    pub token_env: Option<String>,
    /// …or from a file (trimmed).
    pub token_file: Option<std::path::PathBuf>,
}

// The token never reaches a log: what is printed is where it comes from.
impl std::fmt::Debug for InspectorToml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InspectorToml")
            .field("enabled", &self.enabled)
            .field("token_env", &self.token_env)
            .field("token_file", &self.token_file)
            .finish_non_exhaustive()
    }
}

/// Resolves `[inspector]` for a host listening on `listen` (`None`: the default,
/// 127.0.0.1): `None` when it is off.
pub fn resolve(
    file: InspectorToml,
    listen: Option<SocketAddr>,
) -> Result<Option<InspectorConfig>, ConfigError> {
    if !file.enabled.unwrap_or(false) {
        return Ok(None);
    }
    let given = file.token.is_some() || file.token_env.is_some() || file.token_file.is_some();
    let token = match given {
        true => Some(crate::auth::secret(
            "inspector.token",
            file.token,
            file.token_env,
            file.token_file,
        )?),
        false => None,
    };
    let loopback = listen.is_none_or(|a| a.ip().is_loopback());
    if token.is_none() && !loopback {
        let addr = listen.map_or_else(String::new, |a| format!(" {a}"));
        return Err(ConfigError::Invalid(format!(
            "inspector.enabled on the non-loopback listener{addr} needs a token \
             (inspector.token, token_env or token_file), or turn it off (--inspector=false)"
        )));
    }
    Ok(Some(InspectorConfig { token }))
}

/// `router` with the inspector's routes beside it, if the inspector is on.
pub fn mount(router: Router, state: AppState, config: Option<&InspectorConfig>) -> Router {
    match config {
        Some(config) => router.merge(skillhost_server::inspector::router(state, config.clone())),
        None => router,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(token: Option<&str>) -> InspectorToml {
        InspectorToml {
            enabled: Some(true),
            token: token.map(Into::into),
            ..InspectorToml::default()
        }
    }

    #[test]
    fn off_unless_enabled_and_open_only_on_loopback() {
        let public = Some(SocketAddr::from(([0, 0, 0, 0], 8080)));
        assert!(
            resolve(InspectorToml::default(), public)
                .expect("ok")
                .is_none()
        );
        assert!(resolve(on(None), None).expect("loopback").is_some());
        let v6 = Some(SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 8080)));
        assert!(resolve(on(None), v6).expect("::1").is_some());
        let err = resolve(on(None), public).expect_err("public without token");
        assert!(err.to_string().contains("needs a token"), "{err}");
        let with = resolve(on(Some("t0ken")), public).expect("ok").expect("on");
        assert_eq!(with.token.as_deref(), Some("t0ken"));
        assert!(
            resolve(on(Some("")), public).is_err(),
            "an empty token is refused"
        );
    }
}
