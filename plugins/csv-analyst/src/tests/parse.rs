//! The RFC 4180 reader and the table built on it: valid shapes, then every malformed case
//! with the line and record it must name.

use super::table;
use crate::error::CsvError;
use crate::table::Table;

/// Every cell of a table, row by row.
fn cells(t: &Table) -> Vec<Vec<&str>> {
    (0..t.rows())
        .map(|r| (0..t.columns().len()).map(|c| t.cell(r, c)).collect())
        .collect()
}

fn err(csv: &str) -> CsvError {
    Table::parse(csv).expect_err("malformed CSV")
}

#[test]
fn reads_plain_rows_with_and_without_a_final_line_end() {
    for csv in [
        "a,b\n1,2\n3,4\n",
        "a,b\n1,2\n3,4",
        "a,b\r\n1,2\r\n3,4\r\n",
        "a,b\r1,2\r3,4",
    ] {
        let t = table(csv);
        assert_eq!(t.columns(), ["a", "b"], "{csv:?}");
        assert_eq!(cells(&t), [["1", "2"], ["3", "4"]], "{csv:?}");
    }
}

#[test]
fn reads_quoted_fields() {
    let csv =
        "name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n\"two\nlines\",\"crlf\r\ninside\"\n\"\",x\n";
    let t = table(csv);
    assert_eq!(t.rows(), 3);
    assert_eq!(
        cells(&t),
        [
            ["Smith, J", "said \"hi\""],
            ["two\nlines", "crlf\r\ninside"],
            ["", "x"]
        ]
    );
}

#[test]
fn keeps_empty_fields_and_a_trailing_comma() {
    let t = table("a,b,c\n,,\n1,,3\n4,5,\n");
    assert_eq!(cells(&t), [["", "", ""], ["1", "", "3"], ["4", "5", ""]]);
}

#[test]
fn is_lenient_where_real_files_are_sloppy() {
    // BOM, blank and whitespace-only lines, a literal quote in an unquoted field, spaces
    // after a closing quote, and padded header names.
    let t = table("\u{feff} id , height \n\n1,5'11\"\n  \n\"2\"  ,6'0\"\n\n");
    assert_eq!(t.columns(), ["id", "height"]);
    assert_eq!(cells(&t), [["1", "5'11\""], ["2", "6'0\""]]);
}

#[test]
fn keeps_multibyte_text_intact() {
    let t = table("ciudad,año\n\"São Paulo, BR\",2024\nZürich,1999\n");
    assert_eq!(t.columns(), ["ciudad", "año"]);
    assert_eq!(cells(&t), [["São Paulo, BR", "2024"], ["Zürich", "1999"]]);
}

#[test]
fn finds_columns_by_exact_name_then_ascii_case() {
    let t = table("Revenue,revenue,Units\n1,2,3\n");
    assert_eq!(t.column_index("revenue"), Some(1));
    assert_eq!(t.column_index("Revenue"), Some(0));
    assert_eq!(t.column_index(" UNITS "), Some(2));
    assert_eq!(t.column_index("price"), None);
}

#[test]
fn rejects_empty_input() {
    assert_eq!(err(""), CsvError::Empty);
    assert_eq!(err(" \r\n\n\t\n"), CsvError::Empty);
    assert_eq!(err("\u{feff}"), CsvError::Empty);
    assert_eq!(err("").to_string(), "the CSV is empty");
}

#[test]
fn rejects_a_header_without_rows() {
    assert_eq!(err("a,b\n"), CsvError::NoDataRows);
    assert_eq!(
        err("a,b\n\n\n").to_string(),
        "the CSV has a header line but no data rows"
    );
}

#[test]
fn rejects_empty_column_names() {
    assert_eq!(err(",b\n1,2\n"), CsvError::EmptyName { column: 1 });
    assert_eq!(err("a, ,c\n1,2,3\n"), CsvError::EmptyName { column: 2 });
    let e = err("a,b,\n1,2,3\n");
    assert_eq!(e, CsvError::EmptyName { column: 3 });
    assert_eq!(
        e.to_string(),
        "column 3 of the header has an empty name; every column needs a name"
    );
}

