//! `skillhost skill run FILE`: a conversation with a component and no server. The real
//! binary runs here, its stdin and stdout piped as a terminal's would be.

use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use skillhost_tests::bundled;
use skillhost_tests::process::binary;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{ChildStdout, Command};

const CSV: &str = "name,score,size\na,1,2\nb,3,4\nc,5,9";

/// The bound on a run that works (a broken one hangs), not a measurement.
const WITHIN: Duration = Duration::from_secs(60);

fn skill_run(args: &[&str]) -> Command {
    let mut command = Command::new(binary());
    command
        .args(["skill", "run"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    command
}

/// Lines of `out` up to and including the first that starts with `prefix`.
async fn until(out: &mut Lines<BufReader<ChildStdout>>, prefix: &str) -> Vec<String> {
    let mut seen = Vec::new();
    let read = async {
        while let Some(line) = out.next_line().await.expect("stdout") {
            let done = line.starts_with(prefix);
            seen.push(line);
            if done {
                return;
            }
        }
    };
    tokio::time::timeout(WITHIN, read).await.expect("in time");
    assert!(
        seen.last().is_some_and(|l| l.starts_with(prefix)),
        "no line starting {prefix:?} in {seen:#?}"
    );
    seen
}

#[tokio::test]
async fn a_multi_turn_conversation_is_printed_live_and_answered_at_the_prompt() {
    let csv = bundled("csv-analyst");
    let mut child = skill_run(&[csv.to_str().expect("path"), "-m", CSV])
        .spawn()
        .expect("skillhost runs");
    let mut out = BufReader::new(child.stdout.take().expect("stdout")).lines();
    // The question is on screen before any answer exists: events are printed as they come.
    let first = until(&mut out, "[INPUT_REQUIRED]").await;
    assert!(first[0].starts_with("task "), "{first:#?}");
    assert!(
        first
            .iter()
            .any(|l| l == "[WORKING] Parsed 3 rows x 3 columns")
    );
    assert!(
        first.last().is_some_and(|l| l.contains("score, size")),
        "{first:#?}"
    );
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"score\n").await.expect("answer");
    let second = until(&mut out, "[COMPLETED]").await;
    assert!(
        second
            .iter()
            .any(|l| l == "artifact report: # CSV analysis: CSV data")
    );
    assert!(
        second.iter().any(|l| l == "| 1 | 3 | c | 5 | 9 |"),
        "{second:#?}"
    );
    drop(stdin);
    let status = child.wait().await.expect("exit");
    assert!(status.success(), "{status}");
}

#[tokio::test]
async fn json_output_is_a2a_stream_responses_and_a_failed_task_fails_the_command() {
    let csv = bundled("csv-analyst");
    let mut run = skill_run(&[csv.to_str().expect("path"), "-m", "no table here", "--json"]);
    let done = tokio::time::timeout(WITHIN, run.output())
        .await
        .expect("in time");
    let done = done.expect("skillhost runs");
    let events: Vec<Value> = String::from_utf8_lossy(&done.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert!(events[0]["task"]["id"].is_string(), "{events:?}");
    let last = &events[events.len() - 1]["statusUpdate"]["status"];
    assert_eq!(last["state"], "TASK_STATE_FAILED", "{events:?}");
    assert_eq!(last["message"]["metadata"]["failureKind"], "skillError");
    assert!(!done.status.success());
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(
        stderr.contains("error: the task ended TASK_STATE_FAILED"),
        "{stderr}"
    );
}

#[tokio::test]
async fn an_unknown_skill_or_file_is_named_in_the_error() {
    let echo = bundled("echo");
    for (args, said) in [
        (
            vec![echo.to_str().expect("path"), "--skill", "nope", "-m", "hi"],
            "no skill \"nope\" in the component; it has: echo",
        ),
        (
            vec!["/nonexistent/x.wasm", "-m", "hi"],
            "cannot read /nonexistent/x.wasm",
        ),
    ] {
        let run = skill_run(&args).output();
        let done = tokio::time::timeout(WITHIN, run).await.expect("in time");
        let done = done.expect("skillhost runs");
        assert!(!done.status.success());
        let stderr = String::from_utf8_lossy(&done.stderr);
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
}
