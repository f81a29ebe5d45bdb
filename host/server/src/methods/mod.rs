//! The A2A methods, one function each and all of the same shape: check the typed params,
//! call the task manager, return a [`Reply`](crate::dispatch::Reply). They know nothing of
//! bindings or versions.

mod send;
mod tasks;

use skillhost_types::{A2aError, ErrorKind};

pub(crate) use send::{send, stream};
pub(crate) use tasks::{cancel, get, list, subscribe};

/// What a method returns.
type Outcome = Result<crate::dispatch::Reply, A2aError>;

/// Push notifications are not offered (capabilities.pushNotifications is false). Checked
/// before anything else, so the answer does not depend on whether the task exists.
pub(crate) fn push_unsupported() -> A2aError {
    A2aError::new(
        ErrorKind::PushNotificationNotSupported,
        "push notifications are not supported (capabilities.pushNotifications is false)",
    )
}