#[test]
fn rejects_duplicate_column_names() {
    let e = err("id,price, id\n1,2,3\n");
    assert_eq!(
        e,
        CsvError::DuplicateName {
            name: "id".into(),
            first: 1,
            second: 3
        }
    );
    assert_eq!(
        e.to_string(),
        "the header names two columns \"id\" (columns 1 and 3); column names must be unique"
    );
    // The first repeat in file order is reported: column 3 repeats column 2.
    let e = err("a,b,b,a,b\n1,2,3,4,5\n");
    assert_eq!(
        e,
        CsvError::DuplicateName {
            name: "b".into(),
            first: 2,
            second: 3
        }
    );
}

#[test]
fn rejects_rows_of_the_wrong_width_naming_line_and_row() {
    // Data row 3 starts on line 5, because row 2 has a quoted line break.
    let e = err("a,b,c\n1,2,3\n\"x\ny\",2,3\n7,8\n");
    assert_eq!(
        e,
        CsvError::FieldCount {
            line: 5,
            row: 3,
            found: 2,
            expected: 3
        }
    );
    assert_eq!(
        e.to_string(),
        "line 5 (data row 3) has 2 fields, but the header has 3 columns (is a field missing?)"
    );
    // A blank line is skipped but still counted as a line.
    let e = err("a,b\n1,2\n\n3,4,5\n");
    assert_eq!(
        e,
        CsvError::FieldCount {
            line: 4,
            row: 2,
            found: 3,
            expected: 2
        }
    );
    assert!(
        e.to_string()
            .ends_with("(is there an unquoted comma inside a field?)")
    );
}

#[test]
fn rejects_an_unterminated_quote_naming_where_it_opened() {
    let e = err("a,b\n1,2\n3,\"never\nclosed\n");
    assert_eq!(
        e,
        CsvError::Unterminated {
            line: 3,
            record: 3,
            field: 2
        }
    );
    assert_eq!(
        e.to_string(),
        "unterminated quoted field: field 2 of data row 2 opens a quote on line 3 that is never closed"
    );
    assert_eq!(
        err("\"a,b\n1,2\n"),
        CsvError::Unterminated {
            line: 1,
            record: 1,
            field: 1
        }
    );
    assert!(err("\"a,b\n").to_string().contains("field 1 of the header"));
}

#[test]
fn rejects_text_after_a_closing_quote() {
    let e = err("a,b\n1,\"x\"y\n");
    assert_eq!(
        e,
        CsvError::AfterQuote {
            line: 2,
            record: 2,
            field: 2
        }
    );
    assert_eq!(
        e.to_string(),
        "line 2: unexpected text after the closing quote of field 2 of data row 1; \
         a quote inside a quoted field must be doubled (\"\")"
    );
}

#[test]
fn parses_the_sales_fixture() {
    let t = table(super::SALES);
    assert_eq!(t.rows(), 16);
    assert_eq!(
        t.columns(),
        ["id", "region", "product", "units", "price", "revenue"]
    );
    assert_eq!(t.cell(1, 2), "Widget, large");
    assert_eq!(t.cell(3, 2), "Monitor 27\" 4K");
    assert_eq!(t.cell(5, 3), "");
    assert_eq!(t.cell(15, 2), "Notebook \"A5\", ruled");
}

#[test]
fn stays_linear_on_a_large_input() {
    let mut csv = String::from("k,v\n");
    for i in 0..100_000 {
        csv.push_str(&format!("\"k{i}, quoted\",{i}\n"));
    }
    let t = table(&csv);
    assert_eq!(t.rows(), 100_000);
    assert_eq!(t.cell(99_999, 0), "k99999, quoted");
}
