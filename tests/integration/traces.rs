//! OpenTelemetry traces as a collector gets them: a real `skillhost serve` exporting over
//! OTLP/HTTP to a receiver this test starts. One request that carries a W3C `traceparent`
//! yields the `request`, `turn` and `run` spans in the caller's trace, parented in that
//! order, with the skill's log record inside the run; spans still waiting in a batch are
//! sent on a graceful stop; without an endpoint nothing is sent.

mod receiver;

use opentelemetry_proto::tonic::trace::v1::Span;
use receiver::{Host, Receiver, attr, has};
use serde_json::json;

/// The caller's trace and span (W3C Trace Context's example ids).
const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_ID: &str = "00f067aa0ba902b7";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SendMessage to echo with the caller's `traceparent` (sampled) and a `tracestate`.
async fn send_traced(host: &Host, text: &str) {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params":
        {"message": {"messageId": "m-traced", "role": "ROLE_USER", "parts": [{"text": text}]}}});
    let answer: serde_json::Value = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client")
        .post(host.base())
        .header("a2a-version", "1.0")
        .header("traceparent", format!("00-{TRACE_ID}-{PARENT_ID}-01"))
        .header("tracestate", "caller=1")
        .json(&body)
        .send()
        .await
        .expect("the host answers")
        .json()
        .await
        .expect("JSON");
    assert!(answer.get("result").is_some(), "{answer}");
}

/// The request, turn and run spans of the caller's trace, once all three are in.
fn request_turn_run(spans: &[Span]) -> Option<[Span; 3]> {
    let ours = |name: &str| {
        spans
            .iter()
            .find(|s| s.name == name && hex(&s.trace_id) == TRACE_ID)
            .cloned()
    };
    Some([ours("request")?, ours("turn")?, ours("run")?])
}

#[tokio::test]
async fn a_request_continues_the_callers_trace_into_the_skill() {
    let receiver = Receiver::start().await;
    let trace = format!(
        "otlp_endpoint = {:?}\nservice_name = \"traces-test\"\nbatch_delay_ms = 50",
        receiver.base
    );
    let host = Host::start(&trace, &[]).await;
    send_traced(&host, "hello").await;
    let [request, turn, run] = receiver.until(request_turn_run).await;

    assert_eq!(hex(&request.parent_span_id), PARENT_ID, "{request:?}");
    assert_eq!(attr(&request.attributes, "method"), Some("SendMessage"));
    assert_eq!(attr(&request.attributes, "binding"), Some("JsonRpc"));
    assert_eq!(
        request.trace_state, "caller=1",
        "the tracestate goes on too"
    );
    assert_eq!(
        turn.parent_span_id, request.span_id,
        "the turn is the request's"
    );
    assert_eq!(run.parent_span_id, turn.span_id, "the run is the turn's");
    assert_eq!(attr(&turn.attributes, "skill_id"), Some("echo"));
    assert_eq!(attr(&run.attributes, "skill_id"), Some("echo"));
    let task = attr(&turn.attributes, "task_id").expect("the turn names its task");
    assert_eq!(attr(&run.attributes, "task_id"), Some(task));
    assert!(has(&run.attributes, "fuel") && has(&run.attributes, "wall_us"));

    let record = run
        .events
        .iter()
        .find(|e| e.name == "echoing")
        .unwrap_or_else(|| panic!("the skill's record is an event of its run: {run:?}"));
    let fields = attr(&record.attributes, "fields").expect("the record's fields");
    assert_eq!(fields, "chars=\"5\"");
    let skill = attr(&record.attributes, "skill").expect("the record names its skill");
    assert!(skill.contains(&format!("task={task}")), "{skill}");
    host.stop().await;
}

#[tokio::test]
async fn a_graceful_stop_sends_the_spans_still_waiting() {
    let receiver = Receiver::start().await;
    // Far longer than the test takes: only the stop can send them.
    let trace = format!(
        "otlp_endpoint = {:?}\nbatch_delay_ms = 600_000",
        receiver.base
    );
    let host = Host::start(&trace, &[]).await;
    send_traced(&host, "bye").await;
    host.stop().await;
    assert!(
        request_turn_run(&receiver.spans()).is_some(),
        "{:#?}",
        receiver.spans()
    );
}

#[tokio::test]
async fn without_an_endpoint_nothing_is_exported() {
    let receiver = Receiver::start().await;
    // The variable an OpenTelemetry exporter would read if one were built: none may be.
    let url = format!("{}/v1/traces", receiver.base);
    let env = [("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", url.as_str())];
    let host = Host::start("service_name = \"unused\"", &env).await;
    send_traced(&host, "quiet").await;
    // A graceful stop flushes whatever an exporter holds: after it, nothing can follow.
    host.stop().await;
    assert!(receiver.spans().is_empty(), "{:#?}", receiver.spans());
}
