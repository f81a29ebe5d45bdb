//! Hostile guests: each attack ends its task FAILED with its own reason, within its budget,
//! while another skill on the same host keeps answering.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use skillhost_tests::{Plugin, TestHost, msg};

use crate::contain::{hostile, still_serves};

/// Runs fixture `skill` with `limits` and checks the failure it ends in: its text and its
/// machine-readable `failureKind`.
async fn attack(
    skill: &str,
    limits: &str,
    (reason, kind): (&str, &str),
    budget: Duration,
) -> Duration {
    let host = hostile(limits).await;
    let started = Instant::now();
    let (hostile, echo) = tokio::join!(host.ok("SendMessage", msg::to_skill(skill, "go")), async {
        // Give the attack a head start, then check the host still answers.
        tokio::time::sleep(Duration::from_millis(20)).await;
        let t = Instant::now();
        let reply = host
            .ok("SendMessage", msg::to_skill("echo", "still here"))
            .await;
        (reply, t.elapsed())
    });
    let elapsed = started.elapsed();
    let task = &hostile["task"];
    assert_eq!(
        task["status"]["state"], "TASK_STATE_FAILED",
        "{skill}: {task}"
    );
    let text = task["status"]["message"]["parts"][0]["text"]
        .as_str()
        .unwrap_or("");
    assert!(
        text.contains(reason),
        "{skill}: status message {text:?} should contain {reason:?}"
    );
    assert_eq!(
        task["status"]["message"]["metadata"]["failureKind"], kind,
        "{skill}"
    );
    assert!(
        elapsed < budget,
        "{skill} took {elapsed:?}, budget {budget:?}"
    );
    assert_eq!(
        echo.0["message"]["parts"][0]["text"], "still here",
        "{skill}: echo kept working"
    );
    assert!(
        echo.1 < Duration::from_secs(1),
        "{skill}: echo took {:?} beside the attack",
        echo.1
    );
    still_serves(&host).await;
    elapsed
}

#[tokio::test]
async fn an_infinite_loop_runs_out_of_fuel() {
    attack(
        "spin",
        "[limits]\nfuel = 200_000_000",
        ("exceeded its CPU budget (200000000 fuel)", "outOfFuel"),
        Duration::from_secs(3),
    )
    .await;
}

#[tokio::test]
async fn an_infinite_loop_meets_its_deadline() {
    let toml = "[limits]\nfuel = 1_000_000_000_000\ndeadline_ms = 300";
    let took = attack(
        "spin",
        toml,
        ("exceeded its deadline (300 ms)", "deadline"),
        Duration::from_secs(2),
    )
    .await;
    assert!(
        took >= Duration::from_millis(300),
        "not before the deadline: {took:?}"
    );
}

#[tokio::test]
async fn a_guest_sleeping_in_a_host_call_meets_its_deadline() {
    attack(
        "nap",
        "[limits]\ndeadline_ms = 300",
        ("exceeded its deadline (300 ms)", "deadline"),
        Duration::from_secs(2),
    )
    .await;
}

#[tokio::test]
async fn a_memory_bomb_hits_the_memory_limit() {
    attack(
        "hog",
        "[limits]\nmemory_mib = 16",
        ("exceeded its memory limit (16 MiB)", "memoryLimit"),
        Duration::from_secs(3),
    )
    .await;
}

#[tokio::test]
async fn deep_recursion_overflows_the_stack() {
    attack(
        "recurse",
        "[limits]\nstack_kib = 128",
        ("overflowed its stack (128 KiB)", "stackOverflow"),
        Duration::from_secs(3),
    )
    .await;
}

#[tokio::test]
async fn an_event_flood_hits_the_event_limit() {
    attack(
        "flood",
        "[limits]\nmax_events = 100",
        ("more than 100 events", "eventLimit"),
        Duration::from_secs(3),
    )
    .await;
}

#[tokio::test]
async fn an_oversized_event_hits_the_byte_limit() {
    attack(
        "big-event",
        "[limits]\nmax_event_kib = 1024",
        ("more than 1048576 bytes of events", "eventLimit"),
        Duration::from_secs(3),
    )
    .await;
}

#[tokio::test]
async fn a_panic_is_reported_with_its_message() {
    let reason = "the crash fixture crashed on purpose";
    attack("crash", "", (reason, "trap"), Duration::from_secs(3)).await;
}

#[tokio::test]
async fn breaking_the_contract_is_named() {
    let reason =
        "broke the a2a:skill contract: appended to artifact `missing`, which does not exist";
    attack(
        "bad-append",
        "",
        (reason, "contractViolation"),
        Duration::from_secs(3),
    )
    .await;
}

