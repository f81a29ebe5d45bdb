//! The compile cache: an entry per component, reused, and rebuilt when unusable.

use skillhost_tests::{Plugin, TestHost, msg};

fn entries(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let read = std::fs::read_dir(dir).map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect());
    read.unwrap_or_default()
}

#[tokio::test]
async fn compiled_components_are_cached_and_a_broken_entry_is_rebuilt() {
    let cache = tempfile::tempdir().expect("temp dir");
    let config = format!("[runtime]\ncache_dir = {:?}", cache.path());
    let first = TestHost::start(&[Plugin::new("echo", "echo")], &config).await;
    let written = entries(cache.path());
    assert_eq!(written.len(), 1, "one entry per component: {written:?}");
    drop(first);
    std::fs::write(&written[0], b"not a compiled component").expect("corrupt the entry");
    let second = TestHost::start(&[Plugin::new("echo", "echo")], &config).await;
    let reply = second
        .ok("SendMessage", msg::text("m", "still works"))
        .await;
    assert_eq!(reply["message"]["parts"][0]["text"], "still works");
    let size = std::fs::metadata(&written[0]).expect("entry").len();
    assert!(size > 1000, "the broken entry was replaced: {size} bytes");
}
