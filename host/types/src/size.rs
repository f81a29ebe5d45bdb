//! Approximate sizes in memory, for byte budgets. Cheap (no serialization) and meant to be
//! within a small factor of the truth: content bytes plus a fixed overhead per object.

use serde_json::Value;

use crate::{Artifact, Message, Metadata, Part, PartContent, StreamResponse, Task};

/// Overhead charged for every object (a message, a part, a JSON value): allocations and
/// bookkeeping that content length does not show.
const OBJECT: usize = 64;

/// Anything whose size can be estimated.
pub trait ApproxSize {
    /// About how many bytes this holds.
    fn approx_size(&self) -> usize;
}

impl ApproxSize for Value {
    fn approx_size(&self) -> usize {
        match self {
            Value::String(s) => OBJECT + s.len(),
            Value::Array(items) => {
                OBJECT + items.iter().map(ApproxSize::approx_size).sum::<usize>()
            }
            Value::Object(map) => map_size(map),
            Value::Null | Value::Bool(_) | Value::Number(_) => OBJECT / 2,
        }
    }
}

fn map_size(map: &Metadata) -> usize {
    OBJECT
        + map
            .iter()
            .map(|(k, v)| k.len() + v.approx_size())
            .sum::<usize>()
}

fn opt<T: ApproxSize>(value: &Option<T>) -> usize {
    value.as_ref().map_or(0, ApproxSize::approx_size)
}

impl ApproxSize for Metadata {
    fn approx_size(&self) -> usize {
        map_size(self)
    }
}

impl ApproxSize for String {
    fn approx_size(&self) -> usize {
        self.len()
    }
}

impl ApproxSize for Part {
    fn approx_size(&self) -> usize {
        let content = match &self.content {
            PartContent::Text(s) | PartContent::Url(s) => s.len(),
            PartContent::Raw(bytes) => bytes.len(),
            PartContent::Data(value) => value.approx_size(),
        };
        OBJECT + content + opt(&self.media_type) + opt(&self.filename) + opt(&self.metadata)
    }
}

impl ApproxSize for Message {
    fn approx_size(&self) -> usize {
        let parts: usize = self.parts.iter().map(ApproxSize::approx_size).sum();
        OBJECT + self.message_id.len() + parts + opt(&self.metadata)
    }
}

impl ApproxSize for Artifact {
    fn approx_size(&self) -> usize {
        let parts: usize = self.parts.iter().map(ApproxSize::approx_size).sum();
        OBJECT
            + self.artifact_id.len()
            + opt(&self.name)
            + opt(&self.description)
            + parts
            + opt(&self.metadata)
    }
}

impl ApproxSize for Task {
    fn approx_size(&self) -> usize {
        let history: usize = self.history.iter().map(ApproxSize::approx_size).sum();
        let artifacts: usize = self.artifacts.iter().map(ApproxSize::approx_size).sum();
        OBJECT + history + artifacts + opt(&self.status.message) + opt(&self.metadata)
    }
}

impl ApproxSize for StreamResponse {
    fn approx_size(&self) -> usize {
        match self {
            Self::Task(t) => t.approx_size(),
            Self::Message(m) => m.approx_size(),
            Self::StatusUpdate(u) => OBJECT + opt(&u.status.message),
            Self::ArtifactUpdate(u) => OBJECT + u.artifact.approx_size(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_dominates_and_overhead_is_charged() {
        let small = Part::text("hi").approx_size();
        let big = Part::text("x".repeat(10_000)).approx_size();
        assert!(
            small >= 64 && (10_000..10_200).contains(&big),
            "{small} {big}"
        );
        let data = Part::from(PartContent::Data(serde_json::json!([1, 2, 3]))).approx_size();
        assert!(data > 3 * 32, "every JSON value costs something: {data}");
    }
}
