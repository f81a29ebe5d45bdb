//! A plugin that attacks its sandbox, one skill per attack. Each test gives it the limits it
//! wants through a `skill.toml` and checks that the attack ends the task FAILED with its own
//! reason, in time, while other skills keep working.
//!
//! - here: CPU, memory, stack, events, handles, the WASI sandbox, artifact rules;
//! - `bytes`: every field of every value counts against the byte limits;
//! - `blame`: faults that are the skill's whatever the host learns of them;
//! - `host_calls`: loops on cheap host imports;
//! - `forge`: metadata keys the host owns, media types, file names, URLs.

mod blame;
mod bytes;
mod forge;
mod host_calls;

use std::hint::black_box;
use std::time::Duration;

use skillhost_sdk::prelude::*;

struct Hostile;

const SKILLS: &[(&str, &str)] = &[
    ("spin", "Loops forever without calling the host."),
    ("hog", "Allocates memory until something stops it."),
    ("recurse", "Recurses without end."),
    ("flood", "Emits status events forever."),
    ("big-event", "Emits one artifact of 4 MiB."),
    ("crash", "Panics."),
    ("nap", "Sleeps for a minute inside a host call."),
    (
        "probe",
        "Tries to reach files, environment and network, and reports what it saw.",
    ),
    ("bad-append", "Appends to an artifact that does not exist."),
    (
        "leak",
        "Creates host objects (clock pollables) and never drops them.",
    ),
    (
        "reopen",
        "Completes an artifact, asks a question, then appends to it next turn.",
    ),
    ("big-name", "Emits an artifact with a 2 MiB name."),
    ("big-description", "Emits an artifact with a 2 MiB description."),
    ("big-artifact-metadata", "Emits an artifact with 2 MiB of metadata."),
    ("big-status-metadata", "Reports progress with 2 MiB of metadata."),
    ("big-reply-metadata", "Completes with 2 MiB of reply metadata."),
    ("big-data", "Emits a data part of a million JSON zeros."),
    ("many-parts", "Emits an artifact of 5000 empty parts."),
    ("empty-parts", "Emits artifacts of 900 empty parts forever."),
    ("exit-0", "Calls exit(0)."),
    ("exit-3", "Calls exit(3)."),
    ("random-hog", "Asks for 2 MiB of random bytes at once."),
    ("over-cap", "Logs 2 MiB in one call."),
    ("bad-handle", "Blocks on a pollable handle it was never given."),
    ("chatty", "Asks whether it was cancelled, forever."),
    ("poll-many", "Polls a thousand ready pollables, forever."),
    ("forge-reply", "Completes claiming failureKind outOfFuel."),
    ("forge-status", "Reports progress claiming failureKind outOfFuel."),
    ("bad-media-type", "Emits a part whose media type is `text`."),
    ("path-filename", "Emits a part named ../../etc/passwd."),
    ("bad-filename", "Emits a part named ../ (no file name)."),
    ("file-url", "Emits a file:// URL part."),
];

impl Skill for Hostile {
    fn describe() -> Vec<SkillCard> {
        // With `stall-describe` configured, even loading the plugin hangs.
        if skillhost_sdk::config::get("stall-describe").is_some() {
            std::thread::sleep(Duration::from_secs(60));
        }
        SKILLS
            .iter()
            .map(|(id, what)| SkillCard::new(id, id, what).tags(&["fixture"]))
            .collect()
    }

    fn run(turn: Turn) -> Result<Outcome, SkillError> {
        let skill = turn.skill_id.as_str();
        let attacks = [bytes::run, blame::run, host_calls::run, forge::run];
        if let Some(result) = attacks.iter().find_map(|attack| attack(skill)) {
            return result;
        }
        match skill {
            "spin" => spin(),
            "hog" => hog(),
            "recurse" => Ok(Outcome::Completed(Some(Reply::text(depth(0).to_string())))),
            "flood" => loop {
                progress("flood");
            },
            "big-event" => {
                emit_artifact(&Artifact::text("big", "big", "x".repeat(4 << 20)));
                done()
            }
            "crash" => panic!("the crash fixture crashed on purpose"),
            "nap" => {
                std::thread::sleep(Duration::from_secs(60));
                done()
            }
            "probe" => Ok(Outcome::Completed(Some(Reply::text(probe())))),
            "bad-append" => {
                let chunk = Artifact::text("missing", "missing", "more");
                skillhost_sdk::wit::a2a::skill::events::emit_artifact(&chunk, true, false);
                done()
            }
            "leak" => loop {
                std::mem::forget(wasi::clocks::monotonic_clock::subscribe_duration(
                    1_000_000_000,
                ));
            },
            "reopen" if turn.history.is_empty() => {
                emit_artifact(&Artifact::text("done", "done", "complete"));
                Ok(Outcome::InputRequired(Reply::text("anything else?")))
            }
            "reopen" => {
                let chunk = Artifact::text("done", "done", "more");
                skillhost_sdk::wit::a2a::skill::events::emit_artifact(&chunk, true, false);
                done()
            }
            other => Err(SkillError::new(format!("no such fixture: {other}"))),
        }
    }
}

fn done() -> Result<Outcome, SkillError> {
    Ok(Outcome::Completed(None))
}

fn spin() -> Result<Outcome, SkillError> {
    let mut x: u64 = 1;
    loop {
        x = black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
    }
}

fn hog() -> Result<Outcome, SkillError> {
    let mut kept: Vec<Vec<u8>> = Vec::new();
    loop {
        // Touch every page, so the memory is really used.
        kept.push(black_box(vec![1u8; 1 << 20]));
    }
}

#[allow(unconditional_recursion)]
fn depth(n: u64) -> u64 {
    // black_box keeps the compiler from turning the recursion into a loop.
    black_box(depth(black_box(n + 1))) + 1
}

/// What the sandbox lets a skill see: every line should read "denied" or "empty".
fn probe() -> String {
    let env = std::env::vars().count();
    let args = std::env::args().count();
    let root = std::fs::read_dir("/").map(|d| d.count());
    let etc = std::fs::read_to_string("/etc/passwd").map(|s| s.len());
    let tcp = std::net::TcpStream::connect("127.0.0.1:80").map(|_| ());
    println!("probe wrote to stdout");
    format!(
        "env={env} args={args} read_dir(/)={} read(/etc/passwd)={} tcp={}",
        outcome(root),
        outcome(etc),
        outcome(tcp)
    )
}

fn outcome<T: std::fmt::Debug>(r: std::io::Result<T>) -> String {
    match r {
        Ok(v) => format!("ALLOWED({v:?})"),
        Err(_) => "denied".into(),
    }
}

skillhost_sdk::export_skill!(Hostile);
