//! What a skill sends that reaches clients as it is: it cannot claim a failure kind (or any
//! key the host owns), and media types, file names and URLs are checked. A bad value ends
//! the run with `contractViolation` naming the field.

use skillhost_tests::{Plugin, TestHost, msg, task};

use super::{fails, hostile};

#[tokio::test]
async fn a_forged_failure_kind_is_refused() {
    let host = hostile("").await;
    let reason = "final reply: metadata sets `failureKind`, which only the host may set";
    fails(&host, "forge-reply", "contractViolation", reason).await;
    let reason = "status message: metadata sets `failureKind`";
    fails(&host, "forge-status", "contractViolation", reason).await;
}

#[tokio::test]
async fn media_types_file_names_and_urls_are_checked() {
    let host = hostile("").await;
    let cases = [
        (
            "bad-media-type",
            "part 1: mediaType \"text\" is not a media type",
        ),
        ("bad-filename", "part 1: filename \"../\" has no file name"),
        (
            "file-url",
            "part 1: url scheme `file` is not allowed (only https, http, data)",
        ),
    ];
    for (skill, reason) in cases {
        fails(&host, skill, "contractViolation", reason).await;
    }
}

#[tokio::test]
async fn file_names_lose_their_path() {
    let host = TestHost::start(&[Plugin::new("hostile", "hostile")], "").await;
    let task = host
        .ok("SendMessage", msg::to_skill("path-filename", "go"))
        .await["task"]
        .clone();
    assert_eq!(task::state(&task), "TASK_STATE_COMPLETED", "{task}");
    assert_eq!(
        task["artifacts"][0]["parts"][0]["filename"], "passwd",
        "{task}"
    );
}
