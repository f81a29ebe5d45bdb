//! Which A2A version a request speaks.
//!
//! A request names its version in the `A2A-Version` header (or the `A2A-Version` query
//! parameter) as `Major.Minor`; a patch is ignored, and no version at all means 0.3 (A2A
//! §3.6.2). A 0.1 method (`tasks/send`, …) is recognised by its name, since 0.1 clients
//! predate the header. What each version's names and shapes map to is tabled in
//! [`skillhost_types::compat`].

use axum::http::HeaderMap;
use skillhost_types::compat::Dialect;
use skillhost_types::{A2aError, ErrorKind};

/// A protocol version this server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    /// A2A 1.0: PascalCase methods, ProtoJSON.
    V1_0,
    /// A2A 0.3 (and 0.2): `message/send`, `kind`-tagged JSON.
    V0_3,
    /// A2A 0.1: `tasks/send` with a client-chosen task id.
    V0_1,
    /// No version named: 0.3, as the spec says, except that a method 0.1 names too
    /// (`tasks/get`, …) may come from a 0.1 client, so its answer is written in a shape
    /// readers of both understand.
    V0_3Or0_1,
}

impl Version {
    /// How the version is written in headers and cards.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::V1_0 => "1.0",
            Self::V0_3 | Self::V0_3Or0_1 => "0.3",
            Self::V0_1 => "0.1",
        }
    }

    /// The older wire shape replies are written in; `None` for 1.0.
    pub(crate) fn dialect(self) -> Option<Dialect> {
        match self {
            Self::V1_0 => None,
            Self::V0_3 => Some(Dialect::V0_3),
            Self::V0_1 => Some(Dialect::V0_1),
            Self::V0_3Or0_1 => Some(Dialect::Either),
        }
    }
}

/// The versions a client may name in `A2A-Version`.
pub(crate) const NAMED: &str = "1.0, 0.3";

/// The version a request names: 1.0 or 0.3, [`Version::V0_3Or0_1`] when it names none, or
/// an error for anything else.
pub(crate) fn requested(headers: &HeaderMap, query: Option<&str>) -> Result<Version, A2aError> {
    let from_query = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .find_map(|kv| kv.strip_prefix("A2A-Version="));
    let requested = headers
        .get("a2a-version")
        .and_then(|v| v.to_str().ok())
        .or(from_query)
        .unwrap_or("")
        .trim();
    if requested.is_empty() {
        return Ok(Version::V0_3Or0_1);
    }
    let mut numbers = requested.split('.');
    match (numbers.next(), numbers.next()) {
        (Some("1"), Some("0")) => Ok(Version::V1_0),
        (Some("0"), Some("3")) => Ok(Version::V0_3),
        _ => Err(A2aError::new(
            ErrorKind::VersionNotSupported,
            format!("A2A version {requested:?} is not supported; this server speaks {NAMED}"),
        )
        .with("requestedVersion", requested)
        .with("supportedVersions", NAMED)),
    }
}

/// The error for a 1.0 method or path called without `A2A-Version: 1.0`.
pub(crate) fn needs_1_0(asked: Version) -> A2aError {
    let message = format!(
        "this is an A2A 1.0 method, and the request speaks {} (no A2A-Version header means 0.3): send A2A-Version: 1.0",
        asked.as_str()
    );
    A2aError::new(ErrorKind::VersionNotSupported, message)
        .with("requestedVersion", asked.as_str())
        .with("supportedVersions", NAMED)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(version: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            "A2A-Version",
            HeaderValue::from_str(version).expect("valid"),
        );
        h
    }

    #[test]
    fn versions_compare_major_minor_and_none_means_0_3() {
        let v = |h: &str| requested(&headers(h), None).map_err(|e| e.kind);
        assert_eq!(v("1.0"), Ok(Version::V1_0));
        assert_eq!(v("1.0.3"), Ok(Version::V1_0));
        assert_eq!(v("0.3"), Ok(Version::V0_3));
        assert_eq!(v(""), Ok(Version::V0_3Or0_1));
        let none = requested(&HeaderMap::new(), None).ok();
        assert_eq!(none.map(Version::as_str), Some("0.3"));
        let query = requested(&HeaderMap::new(), Some("x=1&A2A-Version=1.0"));
        assert_eq!(query.ok(), Some(Version::V1_0));
        for bad in ["99.0", "0.2", "1", "0.1"] {
            assert_eq!(v(bad), Err(ErrorKind::VersionNotSupported), "{bad}");
        }
    }
}
