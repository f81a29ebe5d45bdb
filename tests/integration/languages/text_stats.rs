//! text-stats (Python): statistics, readability and a summary of a text, with the known
//! answers of plugins/text-stats/testdata/EXPECTED.md.

use serde_json::json;

use super::{
    asks_then_completes, data_of, fails_with, file, host, listed_in_the_card, runs_out_of_fuel,
    send, status_text, streams_in_order,
};

const SAMPLE: &str = include_str!("../../../plugins/text-stats/testdata/sample.txt");
const SUMMARY: [&str; 3] = [
    "For almost a century its keepers lived in the small stone house beside the tower.",
    "The ledger survives.",
    "Is the light still needed?",
];

#[tokio::test]
async fn streams_the_report_by_section_and_the_stats() {
    let host = host("text-stats", "").await;
    listed_in_the_card(&host, "text-stats").await;
    let params = send("text-stats", "ts-1", json!([{"text": SAMPLE}]));
    let (task, report) = streams_in_order(&host, params, "report", 4).await;
    assert_eq!(status_text(&task), "Analysed 171 words in 14 sentences");
    let headings: Vec<&str> = report.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "# Text statistics",
            "## Readability",
            "## Top words",
            "## Summary"
        ]
    );
    assert!(
        report.contains("- Flesch reading ease: 76.2 (fairly easy)\n"),
        "{report}"
    );
    let stats = data_of(&task, "stats");
    let counts = [
        "characters",
        "words",
        "sentences",
        "paragraphs",
        "uniqueWords",
    ]
    .map(|k| &stats[k]);
    assert_eq!(
        counts,
        [&json!(958), &json!(171), &json!(14), &json!(4), &json!(111)]
    );
    assert_eq!(stats["averageWordLength"], 4.47);
    assert_eq!(stats["averageSentenceLength"], 12.21);
    assert_eq!(stats["fleschReadingEase"], 76.2);
    assert_eq!(stats["readingTimeSeconds"], 51);
    assert_eq!(stats["topWords"][0], json!({"word": "every", "count": 3}));
    assert_eq!(stats["summary"], json!(SUMMARY));
}

#[tokio::test]
async fn asks_for_the_text_and_keeps_the_summary_size_asked_before() {
    let host = host("text-stats", "").await;
    let question = "Send the text to analyse, as a message or a text file.";
    let first = send("text-stats", "ts-2", json!([{"text": "summary: 5"}]));
    let answer = json!([file(SAMPLE.as_bytes(), "text/plain", "sample.txt")]);
    let done = asks_then_completes(&host, first, question, answer).await;
    let summary = &data_of(&done, "stats")["summary"];
    assert_eq!(summary.as_array().map(Vec::len), Some(5), "{summary}");
    assert_eq!(summary[2], "In 1962 the light was automated.");
}

#[tokio::test]
async fn bad_input_fails_with_the_skills_reason() {
    let host = host("text-stats", "").await;
    let cases = [
        (
            json!([file(b"\xffabc", "text/plain", "a.txt")]),
            "a.txt is not UTF-8 text (invalid byte at offset 0).",
        ),
        (
            json!([{"text": "summary: 0\nHello."}]),
            "summary must be a whole number from 1 to 10, not '0'.",
        ),
        (
            json!([{"text": "!!! ???"}]),
            "The text has no words to analyse.",
        ),
        (
            json!([{"text": "a".repeat((1 << 20) + 1)}]),
            "The text is 1048577 bytes; the limit is 1048576 bytes (1 MiB).",
        ),
    ];
    for (i, (parts, reason)) in cases.into_iter().enumerate() {
        fails_with(
            &host,
            send("text-stats", &format!("ts-bad-{i}"), parts),
            reason,
        )
        .await;
    }
}

#[tokio::test]
async fn a_fuel_budget_too_small_fails_the_task_cleanly() {
    let params = send("text-stats", "ts-3", json!([{"text": SAMPLE}]));
    // Enough for loading (describe, whose host calls are charged too: 1-3 * 10^6), far
    // too little for the run.
    runs_out_of_fuel("text-stats", "[limits]\nfuel = 10_000_000", params).await;
}
