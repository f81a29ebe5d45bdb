//! Column types and numeric summaries, in one pass over the table.
//!
//! A cell is trimmed before it is classified; an empty cell is a missing value and never
//! decides a column's type. A column is `integer` if every present cell is an integer,
//! `number` if every present cell is a number and at least one is not an integer, `boolean`
//! if every present cell is `true` or `false` (any case), `empty` if no cell is present, and
//! `text` otherwise.

use std::fmt;

use crate::table::Table;

/// A column's inferred type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Integer,
    Number,
    Boolean,
    Text,
    /// Every cell is missing.
    Empty,
}

impl Kind {
    /// Whether the column can rank rows.
    pub fn is_numeric(self) -> bool {
        matches!(self, Self::Integer | Self::Number)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Integer => "integer",
            Self::Number => "number",
            Self::Boolean => "boolean",
            Self::Text => "text",
            Self::Empty => "empty",
        })
    }
}

/// Min, max and mean over a numeric column's present values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub min: f64,
    pub max: f64,
    pub mean: f64,
}

/// What the analysis found about one column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnStats {
    pub kind: Kind,
    pub missing: usize,
    /// Present for `integer` and `number` columns only.
    pub summary: Option<Summary>,
}

/// One column's stats, in header order.
pub fn analyse(table: &Table) -> Vec<ColumnStats> {
    let width = table.columns().len();
    let mut acc = vec![Acc::default(); width];
    // Row-major, the order cells are stored in.
    for row in 0..table.rows() {
        for (column, acc) in acc.iter_mut().enumerate() {
            acc.add(table.cell(row, column));
        }
    }
    acc.iter().map(Acc::finish).collect()
}

/// A cell's value if it is a plain decimal number (`-12`, `3.5`, `.5`, `1e3`), with whether it
/// is an integer. `NaN`, `inf` and digit groupings like `1,000` are text on purpose: they
/// would poison min, max and mean.
pub fn number(cell: &str) -> Option<(f64, bool)> {
    let s = cell.trim();
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    if whole.len() + fraction.len() == 0 || !digits(whole) || !digits(fraction) || !exponent_ok {
        return None;
    }
    let value: f64 = s.parse().ok().filter(|v: &f64| v.is_finite())?;
    Some((value, !mantissa.contains('.') && exponent.is_none()))
}

/// Running totals for one column.
#[derive(Debug, Clone, Default)]
struct Acc {
    missing: usize,
    integers: usize,
    floats: usize,
    booleans: usize,
    texts: usize,
    min: f64,
    max: f64,
    sum: Sum,
}

impl Acc {
    fn add(&mut self, cell: &str) {
        let cell = cell.trim();
        if cell.is_empty() {
            self.missing += 1;
        } else if let Some((value, integer)) = number(cell) {
            let first = self.integers + self.floats == 0;
            self.min = if first { value } else { self.min.min(value) };
            self.max = if first { value } else { self.max.max(value) };
            self.sum.add(value);
            *(if integer {
                &mut self.integers
            } else {
                &mut self.floats
            }) += 1;
        } else if cell.eq_ignore_ascii_case("true") || cell.eq_ignore_ascii_case("false") {
            self.booleans += 1;
        } else {
            self.texts += 1;
        }
    }

    fn finish(&self) -> ColumnStats {
        let numbers = self.integers + self.floats;
        let kind = match (self.texts, self.booleans, numbers) {
            (0, 0, 0) => Kind::Empty,
            (0, 0, _) if self.floats == 0 => Kind::Integer,
            (0, 0, _) => Kind::Number,
            (0, _, 0) => Kind::Boolean,
            _ => Kind::Text,
        };
        let summary = kind.is_numeric().then(|| Summary {
            min: self.min,
            max: self.max,
            mean: self.sum.total() / numbers as f64,
        });
        ColumnStats {
            kind,
            missing: self.missing,
            summary,
        }
    }
}

/// Neumaier (compensated) summation: a plain running sum drifts over many rows, and the
/// mean is printed to 4 decimals, where the drift can show.
#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    sum: f64,
    compensation: f64,
}

impl Sum {
    fn add(&mut self, value: f64) {
        let t = self.sum + value;
        self.compensation += if self.sum.abs() >= value.abs() {
            (self.sum - t) + value
        } else {
            (value - t) + self.sum
        };
        self.sum = t;
    }

    fn total(&self) -> f64 {
        self.sum + self.compensation
    }
}
