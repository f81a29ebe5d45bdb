//! One notification: a POST of one `StreamResponse` with its headers and signature, and a
//! bounded read of the answer.
//!
//! Headers of every notification:
//! - `Content-Type: application/a2a+json`;
//! - `Authorization: {scheme} {credentials}` when the config has `authentication`;
//! - `X-A2A-Notification-Token: {token}` when it has a `token` (the header the 0.x SDKs read);
//! - [`EVENT_ID`]: `{taskId}:{seq}`, the event's place in the task's log; the same on every
//!   retry, so a receiver deduplicates on it;
//! - [`TIMESTAMP`]: Unix seconds when the attempt was made;
//! - [`SIGNATURE`]: `sha256=` and the lowercase hex HMAC-SHA256, keyed with the config's
//!   `secret`, of the string `{timestamp}.{body}` (the timestamp header's value, a dot, the
//!   body's bytes), when the config has a secret.

use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use reqwest::Client;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use sha2::Sha256;
use skillhost_types::push::TaskPushNotificationConfig;

use crate::policy::Policy;

/// The event's id: `{taskId}:{seq}`.
pub const EVENT_ID: &str = "X-Skillhost-Event-Id";
/// When the attempt was made, in Unix seconds; signed with the body.
pub const TIMESTAMP: &str = "X-Skillhost-Timestamp";
/// `sha256={hex HMAC-SHA256 of "{timestamp}.{body}"}`.
pub const SIGNATURE: &str = "X-Skillhost-Signature";
/// The config's token.
pub const TOKEN: &str = "X-A2A-Notification-Token";

/// POSTs `body` to the config's webhook; why it was not accepted, if it was not. One `push`
/// span per attempt: deliveries run in their own task (the follower), so each attempt is the
/// root of a trace of its own, found by its task and event ids.
#[tracing::instrument(name = "push", skip_all, fields(
    task_id = %config.task_id,
    config_id = %config.id,
    event_id = %event_id,
))]
pub(crate) async fn post(
    client: &Client,
    policy: &Policy,
    config: &TaskPushNotificationConfig,
    event_id: &str,
    body: &[u8],
    max_answer: usize,
) -> Result<(), String> {
    // A name is checked by the client's resolver; an address in the URL is checked here.
    let url = policy.check_literal(&config.url)?;
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .to_string();
    let mut request = client
        .post(url)
        .header(CONTENT_TYPE, "application/a2a+json")
        .header(EVENT_ID, event_id)
        .header(TIMESTAMP, &timestamp);
    if let Some(auth) = &config.authentication {
        let credentials = auth.credentials.as_deref().unwrap_or_default();
        request = request.header(
            AUTHORIZATION,
            format!("{} {credentials}", auth.scheme)
                .trim_end()
                .to_string(),
        );
    }
    if let Some(token) = &config.token {
        request = request.header(TOKEN, token);
    }
    if let Some(secret) = &config.secret {
        request = request.header(SIGNATURE, sign(secret, &timestamp, body));
    }
    let mut answer = request.body(body.to_vec()).send().await.map_err(describe)?;
    let status = answer.status();
    // The answer is not used; read a bounded part so the connection can be reused.
    let mut read = 0;
    while read < max_answer {
        match answer.chunk().await {
            Ok(Some(chunk)) => read += chunk.len(),
            _ => break,
        }
    }
    match status {
        s if s.is_success() => Ok(()),
        s if s.is_redirection() => Err(format!("answered {s}: redirects are not followed")),
        s => Err(format!("answered {s}")),
    }
}

/// The signature header's value for `body` sent at `timestamp`.
pub fn sign(secret: &str, timestamp: &str, body: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        // HMAC takes keys of any length; this cannot happen.
        return String::new();
    };
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// A transport error with its causes (the resolver's refusal among them).
fn describe(e: reqwest::Error) -> String {
    let mut text = if e.is_timeout() {
        "timed out".to_string()
    } else {
        e.to_string()
    };
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
