//! RFC 4180 record reader: quoted fields, `""` escapes, commas and line breaks inside quotes,
//! CRLF, LF or lone CR line ends, and an optional final line end.
//!
//! Two deliberate leniencies, both common in real exports: blank lines (empty or only spaces
//! and tabs) between records are skipped, and a `"` inside an unquoted field is kept as a
//! literal character (`5'11"`). Text after a closing quote other than spaces is an error,
//! because it usually means the quoting is broken and the fields would silently shift.
//!
//! Fields go into [`Cells`]: one string of all field text plus end offsets, so a table of
//! many small fields costs a few bytes of overhead per field instead of a `String` each.

use crate::error::CsvError;

/// Field text stored back to back; field `i` is `text[ends[i - 1]..ends[i]]`.
#[derive(Debug, Default)]
pub struct Cells {
    text: String,
    ends: Vec<usize>,
}

impl Cells {
    /// How many fields are stored.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether no field is stored.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The text of field `i`.
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

/// Where a record starts, for error messages: its 1-based record number (the header is
/// record 1) and the 1-based line its first field is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordStart {
    pub record: usize,
    pub line: usize,
}

/// Reads records one at a time from CSV text.
pub struct Reader<'a> {
    src: &'a str,
    pos: usize,
    line: usize,
    record: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `src`; a UTF-8 byte order mark is skipped.
    pub fn new(src: &'a str) -> Self {
        let src = src.strip_prefix('\u{feff}').unwrap_or(src);
        Self {
            src,
            pos: 0,
            line: 1,
            record: 0,
        }
    }

    /// Appends the next record's fields to `cells` and says where it started, or returns
    /// `None` at the end of the input.
    pub fn read_record(&mut self, cells: &mut Cells) -> Result<Option<RecordStart>, CsvError> {
        self.skip_blank_lines();
        if self.pos >= self.src.len() {
            return Ok(None);
        }
        self.record += 1;
        let start = RecordStart {
            record: self.record,
            line: self.line,
        };
        let mut field = 1;
        loop {
            if self.peek() == Some(b'"') {
                self.read_quoted(cells, start, field)?;
            } else {
                self.read_plain(cells);
            }
            cells.ends.push(cells.text.len());
            if self.pos >= self.src.len() || self.line_end() {
                return Ok(Some(start));
            }
            // Both field readers stop only at a comma, a line end or the end of input.
            self.pos += 1;
            field += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    /// Skips lines that hold nothing but spaces and tabs.
    fn skip_blank_lines(&mut self) {
        let bytes = self.src.as_bytes();
        loop {
            let mut end = self.pos;
            while matches!(bytes.get(end), Some(b' ' | b'\t')) {
                end += 1;
            }
            match bytes.get(end) {
                None => self.pos = end,
                Some(b'\r' | b'\n') => {
                    self.pos = end;
                    self.line_end();
                    continue;
                }
                Some(_) => {}
            }
            return;
        }
    }

    /// Consumes a line end (CRLF, LF or CR) at the cursor, if there is one.
    fn line_end(&mut self) -> bool {
        match self.peek() {
            Some(b'\r') => {
                self.pos += 1;
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
            }
            Some(b'\n') => self.pos += 1,
            _ => return false,
        }
        self.line += 1;
        true
    }

    /// An unquoted field: everything up to the next comma or line end.
    fn read_plain(&mut self, cells: &mut Cells) {
        let bytes = self.src.as_bytes();
        let start = self.pos;
        while !matches!(bytes.get(self.pos), None | Some(b',' | b'\r' | b'\n')) {
            self.pos += 1;
        }
        // Slicing is safe: the cursor only stops at ASCII bytes or the end.
        cells.text.push_str(&self.src[start..self.pos]);
    }

    /// A quoted field, cursor on its opening quote.
    fn read_quoted(
        &mut self,
        cells: &mut Cells,
        at: RecordStart,
        field: usize,
    ) -> Result<(), CsvError> {
        let bytes = self.src.as_bytes();
        let open_line = self.line;
        self.pos += 1;
        let mut segment = self.pos;
        loop {
            match bytes.get(self.pos) {
                None => {
                    return Err(CsvError::Unterminated {
                        line: open_line,
                        record: at.record,
                        field,
                    });
                }
                Some(b'"') if bytes.get(self.pos + 1) == Some(&b'"') => {
                    // `""` stands for one quote: keep the first, skip the second.
                    cells.text.push_str(&self.src[segment..=self.pos]);
                    self.pos += 2;
                    segment = self.pos;
                    continue;
                }
                Some(b'"') => break,
                // Line breaks inside quotes still count, so later errors name the right line.
                Some(b'\n') => self.line += 1,
                Some(b'\r') if bytes.get(self.pos + 1) != Some(&b'\n') => self.line += 1,
                Some(_) => {}
            }
            self.pos += 1;
        }
        cells.text.push_str(&self.src[segment..self.pos]);
        self.pos += 1;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        match self.peek() {
            None | Some(b',' | b'\r' | b'\n') => Ok(()),
            Some(_) => Err(CsvError::AfterQuote {
                line: self.line,
                record: at.record,
                field,
            }),
        }
    }
}
