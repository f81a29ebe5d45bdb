//! Timestamps as A2A writes them: ISO-8601 in UTC, millisecond precision, `Z` suffix.

use time::OffsetDateTime;
use time::macros::format_description;

/// The current time, such as `2026-11-22T09:30:00.123Z`.
pub fn now() -> String {
    format(OffsetDateTime::now_utc())
}

/// Formats `t` (converted to UTC).
pub fn format(t: OffsetDateTime) -> String {
    let fmt =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    t.to_offset(time::UtcOffset::UTC)
        .format(&fmt)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".to_string())
}

/// Parses an RFC 3339 timestamp (any offset) and writes it in the form [`now`] uses, so
/// timestamps compare as strings.
pub fn normalize(text: &str) -> Option<String> {
    let t = OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?;
    Some(format(t))
}

/// An HTTP date (RFC 9110 IMF-fixdate), such as `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date(t: OffsetDateTime) -> String {
    let fmt = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    t.to_offset(time::UtcOffset::UTC)
        .format(&fmt)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn normalizes_offsets_to_utc() {
        assert_eq!(
            super::normalize("2026-11-22T10:30:00+01:00").as_deref(),
            Some("2026-11-22T09:30:00.000Z")
        );
        assert_eq!(super::normalize("yesterday"), None);
    }

    #[test]
    fn http_dates_use_gmt() {
        let t = time::macros::datetime!(1994-11-06 08:49:37 UTC);
        assert_eq!(super::http_date(t), "Sun, 06 Nov 1994 08:49:37 GMT");
    }

    #[test]
    fn has_the_iso_shape() {
        let t = time::macros::datetime!(2026-11-22 09:30:00.123456 UTC);
        assert_eq!(super::format(t), "2026-11-22T09:30:00.123Z");
    }
}
