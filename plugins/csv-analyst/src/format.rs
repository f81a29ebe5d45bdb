//! How numbers, sizes and cell text are written in progress messages and the report.

/// Longest cell or column name shown in a report table, in characters.
pub const MAX_CELL_CHARS: usize = 60;

/// A statistic: at most 4 decimals, no trailing zeros, no `-0`. Whole numbers up to 10^15
/// print exactly, as integers.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return format!("{}", value as i64);
    }
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// A count with thousands separators: `1,234,567`.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// `n` followed by a noun, plural unless `n` is 1: `1 row`, `1,000 rows`.
pub fn counted(n: usize, noun: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {noun}{s}", count(n))
}

/// A byte size for people: `812 bytes`, `12.3 KB`, `4.0 MB` (KB = 1024 bytes).
pub fn size(bytes: usize) -> String {
    const KB: f64 = 1024.0;
    match bytes as f64 {
        b if b < KB => counted(bytes, "byte"),
        b if b < KB * KB => format!("{:.1} KB", b / KB),
        b => format!("{:.1} MB", b / (KB * KB)),
    }
}

/// Text made safe for one Markdown table cell: cut to [`MAX_CELL_CHARS`] (with `…`), line
/// breaks turned into spaces (they would end the row) and `|` escaped (it would split the
/// cell).
pub fn cell(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len().min(4 * MAX_CELL_CHARS));
    for (i, c) in text.chars().enumerate() {
        if i == MAX_CELL_CHARS - 1 && text.chars().nth(MAX_CELL_CHARS).is_some() {
            out.push('…');
            break;
        }
        match c {
            '|' => out.push_str("\\|"),
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
