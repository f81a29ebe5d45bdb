//! Whole turns, as the host would run them: where the CSV comes from, the question and its
//! answer on the next turn, progress, and errors reaching the client.

use skillhost_sdk::Part;

use super::{SALES, agent, markdown, run, turn, user};
use crate::analyst::Answer;
use crate::input::NO_CSV;

/// The exact report for the fixture ranked by revenue, shared with the host's tests.
const SALES_REPORT: &str = include_str!("../../testdata/sales.report.md");

const QUESTION: &str =
    "Which column should I rank the top 5 rows by? Numeric columns: units, price, revenue";

fn sales_file() -> Part {
    Part::raw(SALES.as_bytes())
        .with_media_type("text/csv")
        .with_filename("sales.csv")
}

fn ask(result: Result<Answer, String>) -> String {
    match result {
        Ok(Answer::Ask(question)) => question,
        other => panic!("expected a question, got {other:?}"),
    }
}

#[test]
fn a_file_and_a_named_column_give_the_exact_report() {
    let t = turn(
        user(vec![sales_file(), Part::text("Rank the top 5 by revenue")]),
        vec![],
    );
    let (answer, progress) = run(&t);
    let Ok(Answer::Report { markdown, summary }) = answer else {
        panic!("{answer:?}")
    };
    assert_eq!(markdown, SALES_REPORT);
    assert_eq!(summary, "Analysed 16 rows and 6 columns; top 5 by revenue");
    assert_eq!(
        progress,
        [
            "Parsing 610 bytes of CSV from sales.csv",
            "Parsed 16 rows x 6 columns",
            "Computing column statistics",
            "Ranking rows by revenue",
        ]
    );
}

