//! The Markdown report: an overview, one line per column, and the top rows.
//!
//! Sizes are capped so a wide or hostile file cannot blow up the artifact: at most
//! [`MAX_COLUMNS`] columns are listed or shown, and every cell is cut to
//! [`format::MAX_CELL_CHARS`] characters.

use std::fmt::Write;

use crate::format::{self, cell, counted};
use crate::rank::Ranking;
use crate::stats::ColumnStats;
use crate::table::Table;

/// Most columns listed in the column table and shown in the top-rows table.
pub const MAX_COLUMNS: usize = 100;

/// Everything the report shows.
pub struct Report<'a> {
    /// The file name, if the CSV came with one.
    pub filename: Option<&'a str>,
    pub table: &'a Table,
    pub stats: &'a [ColumnStats],
    /// `None` when no column is numeric.
    pub ranking: Option<&'a Ranking>,
}

impl Report<'_> {
    /// The report as Markdown.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.overview(&mut out);
        self.columns(&mut out);
        match self.ranking {
            Some(ranking) => self.top_rows(&mut out, ranking),
            None => {
                out.push_str("\n## Top rows\n\nNo column is numeric, so the rows are not ranked.\n")
            }
        }
        out
    }

    fn overview(&self, out: &mut String) {
        let title = self
            .filename
            .map(cell)
            .unwrap_or_else(|| "CSV data".to_string());
        let (rows, columns) = (self.table.rows(), self.table.columns().len());
        let _ = writeln!(out, "# CSV analysis: {title}\n");
        let _ = writeln!(
            out,
            "- Rows: {} (data rows, header excluded)",
            format::count(rows)
        );
        let _ = writeln!(out, "- Columns: {}", format::count(columns));
    }

    /// One line per column: type, missing values and, for numeric columns, min, max, mean.
    fn columns(&self, out: &mut String) {
        out.push_str("\n## Columns\n\n");
        out.push_str("| Column | Type | Missing | Min | Max | Mean |\n");
        out.push_str("| --- | --- | ---: | ---: | ---: | ---: |\n");
        let names = self
            .table
            .columns()
            .iter()
            .zip(self.stats)
            .take(MAX_COLUMNS);
        for (name, stats) in names {
            let (min, max, mean) = match stats.summary {
                Some(s) => (
                    format::number(s.min),
                    format::number(s.max),
                    format::number(s.mean),
                ),
                None => Default::default(),
            };
            let missing = format::count(stats.missing);
            let _ = writeln!(
                out,
                "| {} | {} | {missing} | {min} | {max} | {mean} |",
                cell(name),
                stats.kind
            );
        }
        self.columns_left_out(out);
    }

    fn top_rows(&self, out: &mut String, ranking: &Ranking) {
        let by = cell(&self.table.columns()[ranking.column]);
        let _ = writeln!(
            out,
            "\n## Top {} by {by}\n",
            counted(ranking.rows.len(), "row")
        );
        let _ = write!(
            out,
            "Highest {by} first; equal values keep their input order."
        );
        if ranking.unranked > 0 {
            let verb = if ranking.unranked == 1 { "is" } else { "are" };
            let _ = write!(
                out,
                " {} without a {by} value {verb} left out.",
                counted(ranking.unranked, "row")
            );
        }
        out.push_str("\n\n");
        let shown = self.table.columns().len().min(MAX_COLUMNS);
        let names: Vec<String> = self.table.columns()[..shown]
            .iter()
            .map(|c| cell(c))
            .collect();
        let _ = writeln!(out, "| Rank | Row | {} |", names.join(" | "));
        // Numbers read best right-aligned, as in the column table.
        let align: String = self.stats[..shown]
            .iter()
            .map(|s| {
                if s.kind.is_numeric() {
                    " ---: |"
                } else {
                    " --- |"
                }
            })
            .collect();
        let _ = writeln!(out, "| ---: | ---: |{align}");
        for (rank, &row) in ranking.rows.iter().enumerate() {
            let cells: Vec<String> = (0..shown).map(|c| cell(self.table.cell(row, c))).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                rank + 1,
                row + 1,
                cells.join(" | ")
            );
        }
        out.push_str(
            "\nRow is the data row's number in the file, counting from 1 after the header.\n",
        );
        self.columns_left_out(out);
    }

    /// A note under a table that stopped at [`MAX_COLUMNS`].
    fn columns_left_out(&self, out: &mut String) {
        let total = self.table.columns().len();
        if total > MAX_COLUMNS {
            let left = counted(total - MAX_COLUMNS, "more column");
            let _ = writeln!(
                out,
                "\n{left} not shown: the report shows the first {MAX_COLUMNS}."
            );
        }
    }
}
