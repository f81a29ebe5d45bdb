//! What can be wrong with a CSV, worded for the person who sent it: each message says what
//! is wrong and where (1-based lines, data rows and columns), since they must fix the file.

use std::fmt;

/// A CSV the skill cannot analyse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    /// Nothing but whitespace.
    Empty,
    /// A header and nothing after it.
    NoDataRows,
    /// A header field that is empty after trimming (1-based column).
    EmptyName { column: usize },
    /// Two header fields with the same name (1-based columns).
    DuplicateName {
        name: String,
        first: usize,
        second: usize,
    },
    /// A data row whose field count differs from the header's.
    FieldCount {
        line: usize,
        row: usize,
        found: usize,
        expected: usize,
    },
    /// A quoted field with no closing quote; `line` is where the quote opened.
    Unterminated {
        line: usize,
        record: usize,
        field: usize,
    },
    /// Text other than a comma or line end after a field's closing quote.
    AfterQuote {
        line: usize,
        record: usize,
        field: usize,
    },
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "the CSV is empty"),
            Self::NoDataRows => write!(f, "the CSV has a header line but no data rows"),
            Self::EmptyName { column } => {
                write!(
                    f,
                    "column {column} of the header has an empty name; every column needs a name"
                )
            }
            Self::DuplicateName {
                name,
                first,
                second,
            } => write!(
                f,
                "the header names two columns \"{name}\" (columns {first} and {second}); column names must be unique"
            ),
            Self::FieldCount {
                line,
                row,
                found,
                expected,
            } => write!(
                f,
                "line {line} (data row {row}) has {}, but the header has {}{}",
                crate::format::counted(*found, "field"),
                crate::format::counted(*expected, "column"),
                count_hint(*found, *expected)
            ),
            Self::Unterminated {
                line,
                record,
                field,
            } => write!(
                f,
                "unterminated quoted field: field {field} of {} opens a quote on line {line} that is never closed",
                record_name(*record)
            ),
            Self::AfterQuote {
                line,
                record,
                field,
            } => write!(
                f,
                "line {line}: unexpected text after the closing quote of field {field} of {}; \
                 a quote inside a quoted field must be doubled (\"\")",
                record_name(*record)
            ),
        }
    }
}

impl std::error::Error for CsvError {}

/// Record 1 is the header; the rest are data rows counted from 1.
fn record_name(record: usize) -> String {
    match record {
        1 => "the header".to_string(),
        n => format!("data row {}", n - 1),
    }
}

/// The usual cause of each mismatch, to point the user at the fix.
fn count_hint(found: usize, expected: usize) -> &'static str {
    if found > expected {
        " (is there an unquoted comma inside a field?)"
    } else {
        " (is a field missing?)"
    }
}
