//! A parsed CSV: a checked header and rectangular data rows.
//!
//! Every data row is checked against the header while reading, so a bad row fails at once
//! (naming its line) and the rest of the code can index cells without bounds worries.

use crate::error::CsvError;
use crate::parse::{Cells, Reader};

/// A header plus data rows, all of the header's width.
#[derive(Debug)]
pub struct Table {
    columns: Vec<String>,
    cells: Cells,
    rows: usize,
}

impl Table {
    /// Parses CSV text whose first record is the header.
    pub fn parse(src: &str) -> Result<Self, CsvError> {
        let mut reader = Reader::new(src);
        let mut header = Cells::default();
        if reader.read_record(&mut header)?.is_none() {
            return Err(CsvError::Empty);
        }
        let columns = header_names(&header)?;
        let mut cells = Cells::default();
        let mut rows = 0;
        while let Some(start) = reader.read_record(&mut cells)? {
            rows += 1;
            let found = cells.len() - (rows - 1) * columns.len();
            if found != columns.len() {
                let (line, row, expected) = (start.line, rows, columns.len());
                return Err(CsvError::FieldCount {
                    line,
                    row,
                    found,
                    expected,
                });
            }
        }
        if rows == 0 {
            return Err(CsvError::NoDataRows);
        }
        Ok(Self {
            columns,
            cells,
            rows,
        })
    }

    /// The column names, trimmed, in file order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// How many data rows (the header excluded).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The raw text of a cell (0-based row and column).
    pub fn cell(&self, row: usize, column: usize) -> &str {
        self.cells.get(row * self.columns.len() + column)
    }

    /// The column called `name`: an exact match first, then one that differs only in ASCII
    /// case (people type "Revenue" for "revenue").
    pub fn column_index(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        let exact = self.columns.iter().position(|c| c == name);
        exact.or_else(|| {
            self.columns
                .iter()
                .position(|c| c.eq_ignore_ascii_case(name))
        })
    }
}

/// Trimmed header names, checked for emptiness and duplicates. Duplicates are found by
/// sorting (by name, then position) rather than hashing: a `HashMap` would make the
/// component import a WASI random source just to seed its hasher.
fn header_names(header: &Cells) -> Result<Vec<String>, CsvError> {
    let names: Vec<String> = (0..header.len())
        .map(|i| header.get(i).trim().to_string())
        .collect();
    if let Some(i) = names.iter().position(String::is_empty) {
        return Err(CsvError::EmptyName { column: i + 1 });
    }
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_unstable_by(|&a, &b| names[a].cmp(&names[b]).then(a.cmp(&b)));
    // Of all duplicated pairs, report the one whose second column comes first in the file.
    let pair = order
        .windows(2)
        .filter(|w| names[w[0]] == names[w[1]])
        .min_by_key(|w| w[1]);
    match pair {
        Some(w) => Err(CsvError::DuplicateName {
            name: names[w[0]].clone(),
            first: w[0] + 1,
            second: w[1] + 1,
        }),
        None => Ok(names),
    }
}
