//! Following one config: read the task's log after the config's cursor, POST each update in
//! order, move the cursor in the store after each one the webhook accepted, then wait for
//! the bus to say the log grew. An update the webhook refuses is retried with exponential
//! backoff and jitter, up to `max_attempts`; then the config is marked failing and left
//! alone. A follower ends when its task has finished and everything is delivered, when the
//! task is gone, when the config fails, or when it is replaced, deleted or the host stops.

use std::sync::Arc;
use std::time::Duration;

use skillhost_tasks::store::PushRow;
use skillhost_types::{StreamResponse, timestamp};
use tokio_util::sync::CancellationToken;

use crate::{Shared, send};

/// Follows `row` until it is done, fails or `stop` is cancelled.
pub(crate) async fn follow(shared: Arc<Shared>, mut row: PushRow, stop: CancellationToken) {
    let task = row.task_id().to_string();
    while !stop.is_cancelled() {
        // Listening first, so that a commit between the read and the wait is not missed.
        let mut listener = shared.store.listen(&task);
        let (records, finished) = match shared.store.records(&task, row.cursor).await {
            Ok(Some(next)) => next,
            // The task was evicted; its configs went with it.
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(task, error = %e, "push: cannot read the task's log");
                pause(&stop, shared.settings.backoff_max).await;
                continue;
            }
        };
        if records.is_empty() {
            if finished {
                row.done = true;
                save(&shared, &row).await;
                return;
            }
            tokio::select! {
                () = stop.cancelled() => return,
                alive = listener.changed() => if !alive {
                    // The task ended (or went); the next read says which.
                    pause(&stop, Duration::from_millis(10)).await;
                },
            }
            continue;
        }
        for (seq, record) in records {
            if let Some(event) = record.event()
                && !deliver(&shared, &mut row, seq, event, &stop).await
            {
                return;
            }
            row.cursor = seq;
        }
        save(&shared, &row).await;
    }
}

/// Delivers one update, retrying; false when the config failed or the follower stops.
async fn deliver(
    shared: &Shared,
    row: &mut PushRow,
    seq: u64,
    event: &StreamResponse,
    stop: &CancellationToken,
) -> bool {
    let Ok(body) = serde_json::to_vec(event) else {
        return true;
    };
    let event_id = format!("{}:{seq}", row.task_id());
    let settings = &shared.settings;
    for attempt in 1..=settings.max_attempts {
        let sent = {
            let Ok(_slot) = shared.in_flight.acquire().await else {
                return false;
            };
            let post = send::post(
                &shared.client,
                &shared.policy,
                &row.config,
                &event_id,
                &body,
                settings.max_response_bytes,
            );
            tokio::select! {
                () = stop.cancelled() => return false,
                sent = post => sent,
            }
        };
        crate::metrics::attempted(sent.is_ok());
        match sent {
            Ok(()) => {
                row.cursor = seq;
                row.delivery.last_success = Some(timestamp::now());
                row.delivery.last_error = None;
                row.delivery.delivered += 1;
                save(shared, row).await;
                return true;
            }
            Err(e) => {
                tracing::debug!(event_id, attempt, error = %e, "push: delivery failed");
                row.delivery.last_error =
                    Some(format!("attempt {attempt} for event {event_id}: {e}"));
                if attempt == settings.max_attempts {
                    tracing::warn!(event_id, config = row.id(), error = %e, "push: giving up; the config is marked failing");
                    row.delivery.failing = true;
                    crate::metrics::gave_up();
                    save(shared, row).await;
                    return false;
                }
                save(shared, row).await;
                pause(stop, backoff(settings, attempt)).await;
            }
        }
    }
    false
}

/// The wait after failed attempt `attempt` (from 1): `backoff_base` doubled per attempt, at
/// most `backoff_max`, then a random point in its upper half, so that webhooks coming back
/// are not hit by every waiting host at once.
pub(crate) fn backoff(settings: &crate::PushSettings, attempt: u32) -> Duration {
    let doubled = settings
        .backoff_base
        .saturating_mul(1 << attempt.saturating_sub(1).min(20));
    let full = doubled.min(settings.backoff_max);
    full / 2 + full.mul_f64(fastrand::f64() / 2.0)
}

async fn pause(stop: &CancellationToken, d: Duration) {
    tokio::select! {
        () = stop.cancelled() => {}
        () = tokio::time::sleep(d) => {}
    }
}

/// Writes the row's progress; a failure is logged and retried with the next progress.
async fn save(shared: &Shared, row: &PushRow) {
    if let Err(e) = shared.store.backend().push_progress(row).await {
        tracing::warn!(task = row.task_id(), config = row.id(), error = %e, "push: cannot save progress");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_its_bound_with_jitter_in_the_upper_half() {
        let s = crate::PushSettings {
            backoff_base: Duration::from_millis(100),
            backoff_max: Duration::from_millis(1000),
            ..Default::default()
        };
        for (attempt, full) in [
            (1, 100),
            (2, 200),
            (3, 400),
            (4, 800),
            (5, 1000),
            (30, 1000),
        ] {
            let d = backoff(&s, attempt).as_millis();
            assert!((full / 2..=full).contains(&d), "attempt {attempt}: {d} ms");
        }
    }
}
