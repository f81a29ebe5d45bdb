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
        Ok(Outcome::Message(Reply::text(turn.text())))
    }
}

skillhost_sdk::export_skill!(Echo);
