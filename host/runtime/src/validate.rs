//! Checks on what a skill sends that reaches clients as it is: media types, file names, URLs
//! and the metadata keys the host owns. Each check returns the broken rule as text for a
//! `contractViolation`; the caller names the field.

pub use skillhost_types::skill::{FAILURE_KIND, RESERVED_METADATA_KEYS};

/// URL schemes a skill may hand to clients: ones a client can fetch without trusting the
/// skill with anything local (`file:`, `javascript:` and the like are refused).
pub const URL_SCHEMES: &[&str] = &["https", "http", "data"];

/// Longest media type and file name a skill may send, in bytes.
const MAX_NAME: usize = 255;

/// A media type as RFC 6838 and RFC 9110 write it: `type/subtype`, optionally followed by
/// `; name=value` parameters (a token or a quoted string).
pub(crate) fn media_type(s: &str) -> Result<(), String> {
    let bad = || {
        Err(format!(
            "{s:?} is not a media type (type/subtype[; name=value])"
        ))
    };
    if s.len() > MAX_NAME {
        return Err(format!("is longer than {MAX_NAME} bytes"));
    }
    if s.chars().any(char::is_control) {
        return bad();
    }
    let mut params = s.split(';');
    let essence = params.next().unwrap_or("").trim();
    let Some((ty, sub)) = essence.split_once('/') else {
        return bad();
    };
    if !restricted_name(ty) || !restricted_name(sub) {
        return bad();
    }
    for param in params {
        let Some((name, value)) = param.trim().split_once('=') else {
            return bad();
        };
        if !token(name) || !(token(value) || quoted(value)) {
            return bad();
        }
    }
    Ok(())
}

/// RFC 6838 §4.2: a letter or digit, then up to 126 of letters, digits and `!#$&-^_.+`.
fn restricted_name(s: &str) -> bool {
    let ok = |c: char| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c);
    s.len() <= 127 && s.starts_with(|c: char| c.is_ascii_alphanumeric()) && s.chars().all(ok)
}

/// RFC 9110 §5.6.2 `token`.
fn token(s: &str) -> bool {
    let ok = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    !s.is_empty() && s.chars().all(ok)
}

/// RFC 9110 §5.6.4 `quoted-string`, without control characters.
fn quoted(s: &str) -> bool {
    s.len() >= 2 && s.starts_with('"') && s.ends_with('"') && !s.chars().any(|c| c.is_control())
}

/// A file name without the path a skill may have put before it (`../../etc/passwd` becomes
/// `passwd`): clients save files under this name. What is left must be a name.
pub(crate) fn filename(s: &str) -> Result<String, String> {
    let name = s.rsplit(['/', '\\']).next().unwrap_or("");
    if name.is_empty() || name == "." || name == ".." {
        return Err(format!("{s:?} has no file name after its path"));
    }
    if name.len() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(format!(
            "{s:?} must be at most {MAX_NAME} bytes with no control characters"
        ));
    }
    Ok(name.to_string())
}

/// A URL a client may follow: it parses, and its scheme is one of [`URL_SCHEMES`].
pub(crate) fn url(s: &str) -> Result<(), String> {
    let parsed = url::Url::parse(s).map_err(|e| format!("{s:?} is not a URL ({e})"))?;
    if !URL_SCHEMES.contains(&parsed.scheme()) {
        let allowed = URL_SCHEMES.join(", ");
        return Err(format!(
            "scheme `{}` is not allowed (only {allowed})",
            parsed.scheme()
        ));
    }
    Ok(())
}

/// Refuses metadata that sets a key the host owns.
pub(crate) fn metadata(map: &serde_json::Map<String, serde_json::Value>) -> Result<(), String> {
    match RESERVED_METADATA_KEYS
        .iter()
        .find(|k| map.contains_key(**k))
    {
        Some(key) => Err(format!("sets `{key}`, which only the host may set")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_follow_the_rfc_grammar() {
        for good in [
            "text/plain",
            "text/csv; charset=utf-8",
            "application/vnd.a+json",
        ] {
            assert!(media_type(good).is_ok(), "{good}");
        }
        let quoted = "text/plain; charset=\"utf-8\"";
        assert!(media_type(quoted).is_ok());
        for bad in [
            "text",
            "/plain",
            "text/",
            "te xt/plain",
            "text/plain; x",
            "a/b\n",
            "",
        ] {
            assert!(media_type(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn file_names_lose_their_path() {
        assert_eq!(filename("../../etc/passwd").as_deref(), Ok("passwd"));
        assert_eq!(filename("C:\\temp\\r.md").as_deref(), Ok("r.md"));
        assert_eq!(filename("report.md").as_deref(), Ok("report.md"));
        for bad in ["", "dir/", "..", "a/..", "a\nb"] {
            assert!(filename(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn only_web_and_data_urls_pass() {
        for good in [
            "https://a.example/x",
            "http://a.example",
            "data:text/plain,hi",
        ] {
            assert!(url(good).is_ok(), "{good}");
        }
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "relative/path",
            "",
        ] {
            assert!(url(bad).is_err(), "{bad:?}");
        }
    }
}
