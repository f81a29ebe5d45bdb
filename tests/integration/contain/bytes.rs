//! Every byte a skill hands the host counts against its byte limits: artifact names,
//! descriptions and metadata, reply metadata, JSON values and per-part overhead, and an
//! event may carry only so many parts. Each fixture sends 2 MiB through one field.

use super::{fails, hostile};

const LIMIT: &str = "[limits]\nmax_event_kib = 1024";
const OVER: &str = "more than 1048576 bytes of events";

#[tokio::test]
async fn every_field_of_an_artifact_counts() {
    let host = hostile(LIMIT).await;
    for skill in [
        "big-name",
        "big-description",
        "big-artifact-metadata",
        "big-data",
    ] {
        fails(&host, skill, "eventLimit", OVER).await;
    }
}

#[tokio::test]
async fn reply_metadata_counts_in_progress_and_in_the_final_reply() {
    let host = hostile(LIMIT).await;
    for skill in ["big-status-metadata", "big-reply-metadata"] {
        fails(&host, skill, "eventLimit", OVER).await;
    }
}

#[tokio::test]
async fn empty_parts_are_not_free() {
    let host = hostile(LIMIT).await;
    fails(&host, "empty-parts", "eventLimit", OVER).await;
}

#[tokio::test]
async fn an_event_carries_at_most_max_event_parts() {
    let host = hostile("[limits]\nmax_event_parts = 1000").await;
    let reason = "5000 parts in one event (at most 1000)";
    fails(&host, "many-parts", "eventLimit", reason).await;
}
