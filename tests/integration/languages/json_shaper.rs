//! json-shaper (JavaScript): queries over JSON records, with the known answers of
//! plugins/json-shaper/testdata/EXPECTED.md.

use serde_json::{Value, json};

use super::{
    artifact_named, asks_then_completes, data_of, fails_with, file, host, joined,
    listed_in_the_card, runs_out_of_fuel, send, status_text, streams_in_order,
};

const PEOPLE: &str = include_str!("../../../plugins/json-shaper/testdata/people.json");
const FIRST: &str = r#"{"id":17,"name":"John Hopper","age":77,"active":true,"score":23,"tags":[],"address":{"city":"Perth","zip":"11649"}}"#;

fn people_file() -> Value {
    file(PEOPLE.as_bytes(), "application/json", "people.json")
}

#[tokio::test]
async fn streams_ndjson_in_chunks_and_a_summary() {
    let host = host("json-shaper", "").await;
    listed_in_the_card(&host, "json-shaper").await;
    let parts = json!([people_file(), {"text": "where age > 30 | sort -age"}]);
    let (task, result) =
        streams_in_order(&host, send("json-shaper", "js-1", parts), "result", 3).await;
    assert_eq!(status_text(&task), "150 records in, 118 out");
    assert_eq!(result.lines().count(), 118);
    assert_eq!(result.lines().next(), Some(FIRST));
    assert_eq!(
        *data_of(&task, "summary"),
        json!({"inputRecords": 150, "outputRecords": 118,
            "fields": ["id", "name", "age", "active", "score", "tags", "address"],
            "query": "where age > 30 | sort -age"})
    );
}

#[tokio::test]
async fn asks_for_the_query_then_runs_it_on_the_earlier_document() {
    let host = host("json-shaper", "").await;
    // Key order is not kept through a data part (JSON objects are unordered), so the
    // fields come alphabetically here, in document order from a file.
    let question = "The document has 150 records with fields: active, address, age, id, name, score, tags. Which query should I run? For example: where age > 30 | sort -age | limit 10";
    let data = json!({"data": serde_json::from_str::<Value>(PEOPLE).expect("people.json")});
    let first = send("json-shaper", "js-2", json!([data]));
    let query = "group by address.city sum score avg age | sort address.city";
    let done = asks_then_completes(&host, first, question, json!([{"text": query}])).await;
    let lines: Vec<String> = joined(artifact_named(&done, "result"))
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(lines.len(), 6);
    assert_eq!(
        lines[0],
        r#"{"address.city":"Lisbon","count":25,"sum(score)":1370,"avg(age)":46.6}"#
    );
    assert_eq!(
        lines[5],
        r#"{"address.city":"Quito","count":25,"sum(score)":1115,"avg(age)":48.4}"#
    );
}

#[tokio::test]
async fn bad_input_fails_with_the_skills_reason() {
    let host = host("json-shaper", "").await;
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let cases = [
        (
            r#"[{"a":1},"#,
            "Invalid JSON: JSON.parse: unexpected end of data at line 1 column 10 of the JSON data",
        ),
        ("[1,2]\nlimit 1", "Record 1 is not a JSON object."),
        (
            "[{\"a\":1}]\nfilter a",
            "Clause 1: unknown clause 'filter'; use where, select, sort, limit or group by.",
        ),
        (
            "[{\"a\":1}]\nwhere a ~ 1",
            "Clause 1: expected FIELD OP VALUE with OP one of = != <= >= < > contains; got 'a ~ 1'.",
        ),
        (
            "[{\"a\":1}]\nlimit many",
            "Clause 1: limit must be a whole number from 0 to 100000, not 'many'.",
        ),
        (
            &deep,
            "The document nests 100 levels deep; the limit is 64.",
        ),
    ];
    for (i, (text, reason)) in cases.into_iter().enumerate() {
        let params = send(
            "json-shaper",
            &format!("js-bad-{i}"),
            json!([{"text": text}]),
        );
        fails_with(&host, params, reason).await;
    }
}

#[tokio::test]
async fn a_fuel_budget_too_small_fails_the_task_cleanly() {
    // Enough for `describe` (about 10^6 fuel in the JavaScript engine), far too little to
    // parse 20,000 records.
    let records: Vec<Value> = (0..20_000).map(|i| json!({"i": i})).collect();
    let text = format!("{}\nlimit 1", Value::from(records));
    let params = send("json-shaper", "js-3", json!([{"text": text}]));
    runs_out_of_fuel("json-shaper", "[limits]\nfuel = 10_000_000", params).await;
}
