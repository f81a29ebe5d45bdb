//! [`Plugin`]: a component compiled once, pre-instantiated, and described.

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;
use wasmtime::Engine;

use crate::bindings::{self, PluginPre};
use crate::blame::Early;
use crate::engine::{Backend, EngineKey};
use crate::error::{LoadError, RunError};
use crate::run::race;
use crate::sched::HeavyMark;
use crate::state::RunState;
use crate::{Limits, Runtime};
use crate::{admission, cache, image, share};

/// Moved to the types crate, where the task engine and the server read it too.
pub use skillhost_types::skill::SkillCard;

/// A loaded plugin: ready to run any of its skills many times at once. Cheap to clone.
#[derive(Clone)]
pub struct Plugin {
    inner: Arc<Inner>,
}

struct Inner {
    name: String,
    runtime: Runtime,
    engine: Engine,
    pre: PluginPre<RunState>,
    limits: Limits,
    config: Arc<Vec<(String, String)>>,
    skills: Vec<SkillCard>,
    /// Run slots one run takes (see `crate::share`).
    weight: u32,
    /// Its runs at once: its share of the host's run slots.
    slots: Arc<Semaphore>,
    /// Its admission queue: runs running or waiting (see `crate::admission`).
    places: Arc<Semaphore>,
    /// When it last had a CPU-heavy run (see `crate::sched`).
    heavy: Arc<HeavyMark>,
}

impl Runtime {
    /// Loads a component: compiles it (on a blocking thread: this is the expensive step),
    /// links it against the host, and calls its `describe` export once.
    ///
    /// `name` labels logs and errors; `config` is what the `config` import serves.
    pub async fn load(
        &self,
        name: &str,
        bytes: Vec<u8>,
        limits: Limits,
        config: Vec<(String, String)>,
    ) -> Result<Plugin, LoadError> {
        let eager_init = image::eager(image::data_bytes(&bytes));
        let key = EngineKey {
            stack_bytes: limits.stack_bytes,
            eager_init,
        };
        let Backend { engine, linker } = self.backend(key)?;
        let started = Instant::now();
        let cache_dir = self.config().cache_dir.clone();
        let component = cache::compile(cache_dir.as_deref(), &engine, key, bytes).await?;
        let weight = share::weight(&component);
        let limits = share::fit(self, name, weight, limits)?;
        let pre = linker
            .instantiate_pre(&component)
            .map_err(|e| LoadError::World(format!("{e:#}")))?;
        let pre = PluginPre::new(pre).map_err(|e| LoadError::World(format!("{e:#}")))?;
        let mut config = config;
        config.sort();
        config.dedup_by(|a, b| a.0 == b.0);
        let inner = Inner {
            name: name.to_string(),
            runtime: self.clone(),
            engine,
            pre,
            weight,
            slots: Arc::new(Semaphore::new(limits.max_concurrent_runs)),
            places: admission::places(limits.max_concurrent_runs, limits.max_queued_runs),
            heavy: HeavyMark::new(),
            limits,
            config: Arc::new(config),
            skills: Vec::new(),
        };
        let mut plugin = Plugin {
            inner: Arc::new(inner),
        };
        let skills = plugin.describe().await?;
        validate_cards(&skills)?;
        if let Some(inner) = Arc::get_mut(&mut plugin.inner) {
            inner.skills = skills;
        }
        tracing::debug!(plugin = name, elapsed = ?started.elapsed(), "plugin compiled and described");
        Ok(plugin)
    }
}

impl Plugin {
    /// The name it was loaded under.
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The skills it offers, as `describe` returned them.
    pub fn skills(&self) -> &[SkillCard] {
        &self.inner.skills
    }

    /// Run slots of the runtime one run takes: 1, or more for components with many memories.
    pub fn weight(&self) -> u32 {
        self.inner.weight
    }

    /// Its limits, as they apply: `max_concurrent_runs` lowered to its share of the pool.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// Whether a run started now would wait for a slot: all of this plugin's, or all of the
    /// host's, are taken. A hint that may be stale as soon as it is read.
    pub fn saturated(&self) -> bool {
        self.inner.slots.available_permits() == 0 || self.inner.runtime.saturated()
    }

