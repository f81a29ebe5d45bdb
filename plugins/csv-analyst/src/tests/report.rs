//! Number and cell formatting, and the exact Markdown of small reports.

use super::table;
use crate::format::{cell, count, number, size};
use crate::rank::top_rows;
use crate::report::Report;
use crate::stats::analyse;

#[test]
fn numbers_have_at_most_four_decimals_and_no_trailing_zeros() {
    assert_eq!(number(2.0), "2");
    assert_eq!(number(-40.0), "-40");
    assert_eq!(number(2.5), "2.5");
    assert_eq!(number(1.0 / 3.0), "0.3333");
    assert_eq!(number(2.0 / 3.0), "0.6667");
    assert_eq!(number(184.277_333), "184.2773");
    assert_eq!(number(0.000_01), "0");
    assert_eq!(number(-0.000_01), "0");
    assert_eq!(number(123_456_789.125), "123456789.125");
    assert_eq!(number(1e20), "100000000000000000000");
}

#[test]
fn counts_and_sizes_read_well() {
    assert_eq!(count(0), "0");
    assert_eq!(count(999), "999");
    assert_eq!(count(1000), "1,000");
    assert_eq!(count(1_234_567), "1,234,567");
    assert_eq!(size(1), "1 byte");
    assert_eq!(size(812), "812 bytes");
    assert_eq!(size(12_595), "12.3 KB");
    assert_eq!(size(5 * 1024 * 1024), "5.0 MB");
}

#[test]
fn cells_are_escaped_and_cut() {
    assert_eq!(cell("a|b"), "a\\|b");
    assert_eq!(cell(" two\nlines "), "two lines");
    let sixty = "x".repeat(60);
    assert_eq!(cell(&sixty), sixty);
    let long = format!("{}|tail", "é".repeat(70));
    assert_eq!(cell(&long), format!("{}…", "é".repeat(59)));
    assert_eq!(cell(&long).chars().count(), 60);
}

#[test]
fn renders_a_small_report_exactly() {
    // qty: 4, 1, 7 -> mean 4; cost: 0.5, 2.25, (missing) -> mean 1.375.
    let t = table("name,qty,cost\nA|1,4,0.5\nB,1,2.25\n\"C\nD\",7,\n");
    let stats = analyse(&t);
    let ranking = top_rows(&t, 1, 5);
    let md = Report {
        filename: Some("tiny.csv"),
        table: &t,
        stats: &stats,
        ranking: Some(&ranking),
    }
    .render();
    let expected = "\
# CSV analysis: tiny.csv

- Rows: 3 (data rows, header excluded)
- Columns: 3

## Columns

| Column | Type | Missing | Min | Max | Mean |
| --- | --- | ---: | ---: | ---: | ---: |
| name | text | 0 |  |  |  |
| qty | integer | 0 | 1 | 7 | 4 |
| cost | number | 1 | 0.5 | 2.25 | 1.375 |

## Top 3 rows by qty

Highest qty first; equal values keep their input order.

| Rank | Row | name | qty | cost |
| ---: | ---: | --- | ---: | ---: |
| 1 | 3 | C D | 7 |  |
| 2 | 1 | A\\|1 | 4 | 0.5 |
| 3 | 2 | B | 1 | 2.25 |

Row is the data row's number in the file, counting from 1 after the header.
";
    assert_eq!(md, expected);
}

#[test]
fn notes_unranked_rows_and_a_missing_ranking() {
    let t = table("name,v\na,\nb,2\n");
    let stats = analyse(&t);
    let ranking = top_rows(&t, 1, 5);
    let md = Report {
        filename: None,
        table: &t,
        stats: &stats,
        ranking: Some(&ranking),
    }
    .render();
    assert!(md.starts_with("# CSV analysis: CSV data\n"));
    assert!(md.contains("## Top 1 row by v\n\nHighest v first; equal values keep their input order. 1 row without a v value is left out.\n"));

    let t = table("name,city\na,b\n");
    let md = Report {
        filename: None,
        table: &t,
        stats: &analyse(&t),
        ranking: None,
    }
    .render();
    assert!(
        md.ends_with("## Top rows\n\nNo column is numeric, so the rows are not ranked.\n"),
        "{md}"
    );
}

#[test]
fn caps_wide_tables_at_one_hundred_columns() {
    let header: Vec<String> = (1..=130).map(|i| format!("c{i}")).collect();
    let row: Vec<String> = (1..=130).map(|i| i.to_string()).collect();
    let t = table(&format!("{}\n{}\n", header.join(","), row.join(",")));
    let stats = analyse(&t);
    let ranking = top_rows(&t, 0, 5);
    let md = Report {
        filename: None,
        table: &t,
        stats: &stats,
        ranking: Some(&ranking),
    }
    .render();
    assert!(md.contains("| c100 | integer |") && !md.contains("| c101 |"));
    assert!(md.contains("| c99 | c100 |\n") && !md.contains("c101 |"));
    assert_eq!(
        md.matches("30 more columns not shown: the report shows the first 100.")
            .count(),
        2
    );
}
