//! Finding the CSV in a turn: the newest user message that holds one wins, so a follow-up
//! turn ("rank by revenue") still finds the file sent with the first message.
//!
//! A part is CSV when it says so (a CSV media type or a `.csv` file name), or when its text
//! looks like CSV: a header of two or more fields and a first data row of the same width,
//! optionally inside a Markdown code fence, as agents often send it. Declared parts win over
//! sniffed ones, so a prose part that happens to contain a comma cannot shadow the real file.

use std::ops::Range;

use skillhost_sdk::{Message, Part, PartContent, Role, Turn};

use crate::parse::{Cells, Reader};

/// The message when no part holds CSV.
pub const NO_CSV: &str = "no CSV found: send it as a text/csv file or text part";

/// Media types that declare CSV; browsers on Windows send `.csv` files as the Excel one.
const CSV_TYPES: &[&str] = &[
    "text/csv",
    "application/csv",
    "text/comma-separated-values",
    "text/x-csv",
    "application/vnd.ms-excel",
];

/// The CSV found in a turn.
#[derive(Debug)]
pub struct Source<'a> {
    /// The CSV text.
    pub text: &'a str,
    /// The part's file name, if it has one.
    pub filename: Option<&'a str>,
    /// The message holding it.
    pub message: &'a Message,
    /// Which part of that message holds it, and which bytes of that part's text are CSV
    /// (the rest may be prose around a code fence, which can name the ranking column).
    pub part: usize,
    pub span: Range<usize>,
}

/// The CSV of the newest user message that has one, or a message for the client.
pub fn find_csv(turn: &Turn) -> Result<Source<'_>, String> {
    // Newest first. (`Turn::conversation` is oldest first and cannot be reversed.)
    let newest_first = std::iter::once(&turn.message).chain(turn.history.iter().rev());
    let users = newest_first.filter(|m| m.role == Role::User);
    for message in users {
        if let Some(source) = declared(message)? {
            return Ok(source);
        }
        if let Some(source) = sniffed(message) {
            return Ok(source);
        }
    }
    Err(NO_CSV.to_string())
}

/// The first part that declares itself CSV.
fn declared(message: &Message) -> Result<Option<Source<'_>>, String> {
    for (i, part) in message.parts.iter().enumerate() {
        if !declares_csv(part) {
            continue;
        }
        let text = match &part.content {
            PartContent::Text(text) => text.as_str(),
            PartContent::Raw(bytes) => utf8(bytes, part.filename.as_deref())?,
            _ => continue,
        };
        return Ok(Some(source(message, i, text, 0..text.len())));
    }
    Ok(None)
}

/// The first text (or untyped file) part whose content looks like CSV.
fn sniffed(message: &Message) -> Option<Source<'_>> {
    message.parts.iter().enumerate().find_map(|(i, part)| {
        let text = match &part.content {
            PartContent::Text(text) => text.as_str(),
            PartContent::Raw(bytes) if generic_type(part) => std::str::from_utf8(bytes).ok()?,
            _ => return None,
        };
        let span = fenced(text).unwrap_or(0..text.len());
        looks_like_csv(&text[span.clone()]).then(|| source(message, i, text, span))
    })
}

fn source<'a>(message: &'a Message, part: usize, text: &'a str, span: Range<usize>) -> Source<'a> {
    let filename = message.parts[part].filename.as_deref();
    Source {
        text: &text[span.clone()],
        filename,
        message,
        part,
        span,
    }
}

fn declares_csv(part: &Part) -> bool {
    let csv_type = media_type(part).is_some_and(|t| CSV_TYPES.contains(&t.as_str()));
    let csv_name = part
        .filename
        .as_deref()
        .is_some_and(|f| f.to_ascii_lowercase().ends_with(".csv"));
    csv_type || csv_name
}

/// Raw parts are only sniffed when nothing says they are something else (say, an image).
fn generic_type(part: &Part) -> bool {
    media_type(part).is_none_or(|t| t == "text/plain" || t == "application/octet-stream")
}

/// The media type, lowercased and without parameters such as `; charset=utf-8`.
fn media_type(part: &Part) -> Option<String> {
    let full = part.media_type.as_deref()?;
    Some(
        full.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase(),
    )
}

fn utf8<'a>(bytes: &'a [u8], filename: Option<&str>) -> Result<&'a str, String> {
    std::str::from_utf8(bytes).map_err(|e| {
        let name = filename.map(|f| format!(" {f}")).unwrap_or_default();
        format!(
            "the CSV file{name} is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            e.valid_up_to()
        )
    })
}

/// The body of the first Markdown code fence (```` ``` ```` or ```` ```csv ````), if any.
pub fn fenced(text: &str) -> Option<Range<usize>> {
    let open = text.find("```")?;
    let body = open + text[open..].find('\n')? + 1;
    let close = body + text[body..].find("```")?;
    Some(body..close)
}

/// A header of at least two fields and a first data row of the same width. Only two
/// records are read, so sniffing a large part costs nothing; a later bad row is reported
/// by the full parse, since by then the part clearly was meant as CSV.
pub fn looks_like_csv(text: &str) -> bool {
    let mut reader = Reader::new(text);
    let mut header = Cells::default();
    let mut row = Cells::default();
    let widths = reader
        .read_record(&mut header)
        .and_then(|_| reader.read_record(&mut row));
    matches!(widths, Ok(Some(_))) && header.len() >= 2 && row.len() == header.len()
}
