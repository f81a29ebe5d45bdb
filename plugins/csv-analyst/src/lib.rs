//! csv-analyst: the data-analysis agent. Reads a CSV from the conversation, infers each
//! column's type, summarises the numeric ones and ranks the top rows by a column the client
//! names (asking for one when the choice is not obvious), and returns a Markdown report.
//!
//! Layout: [`analyst`] runs a turn without touching the host, on top of pure modules
//! ([`input`] finds the CSV, [`table`] and [`parse`] read it, [`stats`] and [`rank`] analyse
//! it, [`choose`] picks the column, [`report`] writes Markdown). Only this file talks to the
//! host; the SDK compiles the export for wasm32 alone, so `cargo test` runs natively.

pub mod analyst;
pub mod choose;
pub mod error;
pub mod format;
pub mod input;
pub mod parse;
pub mod rank;
pub mod report;
pub mod stats;
pub mod table;

#[cfg(test)]
mod tests;

use skillhost_sdk::prelude::*;

use crate::analyst::Answer;

/// The artifact id and name of the report.
pub const REPORT_ID: &str = "report";

/// The plugin.
pub struct CsvAnalyst;

/// The skill's Agent Card entry.
pub fn card() -> SkillCard {
    SkillCard::new(
        "csv-analyst",
        "CSV analyst",
        "Analyses a CSV file: row count, each column's type and missing values, min/max/mean of \
         numeric columns, and the top 5 rows by a numeric column you choose. Send the CSV as a \
         text/csv file or text part; name the ranking column in text (\"rank by revenue\") or \
         in message metadata {\"column\": \"revenue\"}. Returns a Markdown report.",
    )
    .tags(&["csv", "data", "analysis", "statistics", "report"])
    .examples(&[
        "Analyse this CSV and rank the top 5 rows by revenue",
        "What are the column types and averages in sales.csv?",
        "column: price",
    ])
    .input_modes(&["text/csv", "text/plain", "application/octet-stream"])
    .output_modes(&["text/markdown", "text/plain"])
}

impl Skill for CsvAnalyst {
    fn describe() -> Vec<SkillCard> {
        vec![card()]
    }

    fn run(turn: Turn) -> Result<Outcome, SkillError> {
        match analyst::run_turn(&turn, &mut |text| progress(text))? {
            Answer::Ask(question) => Ok(Outcome::InputRequired(Reply::text(question))),
            Answer::Report { markdown, summary } => {
                emit_artifact(&report_artifact(markdown));
                Ok(Outcome::Completed(Some(Reply::text(summary))))
            }
        }
    }
}

/// The report as an artifact: one Markdown text part named `report.md`.
pub fn report_artifact(markdown: String) -> Artifact {
    let part = Part::text(markdown)
        .with_media_type("text/markdown")
        .with_filename("report.md");
    Artifact::new(REPORT_ID, REPORT_ID, vec![part]).with_description(
        "Column types, missing values, numeric statistics and the top rows of the CSV",
    )
}

skillhost_sdk::export_skill!(CsvAnalyst);
