//! One turn of the skill, from the conversation to a report or a question.
//!
//! Progress goes through a callback rather than the host import, so the whole flow,
//! multi-turn questions included, runs in native unit tests.

use skillhost_sdk::{PartContent, Turn};

use crate::choose;
use crate::format::{self, counted};
use crate::input::{self, Source};
use crate::rank;
use crate::report::Report;
use crate::stats;
use crate::table::Table;

/// How many rows the report ranks.
pub const TOP: usize = 5;

/// What a turn produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The Markdown report and a one-line summary for the final status message.
    Report { markdown: String, summary: String },
    /// A question for the client (the task goes to INPUT_REQUIRED).
    Ask(String),
}

/// Runs one turn; `progress` receives each WORKING update. `Err` is a message for the
/// client about input the skill cannot use.
pub fn run_turn(turn: &Turn, progress: &mut dyn FnMut(String)) -> Result<Answer, String> {
    let source = input::find_csv(turn)?;
    let of = source
        .filename
        .map(|f| format!(" from {f}"))
        .unwrap_or_default();
    progress(format!(
        "Parsing {} of CSV{of}",
        format::size(source.text.len())
    ));
    let table = Table::parse(source.text).map_err(|e| {
        let name = source
            .filename
            .map(|f| format!(" in {f}"))
            .unwrap_or_default();
        format!("invalid CSV{name}: {e}")
    })?;
    let (rows, columns) = (table.rows(), table.columns().len());
    progress(format!(
        "Parsed {} x {}",
        counted(rows, "row"),
        counted(columns, "column")
    ));

    progress("Computing column statistics".to_string());
    let stats = stats::analyse(&table);
    let request = column_request(turn, &source, &table);
    let column = match choose::resolve(request.as_deref(), &table, &stats) {
        Ok(column) => column,
        Err(question) => return Ok(Answer::Ask(question)),
    };
    let ranking = column.map(|c| {
        progress(format!("Ranking rows by {}", table.columns()[c]));
        rank::top_rows(&table, c, TOP)
    });

    let filename = source.filename;
    let markdown = Report {
        filename,
        table: &table,
        stats: &stats,
        ranking: ranking.as_ref(),
    }
    .render();
    let by = ranking
        .as_ref()
        .map(|r| format!("; top {} by {}", r.rows.len(), table.columns()[r.column]))
        .unwrap_or_default();
    let summary = format!(
        "Analysed {} and {}{by}",
        counted(rows, "row"),
        counted(columns, "column")
    );
    Ok(Answer::Report { markdown, summary })
}

/// The column the client asked for in this turn's message: its metadata, the request's
/// metadata, then the lines of its text parts. When the CSV came in this same message, the
/// CSV itself is left out (only prose around a code fence remains).
fn column_request(turn: &Turn, source: &Source<'_>, table: &Table) -> Option<String> {
    let message = &turn.message;
    let metadata = [message.metadata.as_deref(), turn.metadata.as_deref()];
    let same_message = std::ptr::eq(message, source.message);
    let mut prose: Vec<&str> = Vec::new();
    for (i, part) in message.parts.iter().enumerate() {
        let PartContent::Text(text) = &part.content else {
            continue;
        };
        if same_message && i == source.part {
            prose.extend(
                text[..source.span.start]
                    .lines()
                    .chain(text[source.span.end..].lines()),
            );
        } else {
            prose.extend(text.lines());
        }
    }
    prose.retain(|line| !line.trim().is_empty());
    choose::requested(&metadata, &prose, table)
}