    pub(crate) fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    pub(crate) fn pre(&self) -> &PluginPre<RunState> {
        &self.inner.pre
    }

    pub(crate) fn config(&self) -> Arc<Vec<(String, String)>> {
        self.inner.config.clone()
    }

    pub(crate) fn runtime(&self) -> &Runtime {
        &self.inner.runtime
    }

    pub(crate) fn places(&self) -> &Arc<Semaphore> {
        &self.inner.places
    }

    pub(crate) fn heavy_mark(&self) -> Arc<HeavyMark> {
        self.inner.heavy.clone()
    }

    pub(crate) async fn runtime_slot(&self) -> Result<OwnedSemaphorePermit, RunError> {
        self.inner.runtime.slot(self.inner.weight).await
    }

    pub(crate) async fn plugin_slot(&self) -> Result<OwnedSemaphorePermit, RunError> {
        // The semaphore is never closed, so this only fails if that invariant breaks.
        self.inner
            .slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| RunError::Start)
    }

    /// Instantiates the plugin in a fresh store, with every limit applied, and drops the
    /// instance: the fixed cost each run pays before the skill's code runs. No export is
    /// called. For benchmarks and load checks; it holds run slots like a run.
    pub async fn instantiate(&self) -> Result<(), RunError> {
        let cancel = CancellationToken::new();
        let deadline = Instant::now() + self.limits().deadline;
        let _slots = (self.plugin_slot().await?, self.runtime_slot().await?);
        let label: Arc<str> = format!("{}/instantiate", self.name()).into();
        let mut store = self.store(label, None, cancel.clone());
        self.arm_deadline(&mut store, deadline);
        let clock = store.data().busy.clone();
        let call = async {
            let instance = self.pre().instantiate_async(&mut store).await;
            instance.map(drop).map_err(Early::Start)
        };
        race(call, clock, &cancel, deadline)
            .await
            .map_err(|early| early.into_error(store.data(), self.limits()))
    }

    async fn describe(&self) -> Result<Vec<SkillCard>, LoadError> {
        let label: Arc<str> = format!("{}/describe", self.name()).into();
        let cancel = CancellationToken::new();
        let mut store = self.store(label, None, cancel.clone());
        let deadline = Instant::now() + self.limits().deadline;
        self.arm_deadline(&mut store, deadline);
        let clock = store.data().busy.clone();
        let call = async {
            let guest = self
                .pre()
                .instantiate_async(&mut store)
                .await
                .map_err(Early::Start)?;
            guest
                .a2a_skill_skill()
                .call_describe(&mut store)
                .await
                .map_err(Early::Failed)
        };
        // Guarded like a run: a plugin that hangs in `describe` must not hang the host.
        match race(call, clock, &cancel, deadline).await {
            Ok(cards) => Ok(cards.into_iter().map(card_from_wit).collect()),
            Err(early) => Err(LoadError::Describe(
                early.into_error(store.data(), self.limits()).to_string(),
            )),
        }
    }
}

fn card_from_wit(c: bindings::types::SkillCard) -> SkillCard {
    SkillCard {
        id: c.id,
        name: c.name,
        description: c.description,
        tags: c.tags,
        examples: c.examples,
        input_modes: c.input_modes,
        output_modes: c.output_modes,
    }
}

fn validate_cards(cards: &[SkillCard]) -> Result<(), LoadError> {
    let bad = |why: String| Err(LoadError::Describe(why));
    if cards.is_empty() {
        return bad("returned no skills".into());
    }
    for (i, card) in cards.iter().enumerate() {
        let valid_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        if card.id.is_empty() || card.id.len() > 128 || !card.id.chars().all(valid_char) {
            return bad(format!(
                "skill id {:?} must be 1-128 of [A-Za-z0-9._-]",
                card.id
            ));
        }
        if cards[..i].iter().any(|c| c.id == card.id) {
            return bad(format!("skill id {:?} appears twice", card.id));
        }
        if card.name.trim().is_empty() || card.description.trim().is_empty() {
            return bad(format!(
                "skill {:?} needs a name and a description",
                card.id
            ));
        }
    }
    Ok(())
}