#[tokio::test]
async fn cancel_stops_a_cpu_bound_guest_within_100_ms() {
    let host = TestHost::start(
        &[Plugin::new("hostile", "hostile").with_toml("[limits]\nfuel = 1_000_000_000_000_000")],
        "",
    )
    .await;
    let mut params = msg::to_skill("spin", "go");
    params["configuration"] = json!({"returnImmediately": true});
    let id = host.ok("SendMessage", params).await["task"]["id"].clone();
    // Let the guest get going: it is running once a fuel slice has passed.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    let task = host.ok("CancelTask", json!({"id": id})).await;
    let took = started.elapsed();
    assert_eq!(task["status"]["state"], "TASK_STATE_CANCELED");
    assert!(took < Duration::from_millis(100), "cancel took {took:?}");
}

#[tokio::test]
async fn the_sandbox_grants_no_files_environment_or_network() {
    let host = TestHost::start(&[Plugin::new("hostile", "hostile")], "").await;
    let task = host.ok("SendMessage", msg::to_skill("probe", "go")).await["task"].clone();
    let report = task["status"]["message"]["parts"][0]["text"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert_eq!(
        report, "env=0 args=0 read_dir(/)=denied read(/etc/passwd)=denied tcp=denied",
        "{task}"
    );
}

#[tokio::test]
async fn many_concurrent_runs_all_complete() {
    // Room in echo's queue for all of them at once: this is about the pool, not admission.
    let echo = Plugin::new("echo", "echo").with_toml("[limits]\nmax_queued_runs = 256");
    let host = TestHost::start(&[echo], "[runtime]\nmax_concurrent_runs = 8").await;
    let sends = (0..200).map(|i| {
        let host = &host;
        async move {
            host.ok("SendMessage", msg::to_skill("echo", &format!("n{i}")))
                .await
        }
    });
    let replies: Vec<Value> = futures::future::join_all(sends).await;
    for (i, r) in replies.iter().enumerate() {
        assert_eq!(r["message"]["parts"][0]["text"], format!("n{i}"));
    }
}

#[tokio::test]
async fn a_plugin_that_hangs_in_describe_fails_to_load_in_time() {
    let toml = "[limits]\ndeadline_ms = 300\n[config]\nstall-describe = \"yes\"";
    let plugins = [Plugin::new("hostile", "hostile").with_toml(toml)];
    let err = TestHost::try_start(&plugins, "strict = true").await.err();
    let err = err.expect("loading fails");
    assert!(
        err.contains("plugin hostile")
            && err.contains("describe")
            && err.contains("deadline (300 ms)"),
        "{err}"
    );
}

#[tokio::test]
async fn a_plugin_at_its_run_limit_fails_fast_as_host_busy_while_others_run() {
    let toml = "[limits]\ndeadline_ms = 300\nmax_concurrent_runs = 1";
    let host = TestHost::start(
        &[
            Plugin::new("echo", "echo"),
            Plugin::new("hostile", "hostile").with_toml(toml),
        ],
        "default_skill = \"echo\"",
    )
    .await;
    let started = Instant::now();
    let (first, second, echo) = tokio::join!(
        host.ok("SendMessage", msg::to_skill("nap", "one")),
        async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            host.ok("SendMessage", msg::to_skill("nap", "two")).await
        },
        async {
            tokio::time::sleep(Duration::from_millis(40)).await;
            host.ok("SendMessage", msg::to_skill("echo", "fine")).await
        },
    );
    let text = |r: &Value| {
        r["task"]["status"]["message"]["parts"][0]["text"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert!(
        text(&first).contains("exceeded its deadline (300 ms)"),
        "{first}"
    );
    assert!(
        text(&second).contains("host busy"),
        "the second waits for the only slot: {second}"
    );
    assert_eq!(echo["message"]["parts"][0]["text"], "fine");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn leaking_host_handles_hits_the_resource_limit() {
    let reason = ("exceeded its resource limit (100 handles)", "resourceLimit");
    attack(
        "leak",
        "[limits]\nmax_resources = 100",
        reason,
        Duration::from_secs(3),
    )
    .await;
}

#[tokio::test]
async fn a_completed_artifact_stays_complete_in_later_turns() {
    let host = TestHost::start(&[Plugin::new("hostile", "hostile")], "").await;
    let asked = host
        .ok("SendMessage", msg::to_skill("reopen", "first"))
        .await["task"]
        .clone();
    assert_eq!(asked["status"]["state"], "TASK_STATE_INPUT_REQUIRED");
    let id = asked["id"].as_str().expect("id");
    let task = host.ok("SendMessage", msg::follow_up(id, "second")).await["task"].clone();
    assert_eq!(task["status"]["state"], "TASK_STATE_FAILED");
    let text = task["status"]["message"]["parts"][0]["text"]
        .as_str()
        .unwrap_or("");
    assert!(
        text.contains("appended to artifact `done` after its last chunk"),
        "{text}"
    );
}
