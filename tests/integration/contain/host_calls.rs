//! Time in host calls is charged to the run as fuel: a guest looping on cheap imports runs
//! out of fuel about as soon as one spinning in wasm, long before its deadline. Uncharged,
//! each loop below would run many times past its deadline first.

use super::{fails, hostile};

// 10^8 fuel is about 25 ms of spinning; the deadline leaves a margin of 40 times that.
const LIMITS: &str = "[limits]\nfuel = 100_000_000\ndeadline_ms = 1_000";

#[tokio::test]
async fn a_loop_on_a_cheap_import_runs_out_of_fuel() {
    let host = hostile(LIMITS).await;
    fails(&host, "chatty", "outOfFuel", "CPU budget (100000000 fuel)").await;
}

#[tokio::test]
async fn polling_many_pollables_runs_out_of_fuel() {
    let host = hostile(LIMITS).await;
    fails(
        &host,
        "poll-many",
        "outOfFuel",
        "CPU budget (100000000 fuel)",
    )
    .await;
}
