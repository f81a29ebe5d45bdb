//! The task state machine as one pure function, so the rules sit in one table.

use skillhost_types::TaskState::{self, *};

/// A state change the rules forbid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a task cannot go from {} to {}", from.name(), to.name())]
pub struct InvalidTransition {
    /// The current state.
    pub from: TaskState,
    /// The requested state.
    pub to: TaskState,
}

/// Checks that a task in `from` may move to `to`.
///
/// - A submitted task starts working, or ends its first turn without a word in between.
/// - A working task reports progress (working again) or ends its turn in any end state.
/// - An interrupted task (input or auth required) resumes working with the client's next
///   message, is cancelled, or fails if its skill cannot resume.
/// - Terminal states never change.
pub fn check(from: TaskState, to: TaskState) -> Result<(), InvalidTransition> {
    let allowed = match from {
        Submitted | Working => matches!(
            to,
            Working | Completed | Failed | Canceled | Rejected | InputRequired | AuthRequired
        ),
        InputRequired | AuthRequired => matches!(to, Working | Canceled | Failed),
        Completed | Failed | Canceled | Rejected | Unspecified => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(InvalidTransition { from, to })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [TaskState; 9] = [
        Unspecified,
        Submitted,
        Working,
        Completed,
        Failed,
        Canceled,
        InputRequired,
        Rejected,
        AuthRequired,
    ];

    /// Rows are `from`, columns are `to`, in the order of `ALL`; 1 = allowed.
    const TABLE: [[u8; 9]; 9] = [
        //U  S  W  C  F  X  I  R  A
        [0, 0, 0, 0, 0, 0, 0, 0, 0], // Unspecified
        [0, 0, 1, 1, 1, 1, 1, 1, 1], // Submitted
        [0, 0, 1, 1, 1, 1, 1, 1, 1], // Working
        [0, 0, 0, 0, 0, 0, 0, 0, 0], // Completed
        [0, 0, 0, 0, 0, 0, 0, 0, 0], // Failed
        [0, 0, 0, 0, 0, 0, 0, 0, 0], // Canceled
        [0, 0, 1, 0, 1, 1, 0, 0, 0], // InputRequired
        [0, 0, 0, 0, 0, 0, 0, 0, 0], // Rejected
        [0, 0, 1, 0, 1, 1, 0, 0, 0], // AuthRequired
    ];

    #[test]
    fn every_pair_follows_the_table() {
        for (i, from) in ALL.iter().enumerate() {
            for (j, to) in ALL.iter().enumerate() {
                let expected = TABLE[i][j] == 1;
                assert_eq!(check(*from, *to).is_ok(), expected, "{from:?} -> {to:?}");
            }
        }
    }

    #[test]
    fn terminal_states_are_exactly_the_rows_without_exits() {
        for (i, s) in ALL.iter().enumerate() {
            let has_exit = TABLE[i].contains(&1);
            assert_eq!(s.is_terminal() || *s == Unspecified, !has_exit, "{s:?}");
        }
    }
}
