//! What a value costs when a skill hands it to the host: the one price list behind the
//! per-run and per-task byte limits.
//!
//! Every field of every value counts (ids, names, descriptions, metadata, every part's
//! content, media type and file name) plus a fixed overhead per object, so that empty parts
//! and empty events are not free. The price is computed on the WIT values as they arrive,
//! before the host converts them, and it is never below what `skillhost_types::ApproxSize`
//! later says the converted value weighs: a run cannot grow its task past the task's limit
//! through a field one side counts and the other does not.

use crate::bindings::types as wit;

/// Charged per object (an event, a part, a metadata map, a JSON value): allocations and
/// bookkeeping that content length does not show. The same as `skillhost_types::size`.
pub(crate) const OBJECT: usize = 64;

/// What one value costs: its bytes, and how many parts it carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Bill {
    /// Bytes against the run's and the task's byte limits.
    pub(crate) bytes: usize,
    /// Parts, against the per-event part limit.
    pub(crate) parts: usize,
}

/// An event or a turn's result: the host's own wrapper (ids, timestamps) plus the value.
pub(crate) fn event(value: Bill) -> Bill {
    Bill {
        bytes: OBJECT + value.bytes,
        parts: value.parts,
    }
}

/// A status message or a turn's final reply.
pub(crate) fn reply(r: &wit::Reply) -> Bill {
    let parts = parts(&r.parts);
    Bill {
        bytes: OBJECT + parts.bytes + json(r.metadata.as_deref()),
        parts: parts.parts,
    }
}

/// An artifact or a chunk of one.
pub(crate) fn artifact(a: &wit::Artifact) -> Bill {
    let parts = parts(&a.parts);
    let bytes = OBJECT
        + a.artifact_id.len()
        + text(a.name.as_deref())
        + text(a.description.as_deref())
        + parts.bytes
        + json(a.metadata.as_deref());
    Bill {
        bytes,
        parts: parts.parts,
    }
}

/// The skill's own error: its reason becomes the failed task's status message.
pub(crate) fn skill_error(e: &wit::SkillError) -> Bill {
    Bill {
        bytes: OBJECT + e.reason.len(),
        parts: 1,
    }
}

fn parts(parts: &[wit::Part]) -> Bill {
    Bill {
        bytes: parts.iter().map(part).sum(),
        parts: parts.len(),
    }
}

fn part(p: &wit::Part) -> usize {
    let content = match &p.content {
        wit::PartContent::Text(s) | wit::PartContent::Url(s) => s.len(),
        wit::PartContent::Raw(r) => r.len(),
        wit::PartContent::Data(d) => json(Some(d)),
    };
    OBJECT
        + content
        + text(p.media_type.as_deref())
        + text(p.filename.as_deref())
        + json(p.metadata.as_deref())
}

fn text(s: Option<&str>) -> usize {
    s.map_or(0, str::len)
}

/// JSON text costs its bytes plus [`OBJECT`] for every value it may hold once parsed (one
/// more than its commas and opening brackets outside strings), so that `[0,0,0,…]`, cheap
/// as text and dear as a parsed tree, is priced as the tree. Counted before parsing, so an
/// oversized value is refused before the host builds it.
fn json(s: Option<&str>) -> usize {
    let Some(s) = s else { return 0 };
    let (mut values, mut in_string, mut escaped) = (1usize, false, false);
    for b in s.bytes() {
        match (in_string, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') => in_string = false,
            (true, false, _) => {}
            (false, _, b'"') => in_string = true,
            (false, _, b',' | b'[' | b'{') => values += 1,
            (false, _, _) => {}
        }
    }
    s.len().saturating_add(values.saturating_mul(OBJECT))
}

/// What a log record costs against the run's log budget: what it adds to the log, with
/// escaping and the ` key="value"` separators.
pub(crate) fn log(message: &str, fields: &[(String, String)]) -> usize {
    let escaped = |s: &str| s.escape_debug().map(char::len_utf8).sum::<usize>();
    let fields: usize = fields
        .iter()
        .map(|(k, v)| 4 + escaped(k) + escaped(v))
        .sum();
    escaped(message) + fields
}

#[cfg(test)]
mod tests;
