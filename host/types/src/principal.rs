//! [`Principal`]: who makes a call. The server's authentication layer names it; the task
//! engine records it as each task's owner and shows a caller only its own tasks.

use std::fmt;

/// The principal of every call when no authentication scheme is configured, and the owner
/// of the tasks created then.
pub const ANONYMOUS: &str = "anonymous";

/// Who makes a call: an authenticated id (an API key's principal, a token's `sub`), or the
/// anonymous caller of a host without authentication.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Principal {
    id: String,
    authenticated: bool,
}

impl Principal {
    /// The caller of a host that authenticates no one.
    pub fn anonymous() -> Self {
        Self {
            id: ANONYMOUS.into(),
            authenticated: false,
        }
    }

    /// A caller whose credentials were verified as `id`.
    pub fn authenticated(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            authenticated: true,
        }
    }

    /// The id tasks are owned under.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Whether credentials were verified (the extended card is for such callers only).
    pub fn is_authenticated(&self) -> bool {
        self.authenticated
    }
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}
