//! The host side of the imports a plugin may use (`events`, `logging` and `config`), and of
//! the value `run` returns: what the skill hands over is charged (`crate::account`), then
//! checked and converted (`crate::convert`).
//!
//! These functions run on the guest's call stack, so they never block: events go to an
//! unbounded channel whose length the per-run event limit bounds.

use crate::RunError;
use crate::account::{self, Bill};
use crate::bindings::a2a::skill::{config, events, logging, types};
use crate::bindings::types as wit;
use crate::convert;
use crate::run::{Outcome, SkillEvent};
use crate::state::RunState;

impl types::Host for RunState {}

impl events::Host for RunState {
    fn emit_status(&mut self, message: Option<wit::Reply>) -> wasmtime::Result<()> {
        let bill = message.as_ref().map(account::reply).unwrap_or_default();
        self.charge_event(account::event(bill))?;
        let reply = message.map(|r| convert::reply_from_wit(r, "status message"));
        let reply = reply
            .transpose()
            .map_err(|e| self.stop(RunError::Contract(e)))?;
        self.send(SkillEvent::Status(reply))
    }

    fn emit_artifact(
        &mut self,
        artifact: wit::Artifact,
        append: bool,
        last_chunk: bool,
    ) -> wasmtime::Result<()> {
        self.charge_event(account::event(account::artifact(&artifact)))?;
        let artifact = convert::artifact_from_wit(artifact);
        let artifact = artifact.map_err(|e| self.stop(RunError::Contract(e)))?;
        let id = &artifact.artifact_id;
        if append {
            match self.artifacts.get(id) {
                None => {
                    let why = format!("appended to artifact `{id}`, which does not exist");
                    return Err(self.stop(RunError::Contract(why)));
                }
                Some(true) => {
                    let why = format!("appended to artifact `{id}` after its last chunk");
                    return Err(self.stop(RunError::Contract(why)));
                }
                Some(false) => {}
            }
        }
        self.artifacts.insert(id.clone(), last_chunk);
        self.send(SkillEvent::Artifact {
            artifact,
            append,
            last_chunk,
        })
    }

    fn cancelled(&mut self) -> wasmtime::Result<bool> {
        Ok(self.cancel.is_cancelled())
    }
}

impl RunState {
    /// Counts one event against the run's limits: events, bytes and parts per event.
    fn charge_event(&mut self, bill: Bill) -> Result<(), wasmtime::Error> {
        if self.events.left == 0 {
            let why = format!("more than {} events", self.events.max);
            return Err(self.stop(RunError::EventLimit(why)));
        }
        self.events.left -= 1;
        self.charge(bill).map_err(|e| self.stop(e))
    }

    /// Counts `bill` against the run's byte budget and the per-event part limit: every
    /// value the skill hands over (events and its turn's result) goes through here.
    pub(crate) fn charge(&mut self, bill: Bill) -> Result<(), RunError> {
        if bill.parts > self.events.max_parts {
            let why = format!(
                "{} parts in one event (at most {})",
                bill.parts, self.events.max_parts
            );
            return Err(RunError::EventLimit(why));
        }
        if bill.bytes > self.events.bytes_left {
            let why = format!("more than {} bytes of events", self.events.max_bytes);
            return Err(RunError::EventLimit(why));
        }
        self.events.bytes_left -= bill.bytes;
        Ok(())
    }

    /// The turn's result, charged like an event (it becomes the task's status message and
    /// joins its history) and checked like one.
    pub(crate) fn finish(
        &mut self,
        result: Result<wit::Outcome, wit::SkillError>,
    ) -> Result<Outcome, RunError> {
        let bill = match &result {
            Ok(outcome) => convert::reply_of(outcome).map(account::reply),
            Err(e) => Some(account::skill_error(e)),
        };
        self.charge(account::event(bill.unwrap_or_default()))?;
        match result {
            Ok(outcome) => convert::outcome_from_wit(outcome).map_err(RunError::Contract),
            Err(e) => Ok(Outcome::Failed(e.reason)),
        }
    }

    fn send(&mut self, event: SkillEvent) -> wasmtime::Result<()> {
        let Some(tx) = &self.events.tx else {
            let why = "events may only be emitted during `run`".to_string();
            return Err(self.stop(RunError::Contract(why)));
        };
        // A closed channel means nobody listens any more (the task was cancelled); the run
        // is about to be dropped, so there is nothing to report.
        let _ = tx.send(event);
        Ok(())
    }
}

impl logging::Host for RunState {
    fn log(
        &mut self,
        level: logging::Level,
        message: String,
        fields: Vec<(String, String)>,
    ) -> wasmtime::Result<()> {
        let size = account::log(&message, &fields);
        if size > self.log.bytes_left {
            if !self.log.warned {
                self.log.warned = true;
                tracing::warn!(target: "skill", skill = %self.label, "log limit reached; dropping records");
            }
            return Ok(());
        }
        self.log.bytes_left -= size;
        let fields = Fields(&fields);
        let skill = &*self.label;
        // Guest text is escaped so that it cannot forge log lines.
        let message = message.escape_debug();
        match level {
            logging::Level::Trace => tracing::trace!(target: "skill", skill, %fields, "{message}"),
            logging::Level::Debug => tracing::debug!(target: "skill", skill, %fields, "{message}"),
            logging::Level::Info => tracing::info!(target: "skill", skill, %fields, "{message}"),
            logging::Level::Warn => tracing::warn!(target: "skill", skill, %fields, "{message}"),
            logging::Level::Error => tracing::error!(target: "skill", skill, %fields, "{message}"),
        }
        Ok(())
    }
}

/// Guest fields as `k=v k=v`, formatted only if the record is enabled.
struct Fields<'a>(&'a [(String, String)]);

impl std::fmt::Display for Fields<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (k, v)) in self.0.iter().enumerate() {
            let sep = if i == 0 { "" } else { " " };
            write!(f, "{sep}{}={v:?}", k.escape_debug())?;
        }
        Ok(())
    }
}

impl config::Host for RunState {
    fn get(&mut self, key: String) -> wasmtime::Result<Option<String>> {
        let found = self.config.binary_search_by(|(k, _)| k.as_str().cmp(&key));
        Ok(found.ok().map(|i| self.config[i].1.clone()))
    }

    fn get_all(&mut self) -> wasmtime::Result<Vec<(String, String)>> {
        Ok(self.config.as_ref().clone())
    }
}
