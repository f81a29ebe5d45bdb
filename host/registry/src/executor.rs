//! The registry as the task engine's [`Executor`]: skills are routed through the current
//! catalog and run in the wasm sandbox.

use futures::future::{BoxFuture, FutureExt};
use skillhost_runtime::{RunError, Ticket};
use skillhost_tasks::executor::{Admission, Executor, Failure, SkillInfo, Turn};
use skillhost_types::skill::{Outcome, Overloaded, RouteError, SkillEvent};
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use crate::Registry;
use crate::catalog::Skill;

fn info(skill: &Skill) -> SkillInfo {
    SkillInfo {
        card: skill.card.clone(),
        component: skill.component.clone(),
    }
}

impl Executor for Registry {
    fn route(&self, requested: Option<&str>) -> Result<SkillInfo, RouteError> {
        self.catalog().route(requested).map(info)
    }

    fn skill(&self, id: &str) -> Option<SkillInfo> {
        self.catalog().get(id).map(info)
    }

    fn admit(&self, skill: &SkillInfo) -> Result<Admission, Overloaded> {
        match self.catalog().get(&skill.card.id) {
            Some(s) => s.plugin.admit().map(Admission::new),
            // Unloaded since it was routed: the run says so (see `run`).
            None => Ok(Admission::new(())),
        }
    }

    fn saturated(&self, skill: &SkillInfo) -> bool {
        let catalog = self.catalog();
        catalog
            .get(&skill.card.id)
            .is_some_and(|s| s.plugin.saturated())
    }

    fn run<'a>(
        &'a self,
        admission: &'a Admission,
        turn: Turn<'a>,
        events: UnboundedSender<SkillEvent>,
        cancel: CancellationToken,
    ) -> BoxFuture<'a, Result<Outcome, Failure>> {
        async move {
            let Some(skill) = self.catalog().get(turn.skill_id).cloned() else {
                return Err(Failure {
                    kind: "hostError".into(),
                    text: format!("skill {} is no longer loaded", turn.skill_id),
                });
            };
            let input = skillhost_runtime::Turn {
                task_id: turn.task_id,
                context_id: turn.context_id,
                skill_id: turn.skill_id,
                message: turn.message,
                history: turn.history,
                metadata: turn.metadata,
                artifacts: turn.artifacts,
                // The task engine admits each event against the task's own limit and the
                // host's store, and names that failure itself (`resourceLimit`); the run's
                // own limit (`max_event_bytes`) still applies.
                event_bytes: usize::MAX,
            };
            let Some(ticket) = admission.get::<Ticket>() else {
                return Err(Failure {
                    kind: "hostError".into(),
                    text: format!("skill {} is no longer loaded", turn.skill_id),
                });
            };
            skill
                .plugin
                .run(ticket, input, events, cancel)
                .await
                .map_err(failure)
        }
        .boxed()
    }
}

/// A sandbox error as the task engine sees it: a kind name and the client's text.
fn failure(e: RunError) -> Failure {
    Failure {
        kind: e.kind().into(),
        text: e.to_string(),
    }
}
