//! The skill from the top-level README: reports progress, asks for a name when it has
//! none, and answers with an artifact.

use skillhost_sdk::prelude::*;

struct Greeter;

impl Skill for Greeter {
    fn describe() -> Vec<SkillCard> {
        vec![SkillCard::new("greeter", "Greeter", "Greets whoever writes").tags(&["demo"])]
    }

    fn run(turn: Turn) -> Result<Outcome, SkillError> {
        progress("thinking about it");
        let name = turn.text();
        if name.is_empty() {
            return Ok(Outcome::InputRequired(Reply::text("What is your name?")));
        }
        emit_artifact(&Artifact::text(
            "greeting",
            "greeting",
            format!("Hello, {name}!"),
        ));
        Ok(Outcome::Completed(None))
    }
}

skillhost_sdk::export_skill!(Greeter);
