//! Loops on cheap host imports: almost no wasm between calls, so without a charge for host
//! time they would run far longer than their fuel allows.

use skillhost_sdk::prelude::*;
use wasi::clocks::monotonic_clock;
use wasi::io::poll;

/// Runs the attack named `skill`, if it is one of these.
pub fn run(skill: &str) -> Option<Result<Outcome, SkillError>> {
    match skill {
        "chatty" => loop {
            std::hint::black_box(cancelled());
        },
        "poll-many" => {
            // A thousand pollables that are ready at once, polled again and again.
            let ready: Vec<poll::Pollable> = (0..1000)
                .map(|_| monotonic_clock::subscribe_duration(0))
                .collect();
            let all: Vec<&poll::Pollable> = ready.iter().collect();
            loop {
                std::hint::black_box(poll::poll(&all));
            }
        }
        _ => None,
    }
}
