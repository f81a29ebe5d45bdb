//! The A2A methods, one function each and all of the same shape: check the typed params,
//! call the task manager, return a [`Reply`](crate::dispatch::Reply). They know nothing of
//! bindings or versions.

mod push;
mod send;
mod tasks;

use skillhost_types::A2aError;

pub(crate) use push::{push_delete, push_get, push_list, push_set};
pub(crate) use send::{send, stream};
pub(crate) use tasks::{cancel, get, list, subscribe};

/// What a method returns.
type Outcome = Result<crate::dispatch::Reply, A2aError>;
