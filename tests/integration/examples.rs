//! The examples for skill authors do what the README says.

use skillhost_tests::{Plugin, TestHost, msg};

#[tokio::test]
async fn the_readme_greeter_asks_then_greets() {
    let host = TestHost::start(&[Plugin::new("greeter", "greeter")], "").await;
    let asked = host.ok("SendMessage", msg::text("g1", "")).await["task"].clone();
    assert_eq!(asked["status"]["state"], "TASK_STATE_INPUT_REQUIRED");
    assert_eq!(
        asked["status"]["message"]["parts"][0]["text"],
        "What is your name?"
    );
    let id = asked["id"].as_str().expect("id");
    let done = host.ok("SendMessage", msg::follow_up(id, "Ada")).await["task"].clone();
    assert_eq!(done["status"]["state"], "TASK_STATE_COMPLETED");
    assert_eq!(done["artifacts"][0]["parts"][0]["text"], "Hello, Ada!");
}
