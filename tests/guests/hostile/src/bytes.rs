//! Every byte a skill hands the host counts: one attack per field that once cost nothing.
//! Each sends about 2 MiB through one field (or thousands of empty parts); the tests give
//! the plugin a 1 MiB event budget.

use skillhost_sdk::prelude::*;
use skillhost_sdk::wit::a2a::skill::events as host;

/// Two MiB of one letter.
fn big() -> String {
    "x".repeat(2 << 20)
}

fn metadata() -> Option<String> {
    Some(format!("{{\"padding\":\"{}\"}}", big()))
}

fn small_artifact() -> Artifact {
    Artifact::text("a", "a", "small")
}

/// Runs the attack named `skill`, if it is one of these.
pub fn run(skill: &str) -> Option<Result<Outcome, SkillError>> {
    match skill {
        "big-name" => host::emit_artifact(&Artifact::text("a", big(), "small"), false, true),
        "big-description" => {
            emit_artifact(&small_artifact().with_description(big()));
        }
        "big-artifact-metadata" => {
            let artifact = Artifact {
                metadata: metadata(),
                ..small_artifact()
            };
            emit_artifact(&artifact);
        }
        "big-status-metadata" => {
            let reply = Reply {
                metadata: metadata(),
                ..Reply::text("working")
            };
            status(Some(&reply));
        }
        "big-reply-metadata" => {
            let reply = Reply {
                metadata: metadata(),
                ..Reply::text("done")
            };
            return Some(Ok(Outcome::Completed(Some(reply))));
        }
        "big-data" => {
            // Two MiB of `0,` parse into a million JSON values.
            let zeros = format!("[{}0]", "0,".repeat(1 << 20));
            emit_artifact(&Artifact::new("a", "a", vec![Part::data_json(zeros)]));
        }
        "many-parts" => {
            let parts = (0..5000).map(|_| Part::text("")).collect();
            emit_artifact(&Artifact::new("a", "a", parts));
        }
        "empty-parts" => loop {
            // Under the part limit each time, but never free.
            let parts = (0..900).map(|_| Part::text("")).collect();
            emit_artifact(&Artifact::new("a", "a", parts));
        },
        _ => return None,
    }
    Some(Ok(Outcome::Completed(None)))
}
