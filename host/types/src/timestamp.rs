//! Timestamps as A2A writes them: ISO-8601 in UTC with a `Z` suffix, in microseconds
//! (ProtoJSON allows 0, 3, 6 or 9 fractional digits).

use std::sync::atomic::{AtomicI64, Ordering};

use time::OffsetDateTime;
use time::macros::format_description;

/// The last timestamp handed out, in microseconds since the epoch.
static LAST_MICROS: AtomicI64 = AtomicI64::new(0);

/// The current time, such as `2026-11-22T09:30:00.123456Z`.
///
/// Strictly increasing within the process: a later call never returns an earlier or equal
/// time, even if the wall clock steps back. Tasks sort by status timestamp, so this gives
/// them the order in which things happened on this host.
pub fn now() -> String {
    from_micros(now_micros())
}

/// The current time in microseconds since the Unix epoch, strictly increasing like [`now`]:
/// the instant that stores keep and compare, of which [`now`] is the text.
pub fn now_micros() -> i64 {
    let wall = (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1000) as i64;
    let mut last = LAST_MICROS.load(Ordering::Relaxed);
    loop {
        let next = wall.max(last + 1);
        match LAST_MICROS.compare_exchange_weak(last, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return next,
            Err(seen) => last = seen,
        }
    }
}

/// The text of an instant given in microseconds since the Unix epoch.
pub fn from_micros(micros: i64) -> String {
    let t = OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    format(t)
}

/// The instant of an RFC 3339 timestamp (any offset), in microseconds since the Unix epoch.
pub fn micros(text: &str) -> Option<i64> {
    let t = OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1000).ok()
}

/// The time `d` ago, in the same form as [`now`].
pub fn ago(d: std::time::Duration) -> String {
    format(OffsetDateTime::now_utc() - d)
}

/// Formats `t` (converted to UTC).
pub fn format(t: OffsetDateTime) -> String {
    let fmt =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");
    t.to_offset(time::UtcOffset::UTC)
        .format(&fmt)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000000Z".to_string())
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
            Some("2026-11-22T09:30:00.000000Z")
        );
        assert_eq!(super::normalize("yesterday"), None);
    }

    #[test]
    fn now_never_repeats_or_goes_back() {
        let stamps: Vec<String> = (0..1000).map(|_| super::now()).collect();
        assert!(stamps.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn micros_round_trip_through_text() {
        let now = super::now_micros();
        assert_eq!(super::micros(&super::from_micros(now)), Some(now));
        assert_eq!(
            super::micros("2026-11-22T10:30:00+01:00"),
            Some(1_795_339_800_000_000)
        );
    }

    #[test]
    fn http_dates_use_gmt() {
        let t = time::macros::datetime!(1994-11-06 08:49:37 UTC);
        assert_eq!(super::http_date(t), "Sun, 06 Nov 1994 08:49:37 GMT");
    }

    #[test]
    fn has_the_iso_shape() {
        let t = time::macros::datetime!(2026-11-22 09:30:00.123456 UTC);
        assert_eq!(super::format(t), "2026-11-22T09:30:00.123456Z");
    }
}
