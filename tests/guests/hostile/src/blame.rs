//! Faults that are the skill's own however the host learns of them: leaving through
//! `exit`, asking for too many random bytes, passing more than a call may carry, using a
//! handle it does not hold.

use skillhost_sdk::prelude::*;

/// Runs the attack named `skill`, if it is one of these.
pub fn run(skill: &str) -> Option<Result<Outcome, SkillError>> {
    match skill {
        "exit-0" => std::process::exit(0),
        "exit-3" => std::process::exit(3),
        "random-hog" => {
            let bytes = wasi::random::random::get_random_bytes(2 << 20);
            Some(Ok(Outcome::Completed(Some(Reply::text(bytes.len().to_string())))))
        }
        "over-cap" => {
            // More than the tests' 1 MiB per-call cap, in one call.
            log::info(&"x".repeat(2 << 20));
            Some(Ok(Outcome::Completed(None)))
        }
        "bad-handle" => {
            // A handle the host never gave out.
            let forged = unsafe { wasi::io::poll::Pollable::from_handle(0x7fff_0000) };
            forged.block();
            Some(Ok(Outcome::Completed(None)))
        }
        _ => None,
    }
}
