//! The price of a value is never below what the task engine later says it weighs.

use serde_json::json;
use skillhost_types::ApproxSize;

use super::*;
use crate::convert;

fn part(content: wit::PartContent) -> wit::Part {
    wit::Part {
        content,
        media_type: Some("text/plain".into()),
        filename: Some("a.txt".into()),
        metadata: Some(json!({"k": [1, 2, {"x": "y"}]}).to_string()),
    }
}

fn parts() -> Vec<wit::Part> {
    let data = json!({"rows": [[0, 0, 0], [1.5, null, true]], "s": "a,b[c{"}).to_string();
    vec![
        part(wit::PartContent::Text("hello".into())),
        part(wit::PartContent::Raw(vec![0; 100])),
        part(wit::PartContent::Url("https://a.example/x".into())),
        part(wit::PartContent::Data(data)),
        part(wit::PartContent::Data("[0,0,0,0,0,0,0,0,0,0]".into())),
    ]
}

#[test]
fn an_artifact_costs_at_least_its_stored_size() {
    let a = wit::Artifact {
        artifact_id: "report".into(),
        name: Some("n".repeat(300)),
        description: Some("d".repeat(500)),
        parts: parts(),
        metadata: Some(json!({"m": "v".repeat(1000)}).to_string()),
    };
    let bill = artifact(&a);
    let stored = convert::artifact_from_wit(a).expect("valid");
    assert!(
        bill.bytes >= stored.approx_size(),
        "{bill:?} < {}",
        stored.approx_size()
    );
    assert_eq!(bill.parts, 5);
}

#[test]
fn a_reply_costs_at_least_its_stored_size() {
    let r = wit::Reply {
        parts: parts(),
        metadata: Some(json!({"m": [0, 0, 0, 0]}).to_string()),
    };
    let bill = reply(&r);
    let stored = convert::reply_from_wit(r, "test").expect("valid");
    let message = skillhost_types::Message {
        metadata: stored.metadata,
        ..skillhost_types::Message::agent(stored.parts)
    };
    assert!(event(bill).bytes >= message.approx_size());
}

#[test]
fn empty_parts_are_not_free() {
    let empty = || part(wit::PartContent::Text(String::new()));
    let bill = reply(&wit::Reply {
        parts: (0..1000).map(|_| empty()).collect(),
        metadata: None,
    });
    assert!(
        bill.bytes >= 1000 * OBJECT && bill.parts == 1000,
        "{bill:?}"
    );
}

#[test]
fn json_costs_per_value_but_not_per_comma_in_a_string() {
    let zeros = json(Some("[0,0,0,0]"));
    assert_eq!(zeros, 9 + 5 * OBJECT);
    let text = json(Some("\"a,b,\\\",[{\""));
    assert_eq!(
        text,
        11 + OBJECT,
        "commas and brackets inside a string are content"
    );
}

#[test]
fn log_records_cost_what_they_write() {
    let fields = vec![(String::new(), String::new()); 10];
    assert_eq!(log("", &fields), 40, "empty fields still write separators");
    assert_eq!(log("a\nb", &[]), 4, "escaping counts");
}
