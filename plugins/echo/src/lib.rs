//! The smallest real skill: answers with the text it receives.

use skillhost_sdk::prelude::*;

struct Echo;

impl Skill for Echo {
    fn describe() -> Vec<SkillCard> {
        vec![
            SkillCard::new(
                "echo",
                "Echo",
                "Replies with the text of the message it receives.",
            )
            .tags(&["echo", "test"])
            .examples(&["hello"]),
        ]
    }

    fn run(turn: Turn) -> Result<Outcome, SkillError> {
        let text = turn.text();
        // A record for the host's log (and the run's trace span): at debug level, so the
        // default log (`info`) leaves it out and it costs one host call.
        let chars = text.chars().count().to_string();
        log::record(log::LogLevel::Debug, "echoing", &[("chars", &chars)]);
        Ok(Outcome::Message(Reply::text(text)))
    }
}

skillhost_sdk::export_skill!(Echo);
