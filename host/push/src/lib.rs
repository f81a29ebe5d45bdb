//! Push notifications that arrive: a deliverer that follows each task's event log from a
//! cursor kept in the store (an outbox, not an in-memory queue) and POSTs every update to
//! each webhook registered for the task, in order, retried until the webhook accepts it or
//! the attempts run out. A host that restarts resumes from the stored cursors.
//!
//! Delivery is at least once: an update accepted just before a crash, whose cursor was not
//! yet stored, is sent again after the restart, with the same event id
//! ([`send::EVENT_ID`]), so receivers deduplicate on it.
//!
//! Configs are kept by the task manager (`skillhost_tasks`, which checks the caller may see
//! the task); the server tells the [`Pusher`] when one is set or deleted.
//!
//! # Layout
//! - [`Pusher`] and [`PushSettings`], here.
//! - `follow`: one config's follower: the log, the cursor, retries and backoff.
//! - [`send`]: one POST: headers, signature, bounded answer.
//! - [`policy`]: where webhooks may point.
//! - [`metrics`]: delivery attempts and configs given up on.

mod follow;
pub mod metrics;
pub mod policy;
pub mod send;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use dashmap::DashMap;
pub use ipnet::IpNet;
use skillhost_tasks::store::PushRow;
use skillhost_tasks::{Store, StoreError};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::policy::Policy;

/// How delivery behaves. The defaults are written here; `[push]` in `skillhost.toml`
/// changes them.
#[derive(Debug, Clone)]
pub struct PushSettings {
    /// Time for one attempt: connecting, sending, and the webhook's answer. Default 10 s.
    pub timeout: Duration,
    /// The wait after a first failed attempt; it doubles with each further one. Default 1 s.
    pub backoff_base: Duration,
    /// The longest wait between attempts. Default 5 min.
    pub backoff_max: Duration,
    /// Attempts at one update before the config is marked failing (and nothing more is sent
    /// to it). Default 15: with the waits above, about 40 minutes of outage.
    pub max_attempts: u32,
    /// Bytes of a webhook's answer read; the rest is dropped. Default 64 KiB.
    pub max_response_bytes: usize,
    /// POSTs in flight at once, over all webhooks. Default 64.
    pub max_in_flight: usize,
    /// Configs one task may hold. Default 10.
    pub max_configs_per_task: usize,
    /// Address ranges webhooks may resolve to although they are not public (loopback,
    /// private, link-local…). Default none: only public addresses.
    pub allow_ranges: Vec<IpNet>,
    /// PEM certificates trusted as roots for `https` webhooks besides the system's CA store
    /// (a private CA, a self-signed receiver). Default none.
    pub extra_roots_pem: Option<Vec<u8>>,
}

impl Default for PushSettings {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(300),
            max_attempts: 15,
            max_response_bytes: 64 << 10,
            max_in_flight: 64,
            max_configs_per_task: 10,
            allow_ranges: Vec::new(),
            extra_roots_pem: None,
        }
    }
}

/// The deliverer. Cheap to clone; when the last clone is dropped, every follower stops.
#[derive(Clone)]
pub struct Pusher {
    shared: Arc<Shared>,
    _stop: Arc<StopOnDrop>,
}

pub(crate) struct Shared {
    pub(crate) store: Store,
    pub(crate) settings: PushSettings,
    pub(crate) client: reqwest::Client,
    pub(crate) policy: Policy,
    pub(crate) in_flight: Semaphore,
    /// The follower of each config, by task and id: its generation and stop token.
    followers: DashMap<(String, String), (u64, CancellationToken)>,
    generation: AtomicU64,
    root: CancellationToken,
}

struct StopOnDrop(CancellationToken);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// The extra roots' certificates; at least one when PEM is given.
fn roots(pem: Option<&[u8]>) -> Result<Vec<reqwest::Certificate>, PushError> {
    let Some(pem) = pem else {
        return Ok(Vec::new());
    };
    match reqwest::Certificate::from_pem_bundle(pem) {
        Ok(certs) if !certs.is_empty() => Ok(certs),
        Ok(_) => Err(PushError("no PEM certificate in the extra roots".into())),
        Err(e) => Err(PushError(format!(
            "the extra roots are not PEM certificates: {e}"
        ))),
    }
}

/// The delivery client could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the push delivery client: {0}")]
pub struct PushError(String);

impl Pusher {
    /// A deliverer over `store`'s configs and logs. Call [`Pusher::start`] to resume.
    pub fn new(store: Store, settings: PushSettings) -> Result<Self, PushError> {
        let policy = Policy::new(settings.allow_ranges.clone());
        let mut builder = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(settings.timeout)
            .dns_resolver(Arc::new(policy.clone()));
        for root in roots(settings.extra_roots_pem.as_deref())? {
            builder = builder.add_root_certificate(root);
        }
        let client = builder.build().map_err(|e| PushError(e.to_string()))?;
        let root = CancellationToken::new();
        let shared = Shared {
            store,
            in_flight: Semaphore::new(settings.max_in_flight.max(1)),
            settings,
            client,
            policy,
            followers: DashMap::new(),
            generation: AtomicU64::new(0),
            root: root.clone(),
        };
        Ok(Self {
            shared: Arc::new(shared),
            _stop: Arc::new(StopOnDrop(root)),
        })
    }

    /// Resumes every config with something left to deliver, from its stored cursor.
    pub async fn start(&self) -> Result<usize, StoreError> {
        let rows = self.shared.store.backend().push_rows(None).await?;
        let mut resumed = 0;
        for row in rows.into_iter().filter(|r| !r.delivery.failing) {
            self.spawn(row);
            resumed += 1;
        }
        Ok(resumed)
    }

    /// The settings.
    pub fn settings(&self) -> &PushSettings {
        &self.shared.settings
    }

    /// Checks a webhook URL before a config is registered: why it is refused, if it is.
    pub async fn check_url(&self, url: &str) -> Result<(), String> {
        self.shared.policy.check_url(url).await.map(drop)
    }

    /// Follows config `id` of `task` as the store now has it (just set), replacing its
    /// follower; a config no longer stored is no longer followed (just deleted).
    pub async fn reload(&self, task: &str, id: &str) -> Result<(), StoreError> {
        let rows = self.shared.store.backend().push_rows(Some(task)).await?;
        match rows.into_iter().find(|r| r.id() == id) {
            Some(row) => self.spawn(row),
            None => {
                let key = (task.to_string(), id.to_string());
                if let Some((_, (_, stop))) = self.shared.followers.remove(&key) {
                    stop.cancel();
                }
            }
        }
        Ok(())
    }

    /// Starts following `row`, stopping an earlier follower of the same config.
    fn spawn(&self, row: PushRow) {
        let shared = &self.shared;
        let key = (row.task_id().to_string(), row.id().to_string());
        let generation = shared.generation.fetch_add(1, Ordering::Relaxed);
        let stop = shared.root.child_token();
        if let Some((_, old)) = shared
            .followers
            .insert(key.clone(), (generation, stop.clone()))
        {
            old.cancel();
        }
        let shared = shared.clone();
        tokio::spawn(async move {
            follow::follow(shared.clone(), row, stop).await;
            shared
                .followers
                .remove_if(&key, |_, (g, _)| *g == generation);
        });
    }
}
