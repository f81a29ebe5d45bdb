//! Reading metadata: just enough JSON to get one string member of a metadata object, such
//! as `{"skillId": "csv-analyst", "column": "revenue"}`.
//!
//! A full JSON library would be most of a small component's size for one lookup; skills that
//! need more can bring their own. The host has already checked that metadata is valid JSON;
//! anything unexpected here yields `None`.

/// The string value of the top-level member `key` of the JSON object `json`.
pub fn string_member(json: &str, key: &str) -> Option<String> {
    let mut p = Cursor {
        s: json.as_bytes(),
        src: json,
        pos: 0,
    };
    p.expect(b'{')?;
    if p.eat(b'}') {
        return None;
    }
    loop {
        let name = p.string()?;
        p.expect(b':')?;
        if name == key {
            return if p.peek() == Some(b'"') {
                p.string()
            } else {
                None
            };
        }
        p.skip_value()?;
        if !p.eat(b',') {
            return None;
        }
    }
}

struct Cursor<'a> {
    s: &'a [u8],
    src: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    /// The next byte after whitespace, without consuming it.
    fn peek(&mut self) -> Option<u8> {
        while matches!(self.s.get(self.pos), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.pos += 1;
        }
        self.s.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.pos += usize::from(found);
        found
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    /// A string literal, unescaped.
    fn string(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while !matches!(self.s.get(self.pos), None | Some(b'"' | b'\\')) {
                self.pos += 1;
            }
            out.push_str(self.src.get(start..self.pos)?);
            match self.s.get(self.pos)? {
                b'"' => {
                    self.pos += 1;
                    return Some(out);
                }
                _ => out.push(self.escape()?),
            }
        }
    }

    /// One escape sequence, cursor on its backslash.
    fn escape(&mut self) -> Option<char> {
        let code = *self.s.get(self.pos + 1)?;
        self.pos += 2;
        Some(match code {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(),
            _ => return None,
        })
    }

    /// The code point of `\uXXXX` (cursor after the `u`), joining a surrogate pair.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(u32::from(first));
        }
        if self.s.get(self.pos..self.pos + 2)? != b"\\u" {
            return None;
        }
        self.pos += 2;
        let second = self.hex4()?;
        char::decode_utf16([first, second]).next()?.ok()
    }

    fn hex4(&mut self) -> Option<u16> {
        let digits = self.src.get(self.pos..self.pos + 4)?;
        self.pos += 4;
        u16::from_str_radix(digits, 16).ok()
    }

    /// Skips any value: strings whole, and arrays and objects by bracket depth (brackets
    /// inside strings do not count).
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                }
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    self.pos += 1;
                }
                // A scalar (or the end of this member) at depth 0 ends at `,` or `}`.
                b',' | b'}' | b']' if depth == 0 => return Some(()),
                _ => self.pos += 1,
            }
            if depth == 0 && matches!(self.peek(), Some(b',' | b'}')) {
                return Some(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::string_member;

    #[test]
    fn json_reads_a_top_level_string_member() {
        let json = r#"{"skillId":"csv-analyst", "nested": {"column": "no"}, "list": [1, "]", {"a": [2]}], "column" : "revenue"}"#;
        assert_eq!(string_member(json, "column").as_deref(), Some("revenue"));
        assert_eq!(
            string_member(json, "skillId").as_deref(),
            Some("csv-analyst")
        );
        assert_eq!(
            string_member(r#"{"n": 1.5e3, "ok": true, "column": "x"}"#, "column").as_deref(),
            Some("x")
        );
    }

    #[test]
    fn json_unescapes_strings() {
        let json = r#"{"column": "a\"b\\c\/d\n\u00e9\ud83d\ude00"}"#;
        assert_eq!(
            string_member(json, "column").as_deref(),
            Some("a\"b\\c/d\né😀")
        );
    }

    #[test]
    fn json_yields_nothing_for_absent_or_non_string_members() {
        for json in [
            r#"{}"#,
            r#"{"other": "x"}"#,
            r#"{"column": 3}"#,
            r#"{"column": null}"#,
            "[]",
            "",
            r#"{"column": "\ud800"}"#,
        ] {
            assert_eq!(string_member(json, "column"), None, "{json}");
        }
    }
}
