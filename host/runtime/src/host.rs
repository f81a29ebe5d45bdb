//! The host side of the imports a plugin may use: `events`, `logging` and `config`.
//!
//! These functions run on the guest's call stack, so they never block: events go to an
//! unbounded channel whose length the per-run event limit bounds.

use crate::RunError;
use crate::bindings::a2a::skill::{config, events, logging, types};
use crate::bindings::types as wit;
use crate::convert;
use crate::run::SkillEvent;
use crate::state::RunState;

impl types::Host for RunState {}

impl events::Host for RunState {
    fn emit_status(&mut self, message: Option<wit::Reply>) -> wasmtime::Result<()> {
        let size = message
            .as_ref()
            .map_or(0, |r| convert::size_of_parts(&r.parts));
        self.charge(size)?;
        let reply = message.map(convert::reply_from_wit).transpose();
        let reply = reply.map_err(|e| self.stop(RunError::Contract(e)))?;
        self.send(SkillEvent::Status(reply))
    }

    fn emit_artifact(
        &mut self,
        artifact: wit::Artifact,
        append: bool,
        last_chunk: bool,
    ) -> wasmtime::Result<()> {
        self.charge(convert::size_of_parts(&artifact.parts))?;
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
    /// Counts one event of `size` bytes against the run's limits.
    fn charge(&mut self, size: usize) -> wasmtime::Result<()> {
        if self.events.left == 0 {
            let why = format!("more than {} events", self.events.max);
            return Err(self.stop(RunError::EventLimit(why)));
        }
        if size > self.events.bytes_left {
            let why = format!("more than {} bytes of events", self.events.max_bytes);
            return Err(self.stop(RunError::EventLimit(why)));
        }
        self.events.left -= 1;
        self.events.bytes_left -= size;
        Ok(())
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
        let size = message.len() + fields.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>();
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