#[test]
fn metadata_names_the_column() {
    let mut message = user(vec![sales_file()]);
    message.metadata = Some(r#"{"skillId":"csv-analyst","column":"revenue"}"#.into());
    assert_eq!(markdown(&turn(message, vec![])), SALES_REPORT);
}

#[test]
fn asks_for_a_column_then_reads_the_csv_from_history() {
    let first = user(vec![sales_file(), Part::text("Please analyse this file")]);
    let (answer, progress) = run(&turn(first.clone(), vec![]));
    assert_eq!(ask(answer), QUESTION);
    assert_eq!(progress.len(), 3);

    let history = vec![first, agent(QUESTION)];
    let second = turn(user(vec![Part::text("revenue")]), history);
    assert_eq!(markdown(&second), SALES_REPORT);
}

#[test]
fn asks_again_for_a_wrong_answer_naming_the_choices() {
    let history = vec![user(vec![sales_file()]), agent(QUESTION)];
    let wrong = turn(user(vec![Part::text("rank by profit")]), history.clone());
    assert_eq!(
        ask(run(&wrong).0),
        format!("There is no column \"profit\". {QUESTION}")
    );
    let text = turn(user(vec![Part::text("column: region")]), history);
    assert_eq!(
        ask(run(&text).0),
        format!("Column \"region\" is text, not numeric. {QUESTION}")
    );
}

#[test]
fn sniffs_csv_in_plain_text_and_code_fences() {
    let plain = turn(
        user(vec![Part::text(SALES), Part::text("rank by revenue")]),
        vec![],
    );
    let fenced = format!("Here are my sales; rank by revenue.\n```csv\n{SALES}```\nThanks!");
    let fenced = turn(user(vec![Part::text(fenced)]), vec![]);
    for t in [plain, fenced] {
        let md = markdown(&t);
        assert!(md.starts_with("# CSV analysis: CSV data\n"), "{md}");
        assert!(md.contains("## Top 5 rows by revenue"));
    }
}

#[test]
fn a_declared_text_part_and_an_untyped_file_are_read() {
    let part = Part::text("name,score\na,3\nb,5\n").with_media_type("text/csv; charset=utf-8");
    assert!(markdown(&turn(user(vec![part]), vec![])).contains("| 1 | 2 | b | 5 |"));
    let raw = Part::raw(b"name,score\na,3\n".to_vec()).with_media_type("application/octet-stream");
    assert!(markdown(&turn(user(vec![raw]), vec![])).contains("| 1 | 1 | a | 3 |"));
}

#[test]
fn the_only_numeric_column_ranks_without_asking() {
    let part = Part::text("city,pop\nOslo,700\nBergen,290\n").with_filename("cities.csv");
    let (answer, _) = run(&turn(user(vec![part]), vec![]));
    let Ok(Answer::Report { markdown, summary }) = answer else {
        panic!("{answer:?}")
    };
    assert!(markdown.contains("## Top 2 rows by pop\n"));
    assert_eq!(summary, "Analysed 2 rows and 2 columns; top 2 by pop");
}

#[test]
fn no_numeric_column_reports_without_ranking() {
    let part = Part::text("a,b\nx,y\n").with_media_type("text/csv");
    let (answer, progress) = run(&turn(user(vec![part]), vec![]));
    let Ok(Answer::Report { markdown, summary }) = answer else {
        panic!("{answer:?}")
    };
    assert!(markdown.contains("No column is numeric, so the rows are not ranked."));
    assert_eq!(summary, "Analysed 1 row and 2 columns");
    assert_eq!(progress.len(), 3);
}

#[test]
fn no_csv_is_an_error() {
    let prose = user(vec![
        Part::text("Hello there"),
        Part::text("one line, with a comma"),
    ]);
    assert_eq!(
        run(&turn(prose, vec![agent("a,b\n1,2\n")])).0,
        Err(NO_CSV.to_string())
    );
    let image = Part::raw(b"a,b\n1,2\n".to_vec()).with_media_type("image/png");
    assert_eq!(
        run(&turn(user(vec![image]), vec![])).0,
        Err(NO_CSV.to_string())
    );
}

#[test]
fn malformed_csv_errors_say_what_and_where() {
    let cases = [
        ("", "invalid CSV in data.csv: the CSV is empty"),
        (
            "a,b\n1,2\n3\n",
            "invalid CSV in data.csv: line 3 (data row 2) has 1 field, but the header has 2 columns (is a field missing?)",
        ),
        (
            "a,a\n1,2\n",
            "invalid CSV in data.csv: the header names two columns \"a\" (columns 1 and 2); column names must be unique",
        ),
        (
            "a,\"b\n1,2\n",
            "invalid CSV in data.csv: unterminated quoted field: field 2 of the header opens a quote on line 1 that is never closed",
        ),
    ];
    for (csv, expected) in cases {
        let part = Part::raw(csv.as_bytes()).with_filename("data.csv");
        assert_eq!(
            run(&turn(user(vec![part]), vec![])).0,
            Err(expected.to_string()),
            "{csv:?}"
        );
    }
}

#[test]
fn a_file_that_is_not_utf8_is_an_error() {
    let part = Part::raw(b"name\n caf\xe9\n".to_vec())
        .with_media_type("text/csv")
        .with_filename("latin1.csv");
    let expected =
        "the CSV file latin1.csv is not UTF-8 text (invalid byte at offset 9); save it as UTF-8";
    assert_eq!(
        run(&turn(user(vec![part]), vec![])).0,
        Err(expected.to_string())
    );
}

#[test]
fn the_card_and_artifact_follow_the_contract() {
    let card = crate::card();
    assert_eq!(card.id, "csv-analyst");
    assert!(card.input_modes.contains(&"text/csv".to_string()));
    assert_eq!(card.output_modes, ["text/markdown", "text/plain"]);
    let artifact = crate::report_artifact("# r".into());
    assert_eq!(
        (artifact.artifact_id.as_str(), artifact.name.as_deref()),
        ("report", Some("report"))
    );
    let part = &artifact.parts[0];
    assert_eq!(
        (part.media_type.as_deref(), part.filename.as_deref()),
        (Some("text/markdown"), Some("report.md"))
    );
    assert_eq!(part.as_text(), Some("# r"));
}
