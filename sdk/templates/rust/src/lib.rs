//! {{name}}: a Skillhost skill. Build it with `skillhost skill build`.

use skillhost_sdk::prelude::*;

struct Skill;

impl skillhost_sdk::Skill for Skill {
    fn describe() -> Vec<SkillCard> {
        vec![SkillCard::new("{{name}}", "{{name}}", "Greets whoever writes.").tags(&["example"])]
    }

    fn run(turn: Turn) -> Result<Outcome, SkillError> {
        let name = turn.text();
        if name.is_empty() {
            return Ok(Outcome::InputRequired(Reply::text("Who should I greet?")));
        }
        if name == "fail" {
            return Err(SkillError::new("asked to fail"));
        }
        progress("composing a greeting");
        emit_artifact(&Artifact::text("greeting", "greeting", format!("Hello, {name}!")));
        Ok(Outcome::Completed(None))
    }
}

skillhost_sdk::export_skill!(Skill);
