//! A2A types to and from the generated WIT types.
//!
//! Inbound conversions cannot fail: the host validated the data when it arrived. Outbound
//! ones check what the guest sent (JSON that parses, metadata that is an object, no empty
//! part lists, and what `crate::validate` checks) and return the broken rule as text that
//! names the field.

use serde_json::Value;
use skillhost_types::{Artifact, Message, Metadata, Part, PartContent, Role};

use crate::bindings::types as wit;
use crate::run::{Outcome, Reply, Turn};
use crate::validate;

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

/// The reply a turn's result carries, if any.
pub(crate) fn reply_of(o: &wit::Outcome) -> Option<&wit::Reply> {
    match o {
        wit::Outcome::Completed(r) => r.as_ref(),
        wit::Outcome::InputRequired(r)
        | wit::Outcome::AuthRequired(r)
        | wit::Outcome::Rejected(r)
        | wit::Outcome::Message(r) => Some(r),
    }
}

/// The turn's result: its reply, checked like every other value the skill sends.
pub(crate) fn outcome_from_wit(o: wit::Outcome) -> Result<Outcome, String> {
    let reply = |r| reply_from_wit(r, "final reply");
    Ok(match o {
        wit::Outcome::Completed(r) => Outcome::Completed(r.map(reply).transpose()?),
        wit::Outcome::InputRequired(r) => Outcome::InputRequired(reply(r)?),
        wit::Outcome::AuthRequired(r) => Outcome::AuthRequired(reply(r)?),
        wit::Outcome::Rejected(r) => Outcome::Rejected(reply(r)?),
        wit::Outcome::Message(r) => Outcome::Message(reply(r)?),
    })
}

/// A reply; `at` names it in errors (`status message`, `final reply`).
pub(crate) fn reply_from_wit(r: wit::Reply, at: &str) -> Result<Reply, String> {
    if r.parts.is_empty() {
        return Err(format!("{at}: a reply needs at least one part"));
    }
    Ok(Reply {
        parts: parts_from_wit(r.parts, at)?,
        metadata: metadata_from_json(r.metadata, at)?,
    })
}

pub(crate) fn artifact_from_wit(a: wit::Artifact) -> Result<Artifact, String> {
    let id = &a.artifact_id;
    if id.is_empty() || id.len() > 256 || id.chars().any(char::is_control) {
        return Err("an artifact-id must be 1-256 bytes with no control characters".into());
    }
    let at = format!("artifact `{id}`");
    if a.parts.is_empty() {
        return Err(format!("{at} has no parts"));
    }
    Ok(Artifact {
        parts: parts_from_wit(a.parts, &at)?,
        metadata: metadata_from_json(a.metadata, &at)?,
        artifact_id: a.artifact_id,
        name: a.name,
        description: a.description,
        extensions: Vec::new(),
    })
}

fn parts_from_wit(parts: Vec<wit::Part>, at: &str) -> Result<Vec<Part>, String> {
    let at = |i: usize| format!("{at}, part {}", i + 1);
    parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| part_from_wit(p, &at(i)))
        .collect()
}

/// One part, with every field a client sees as it is checked (see `crate::validate`).
fn part_from_wit(p: wit::Part, at: &str) -> Result<Part, String> {
    let field = |name: &'static str| move |why: String| format!("{at}: {name} {why}");
    let content = match p.content {
        wit::PartContent::Text(t) => PartContent::Text(t),
        wit::PartContent::Raw(r) => PartContent::Raw(r),
        wit::PartContent::Url(u) => {
            validate::url(&u).map_err(field("url"))?;
            PartContent::Url(u)
        }
        wit::PartContent::Data(d) => PartContent::Data(
            serde_json::from_str(&d).map_err(|e| format!("{at}: data is not JSON: {e}"))?,
        ),
    };
    if let Some(m) = &p.media_type {
        validate::media_type(m).map_err(field("mediaType"))?;
    }
    let filename = p.filename.as_deref().map(validate::filename).transpose();
    Ok(Part {
        content,
        media_type: p.media_type,
        filename: filename.map_err(field("filename"))?,
        metadata: metadata_from_json(p.metadata, at)?,
    })
}

/// Metadata: a JSON object that sets no key the host owns.
fn metadata_from_json(m: Option<String>, at: &str) -> Result<Option<Metadata>, String> {
    let Some(text) = m else { return Ok(None) };
    let map = match serde_json::from_str(&text) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(format!("{at}: metadata must be a JSON object")),
        Err(e) => return Err(format!("{at}: metadata is not JSON: {e}")),
    };
    validate::metadata(&map).map_err(|why| format!("{at}: metadata {why}"))?;
    Ok(Some(map))
}
