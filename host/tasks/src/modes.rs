//! Media type matching for a skill's input modes.

/// Whether `media_type` (parameters ignored, case-insensitive) matches one of `accepted`,
/// which may hold exact types, `type/*` wildcards or `*/*`.
pub(crate) fn accepts(accepted: &[String], media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    accepted.iter().any(|mode| {
        let mode = mode.trim();
        mode == "*/*"
            || mode == "*"
            || mode.eq_ignore_ascii_case(essence)
            || mode.strip_suffix("/*").is_some_and(|major| {
                essence
                    .split('/')
                    .next()
                    .is_some_and(|m| m.eq_ignore_ascii_case(major))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::accepts;

    #[test]
    fn exact_wildcard_and_parameters() {
        let modes = vec!["text/*".to_string(), "application/json".to_string()];
        assert!(accepts(&modes, "text/csv; charset=utf-8"));
        assert!(accepts(&modes, "Application/JSON"));
        assert!(!accepts(&modes, "image/png"));
        assert!(accepts(&["*/*".to_string()], "application/x-anything"));
        assert!(!accepts(&[], "text/plain"));
    }
}
