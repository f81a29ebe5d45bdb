//! Native unit tests. Numbers in assertions were worked out by hand (or, for the sales
//! fixture, with exact fractions in Python), never copied from the code's output.

mod choose;
mod parse;
mod report;
mod stats;
mod turns;

use skillhost_sdk::{Message, Part, Role, Turn};

use crate::analyst::{self, Answer};
use crate::table::Table;

/// The black-box fixture, shared with the host's tests.
pub const SALES: &str = include_str!("../../testdata/sales.csv");

/// Parses CSV that the test knows is valid.
pub fn table(csv: &str) -> Table {
    Table::parse(csv).expect("valid CSV")
}

/// A user message of these parts.
pub fn user(parts: Vec<Part>) -> Message {
    Message {
        message_id: "m-user".into(),
        role: Role::User,
        parts,
        metadata: None,
        reference_task_ids: Vec::new(),
    }
}

/// An agent message (a question from an earlier turn).
pub fn agent(text: &str) -> Message {
    Message {
        role: Role::Agent,
        message_id: "m-agent".into(),
        ..user(vec![Part::text(text)])
    }
}

/// A turn with this new message and history (oldest first).
pub fn turn(message: Message, history: Vec<Message>) -> Turn {
    Turn {
        task_id: "t1".into(),
        context_id: "c1".into(),
        skill_id: "csv-analyst".into(),
        message,
        history,
        metadata: None,
    }
}

/// Runs a turn natively, collecting its progress messages.
pub fn run(turn: &Turn) -> (Result<Answer, String>, Vec<String>) {
    let mut progress = Vec::new();
    let answer = analyst::run_turn(turn, &mut |text| progress.push(text));
    (answer, progress)
}

/// The Markdown of a turn that must produce a report.
pub fn markdown(turn: &Turn) -> String {
    match run(turn).0 {
        Ok(Answer::Report { markdown, .. }) => markdown,
        other => panic!("expected a report, got {other:?}"),
    }
}
