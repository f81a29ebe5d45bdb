//! checksum (C): digests, base64 and hex of a file or a text, with the known answers of
//! plugins/checksum/testdata/EXPECTED.md.

use base64::Engine as _;
use serde_json::json;

use super::{
    asks_then_completes, data_of, fails_with, file, host, joined, listed_in_the_card,
    runs_out_of_fuel, send, status_text, streams_in_order,
};

const SAMPLE: &[u8] = include_bytes!("../../../plugins/checksum/testdata/sample.bin");
const SHA256: &str = "1e0d7c1f75b60785a19d26b1335ce40ba353da1154e09905170a9e411da3e3e0";

fn sample() -> serde_json::Value {
    file(SAMPLE, "application/octet-stream", "sample.bin")
}

#[tokio::test]
async fn streams_a_chunked_encoding_and_a_summary() {
    let host = host("checksum", "").await;
    listed_in_the_card(&host, "checksum").await;
    let params = send("checksum", "ck-1", json!([sample(), {"text": "base64"}]));
    let (task, result) = streams_in_order(&host, params, "result", 4).await;
    assert_eq!(
        result,
        base64::engine::general_purpose::STANDARD.encode(SAMPLE)
    );
    assert_eq!(
        status_text(&task),
        "base64: 10000 bytes in, 13336 bytes out"
    );
    assert_eq!(
        *data_of(&task, "summary"),
        json!({"operation": "base64", "inputBytes": 10000, "outputBytes": 13336,
            "chunks": 4, "resultMediaType": "text/plain",
            "crc32": "2cb91fcd", "adler32": "597a1402", "sha256": SHA256})
    );
}

#[tokio::test]
async fn asks_for_the_operation_then_digests_the_earlier_file() {
    let host = host("checksum", "").await;
    let question = "Which operation should I apply to the 10000 bytes: digest, base64, unbase64, hex or unhex?";
    let first = send("checksum", "ck-2", json!([sample()]));
    let done = asks_then_completes(&host, first, question, json!([{"text": "digest"}])).await;
    let result = super::artifact_named(&done, "result");
    let want = format!("crc32 2cb91fcd\nadler32 597a1402\nsha256 {SHA256}\n");
    assert_eq!(joined(result), want);
    assert_eq!(
        result["parts"].as_array().map(Vec::len),
        Some(3),
        "a line per chunk"
    );
}

#[tokio::test]
async fn decoded_text_comes_back_as_text_and_other_bytes_as_raw() {
    let host = host("checksum", "").await;
    let decode = |id: &str, text: &str| send("checksum", id, json!([{ "text": text }]));
    let task = host
        .ok(
            "SendMessage",
            decode("ck-3", "unbase64 SGVsbG8sIHdvcmxkIQ=="),
        )
        .await;
    let part = &super::artifact_named(&task["task"], "result")["parts"][0];
    assert_eq!(part["text"], "Hello, world!");
    assert_eq!(part["mediaType"], "text/plain");
    let task = host.ok("SendMessage", decode("ck-4", "unhex 00ff10")).await;
    let part = &super::artifact_named(&task["task"], "result")["parts"][0];
    assert_eq!(part["raw"], "AP8Q", "the bytes 00 ff 10, not UTF-8");
    assert_eq!(part["mediaType"], "application/octet-stream");
}

#[tokio::test]
async fn metadata_can_name_the_operation_and_then_the_whole_text_is_data() {
    let host = host("checksum", "").await;
    let mut params = send("checksum", "ck-6", json!([{"text": "digest me"}]));
    params["message"]["metadata"]["operation"] = json!("hex");
    let task = host.ok("SendMessage", params).await["task"].clone();
    assert_eq!(
        joined(super::artifact_named(&task, "result")),
        "646967657374206d65"
    );
}

#[tokio::test]
async fn bad_input_fails_with_the_skills_reason() {
    let host = host("checksum", "").await;
    let cases = [
        (
            json!([sample(), {"text": "sha1"}]),
            "Unknown operation 'sha1': choose digest, base64, unbase64, hex or unhex.",
        ),
        (
            json!([{"text": "unbase64 SGVsb$G8="}]),
            "Invalid base64 at offset 5: '$'.",
        ),
        (
            json!([{"url": "https://example.com/x.bin"}]),
            "This skill does not fetch URLs: send the data as a file or as text.",
        ),
        (
            json!([{"text": "unbase64 SGVsbG8sI"}]),
            "Invalid base64: it ends in the middle of a group (9 symbols).",
        ),
        (
            json!([{"text": "unhex 48656c6c6fz"}]),
            "Invalid hex digit at offset 10: 'z'.",
        ),
        (
            json!([{"text": "unhex 48656c6c6"}]),
            "Invalid hex: an odd number of digits (9).",
        ),
        (
            json!([file(&vec![7; (4 << 20) + 1], "application/octet-stream", "big"), {"text": "digest"}]),
            "The input is 4194305 bytes; the limit is 4194304 bytes (4 MiB).",
        ),
    ];
    for (i, (parts, reason)) in cases.into_iter().enumerate() {
        fails_with(
            &host,
            send("checksum", &format!("ck-bad-{i}"), parts),
            reason,
        )
        .await;
    }
}

#[tokio::test]
async fn a_fuel_budget_too_small_fails_the_task_cleanly() {
    let params = send("checksum", "ck-5", json!([sample(), {"text": "base64"}]));
    runs_out_of_fuel("checksum", "[limits]\nfuel = 100_000", params).await;
}
