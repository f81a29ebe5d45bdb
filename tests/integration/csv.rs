//! The csv-analyst plugin through the host: known numbers, the INPUT_REQUIRED round trip,
//! streamed progress, and clear failures for malformed input.

use serde_json::{Value, json};
use skillhost_tests::task::status_text;
use skillhost_tests::{Plugin, TestHost, msg};

const SALES: &str = include_str!("../../plugins/csv-analyst/testdata/sales.csv");
const REPORT: &str = include_str!("../../plugins/csv-analyst/testdata/sales.report.md");

async fn host() -> TestHost {
    TestHost::start(&[Plugin::new("csv-analyst", "csv_analyst")], "").await
}

/// A message carrying sales.csv as a file part, plus an optional text part.
fn sales_file(text: Option<&str>) -> Value {
    use base64::Engine as _;
    let raw = base64::engine::general_purpose::STANDARD.encode(SALES);
    let mut parts = vec![json!({"raw": raw, "mediaType": "text/csv", "filename": "sales.csv"})];
    parts.extend(text.map(|t| json!({"text": t})));
    json!({"message": {"messageId": "csv-1", "role": "ROLE_USER", "parts": parts}})
}

#[tokio::test]
async fn asks_for_the_column_then_reports_known_numbers() {
    let host = host().await;
    let asked = host.ok("SendMessage", sales_file(None)).await["task"].clone();
    assert_eq!(
        asked["status"]["state"], "TASK_STATE_INPUT_REQUIRED",
        "{asked}"
    );
    assert_eq!(
        status_text(&asked),
        "Which column should I rank the top 5 rows by? Numeric columns: units, price, revenue"
    );
    let id = asked["id"].as_str().expect("id");
    let done = host.ok("SendMessage", msg::follow_up(id, "revenue")).await["task"].clone();
    assert_eq!(done["status"]["state"], "TASK_STATE_COMPLETED", "{done}");
    assert_eq!(
        status_text(&done),
        "Analysed 16 rows and 6 columns; top 5 by revenue"
    );
    let report = &done["artifacts"][0];
    assert_eq!(
        (report["artifactId"].as_str(), report["name"].as_str()),
        (Some("report"), Some("report"))
    );
    let part = &report["parts"][0];
    assert_eq!(
        (part["mediaType"].as_str(), part["filename"].as_str()),
        (Some("text/markdown"), Some("report.md"))
    );
    assert_eq!(part["text"].as_str().unwrap_or(""), REPORT);
    for line in [
        "- Rows: 16 (data rows, header excluded)",
        "| units | integer | 1 | 1 | 40 | 11.6 |",
        "| price | number | 0 | 1.15 | 329 | 64.4069 |",
        "| revenue | number | 1 | 20 | 658 | 184.2773 |",
        "| 1 | 4 | S04 | West | Monitor 27\" 4K | 2 | 329.00 | 658.00 |",
        "| 3 | 15 | S15 | East | Chair | 2 | 164.50 | 329.00 |",
    ] {
        assert!(REPORT.contains(line), "the fixture report holds {line:?}");
    }
}

#[tokio::test]
async fn streams_its_progress_before_the_report() {
    let host = host().await;
    let mut params = sales_file(None);
    params["message"]["metadata"] = json!({"column": "revenue"});
    let events = host
        .stream("SendStreamingMessage", params)
        .await
        .collect()
        .await;
    let progress: Vec<&str> = events
        .iter()
        .filter_map(|e| e["result"].get("statusUpdate"))
        .filter(|u| u["status"]["state"] == "TASK_STATE_WORKING")
        .filter_map(|u| u["status"]["message"]["parts"][0]["text"].as_str())
        .collect();
    assert_eq!(
        progress,
        [
            "Parsing 610 bytes of CSV from sales.csv",
            "Parsed 16 rows x 6 columns",
            "Computing column statistics",
            "Ranking rows by revenue",
        ]
    );
    let last = events.last().expect("events");
    assert_eq!(
        last["result"]["statusUpdate"]["status"]["state"],
        "TASK_STATE_COMPLETED"
    );
    let artifact = events
        .iter()
        .find_map(|e| e["result"].get("artifactUpdate"))
        .expect("report");
    assert_eq!(
        artifact["artifact"]["parts"][0]["text"]
            .as_str()
            .unwrap_or(""),
        REPORT
    );
}

#[tokio::test]
async fn reads_csv_from_text_and_the_column_from_prose() {
    let host = host().await;
    let csv = "name,score,age\nada,91.5,36\nbob,78,41\ncyd,88.25,29\n";
    let mut params = msg::text("csv-2", csv);
    params["message"]["parts"]
        .as_array_mut()
        .expect("parts")
        .push(json!({"text": "rank by age"}));
    let task = host.ok("SendMessage", params).await["task"].clone();
    assert_eq!(task["status"]["state"], "TASK_STATE_COMPLETED", "{task}");
    let report = task["artifacts"][0]["parts"][0]["text"]
        .as_str()
        .unwrap_or("");
    assert!(
        report.contains("| score | number | 0 | 78 | 91.5 | 85.9167 |"),
        "{report}"
    );
    assert!(
        report.contains("| 1 | 2 | bob | 78 | 41 |"),
        "bob is the oldest: {report}"
    );
}

#[tokio::test]
async fn malformed_csv_fails_with_a_message_that_says_where() {
    let host = host().await;
    let cases = [
        (
            "a,b\n1,2\n3\n",
            "line 3 (data row 2) has 1 field, but the header has 2 columns",
        ),
        ("a,b\n1,\"2\n", "unterminated quoted field"),
        ("just some words", "no CSV found"),
    ];
    for (text, expected) in cases {
        let mut params = msg::text("csv-bad", text);
        params["message"]["parts"][0]["mediaType"] = json!("text/csv");
        if expected == "no CSV found" {
            params["message"]["parts"][0]["mediaType"] = json!("text/plain");
        }
        let task = host.ok("SendMessage", params).await["task"].clone();
        assert_eq!(
            task["status"]["state"], "TASK_STATE_FAILED",
            "{text:?}: {task}"
        );
        assert!(
            status_text(&task).contains(expected),
            "{text:?}: {}",
            status_text(&task)
        );
        assert_eq!(
            task["status"]["message"]["metadata"]["failureKind"], "skillError",
            "the skill said no"
        );
    }
}
