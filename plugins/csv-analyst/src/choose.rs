//! Which column ranks the top rows: asked for in metadata, named in text, or the only
//! numeric column; otherwise the skill asks the client.
//!
//! Text is read conservatively. A whole text equal to a column name ("revenue") counts, and
//! so does a name after `column:` or after "by" in a sentence about ranking, sorting or
//! ordering ("rank the rows by Revenue"). Other prose never picks a column, so "please
//! analyse this file" cannot be mistaken for a request.

use crate::stats::ColumnStats;
use crate::table::Table;

/// The question, word for word, that starts every request for a column.
pub const QUESTION: &str = "Which column should I rank the top 5 rows by?";

/// Words that make a following "by X" a ranking request.
const RANKING_WORDS: &[&str] = &[
    "rank", "sort", "order", "top", "highest", "largest", "biggest",
];

/// The column name the client asked for, if any: the metadata's `column` member first, then
/// the first text that names one. The name may not exist; [`resolve`] says so.
pub fn requested(metadata: &[Option<&str>], texts: &[&str], table: &Table) -> Option<String> {
    let from_metadata = metadata
        .iter()
        .flatten()
        .find_map(|m| skillhost_sdk::metadata::string_member(m, "column"));
    from_metadata.or_else(|| texts.iter().find_map(|t| named_in_text(t, table)))
}

/// The 0-based column to rank by; `Ok(None)` when no column is numeric (the report says so
/// instead of asking); `Err` holds the question to ask when no valid choice was made.
pub fn resolve(
    request: Option<&str>,
    table: &Table,
    stats: &[ColumnStats],
) -> Result<Option<usize>, String> {
    let numeric: Vec<usize> = (0..stats.len())
        .filter(|&i| stats[i].kind.is_numeric())
        .collect();
    if numeric.is_empty() {
        return Ok(None);
    }
    let problem = match request {
        None if numeric.len() == 1 => return Ok(Some(numeric[0])),
        None => String::new(),
        Some(name) => match table.column_index(name) {
            Some(i) if stats[i].kind.is_numeric() => return Ok(Some(i)),
            Some(i) => format!(
                "Column \"{}\" is {}, not numeric. ",
                table.columns()[i],
                stats[i].kind
            ),
            None => format!("There is no column \"{}\". ", name.trim()),
        },
    };
    Err(format!(
        "{problem}{QUESTION} Numeric columns: {}",
        numeric_list(table, &numeric)
    ))
}

/// The numeric columns' names for the question, at most 100 of them.
fn numeric_list(table: &Table, numeric: &[usize]) -> String {
    let names: Vec<&str> = numeric
        .iter()
        .take(100)
        .map(|&i| table.columns()[i].as_str())
        .collect();
    match numeric.len() {
        n if n > 100 => format!("{} and {} more", names.join(", "), n - 100),
        _ => names.join(", "),
    }
}

/// The column a text names, by one of the forms in the module comment.
pub fn named_in_text(text: &str, table: &Table) -> Option<String> {
    let whole = strip_quotes(text.trim().trim_end_matches(['.', '!', '?']));
    if let Some(i) = table.column_index(whole) {
        return Some(table.columns()[i].clone());
    }
    let lower = text.to_ascii_lowercase();
    let after = if let Some(at) = lower.find("column:").or_else(|| lower.find("column=")) {
        at + "column:".len()
    } else {
        let by = lower.find(" by ")?;
        RANKING_WORDS
            .iter()
            .any(|w| lower[..by].contains(w))
            .then_some(by + " by ".len())?
    };
    name_at(&text[after..], table)
}

/// The column name at the start of `rest` (longest match first, since one name may extend
/// another), or else its first word, so that a wrong name can be reported back.
fn name_at(rest: &str, table: &Table) -> Option<String> {
    let rest = strip_quotes(skip_words(rest.trim_start(), &["the ", "column "]));
    let best = table
        .columns()
        .iter()
        .filter(|c| starts_with_name(rest, c))
        .max_by_key(|c| c.len());
    if let Some(name) = best {
        return Some(name.clone());
    }
    let word = rest
        .split(|c: char| c.is_whitespace() || ",.;:!?\"'`".contains(c))
        .next()?;
    (!word.is_empty()).then(|| word.to_string())
}

/// Whether `text` starts with `name` (ASCII case ignored) followed by a word boundary.
fn starts_with_name(text: &str, name: &str) -> bool {
    let Some(head) = text.get(..name.len()) else {
        return false;
    };
    let boundary = text[name.len()..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric() && c != '_');
    head.eq_ignore_ascii_case(name) && boundary
}

/// Drops leading filler words, ASCII case ignored.
fn skip_words<'a>(mut text: &'a str, words: &[&str]) -> &'a str {
    for word in words {
        if text
            .get(..word.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(word))
        {
            text = text[word.len()..].trim_start();
        }
    }
    text
}

fn strip_quotes(text: &str) -> &str {
    text.trim_matches(['"', '\'', '`']).trim()
}
