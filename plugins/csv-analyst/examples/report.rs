//! Prints the report (or the question, or the error) for a CSV file, natively, with the
//! progress messages on stderr:
//!
//! ```sh
//! cargo run -p csv-analyst --target x86_64-unknown-linux-gnu --example report -- \
//!     csv-analyst/testdata/sales.csv "rank by revenue"
//! ```

use std::process::ExitCode;

use csv_analyst::analyst::{Answer, run_turn};
use skillhost_sdk::{Message, Part, Role, Turn};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: report FILE.csv [TEXT]");
        return ExitCode::FAILURE;
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let name = std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let mut parts = vec![
        Part::raw(bytes)
            .with_media_type("text/csv")
            .with_filename(name.unwrap_or_default()),
    ];
    parts.extend(args.get(1).map(Part::text));
    let message = Message {
        message_id: "m1".into(),
        role: Role::User,
        parts,
        metadata: None,
        reference_task_ids: vec![],
    };
    let turn = Turn {
        task_id: "t1".into(),
        context_id: "c1".into(),
        skill_id: "csv-analyst".into(),
        message,
        history: vec![],
        metadata: None,
    };
    match run_turn(&turn, &mut |text| eprintln!("progress: {text}")) {
        Ok(Answer::Report { markdown, summary }) => {
            print!("{markdown}");
            eprintln!("completed: {summary}");
            ExitCode::SUCCESS
        }
        Ok(Answer::Ask(question)) => {
            eprintln!("input required: {question}");
            ExitCode::from(2)
        }
        Err(message) => {
            eprintln!("failed: {message}");
            ExitCode::FAILURE
        }
    }
}
