//! A2A types to and from the generated WIT types.
//!
//! Inbound conversions cannot fail: the host validated the data when it arrived. Outbound
//! ones check what the guest sent (JSON that parses, metadata that is an object, no empty
//! part lists) and return the broken rule as text.

use serde_json::Value;
use skillhost_types::{Artifact, Message, Metadata, Part, PartContent, Role};

use crate::bindings::types as wit;
use crate::run::{Outcome, Reply, Turn};

pub(crate) fn turn_to_wit(turn: &Turn<'_>) -> wit::Turn {
    wit::Turn {
        task_id: turn.task_id.to_string(),
        context_id: turn.context_id.to_string(),
        skill_id: turn.skill_id.to_string(),
        message: message_to_wit(turn.message),
        history: turn.history.iter().map(message_to_wit).collect(),
        metadata: turn.metadata.map(metadata_to_json),
    }
}

fn message_to_wit(m: &Message) -> wit::Message {
    wit::Message {
        message_id: m.message_id.clone(),
        role: match m.role {
            Role::Agent => wit::Role::Agent,
            Role::User | Role::Unspecified => wit::Role::User,
        },
        parts: m.parts.iter().map(part_to_wit).collect(),
        metadata: m.metadata.as_ref().map(metadata_to_json),
        reference_task_ids: m.reference_task_ids.clone(),
    }
}

fn part_to_wit(p: &Part) -> wit::Part {
    let content = match &p.content {
        PartContent::Text(t) => wit::PartContent::Text(t.clone()),
        PartContent::Raw(r) => wit::PartContent::Raw(r.clone()),
        PartContent::Url(u) => wit::PartContent::Url(u.clone()),
        PartContent::Data(d) => wit::PartContent::Data(d.to_string()),
    };
    wit::Part {
        content,
        media_type: p.media_type.clone(),
        filename: p.filename.clone(),
        metadata: p.metadata.as_ref().map(metadata_to_json),
    }
}

fn metadata_to_json(m: &Metadata) -> String {
    // A map of JSON values always serializes.
    serde_json::to_string(m).unwrap_or_else(|_| "{}".into())
}

pub(crate) fn outcome_from_wit(o: wit::Outcome) -> Result<Outcome, String> {
    Ok(match o {
        wit::Outcome::Completed(r) => Outcome::Completed(r.map(reply_from_wit).transpose()?),
        wit::Outcome::InputRequired(r) => Outcome::InputRequired(reply_from_wit(r)?),
        wit::Outcome::AuthRequired(r) => Outcome::AuthRequired(reply_from_wit(r)?),
        wit::Outcome::Rejected(r) => Outcome::Rejected(reply_from_wit(r)?),
        wit::Outcome::Message(r) => Outcome::Message(reply_from_wit(r)?),
    })
}

pub(crate) fn reply_from_wit(r: wit::Reply) -> Result<Reply, String> {
    if r.parts.is_empty() {
        return Err("a reply needs at least one part".into());
    }
    Ok(Reply {
        parts: parts_from_wit(r.parts)?,
        metadata: metadata_from_json(r.metadata)?,
    })
}

pub(crate) fn artifact_from_wit(a: wit::Artifact) -> Result<Artifact, String> {
    let id = &a.artifact_id;
    if id.is_empty() || id.len() > 256 || id.chars().any(char::is_control) {
        return Err("an artifact-id must be 1-256 bytes with no control characters".into());
    }
    if a.parts.is_empty() {
        return Err(format!("artifact `{}` has no parts", a.artifact_id));
    }
    Ok(Artifact {
        artifact_id: a.artifact_id,
        name: a.name,
        description: a.description,
        parts: parts_from_wit(a.parts)?,
        metadata: metadata_from_json(a.metadata)?,
        extensions: Vec::new(),
    })
}

fn parts_from_wit(parts: Vec<wit::Part>) -> Result<Vec<Part>, String> {
    parts.into_iter().map(part_from_wit).collect()
}

fn part_from_wit(p: wit::Part) -> Result<Part, String> {
    let content = match p.content {
        wit::PartContent::Text(t) => PartContent::Text(t),
        wit::PartContent::Raw(r) => PartContent::Raw(r),
        wit::PartContent::Url(u) => PartContent::Url(u),
        wit::PartContent::Data(d) => PartContent::Data(
            serde_json::from_str(&d).map_err(|e| format!("a data part is not JSON: {e}"))?,
        ),
    };
    let metadata = metadata_from_json(p.metadata)?;
    Ok(Part {
        content,
        media_type: p.media_type,
        filename: p.filename,
        metadata,
    })
}

fn metadata_from_json(m: Option<String>) -> Result<Option<Metadata>, String> {
    let Some(text) = m else { return Ok(None) };
    match serde_json::from_str(&text) {
        Ok(Value::Object(map)) => Ok(Some(map)),
        Ok(_) => Err("metadata must be a JSON object".into()),
        Err(e) => Err(format!("metadata is not JSON: {e}")),
    }
}

/// The bytes of content an event carries, for the per-run event byte limit.
pub(crate) fn size_of_parts(parts: &[wit::Part]) -> usize {
    parts
        .iter()
        .map(|p| {
            let content = match &p.content {
                wit::PartContent::Text(s)
                | wit::PartContent::Url(s)
                | wit::PartContent::Data(s) => s.len(),
                wit::PartContent::Raw(r) => r.len(),
            };
            let opt = |o: &Option<String>| o.as_ref().map_or(0, String::len);
            content + opt(&p.media_type) + opt(&p.filename) + opt(&p.metadata)
        })
        .sum()
}
