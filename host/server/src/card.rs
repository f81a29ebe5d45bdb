//! `GET /.well-known/agent-card.json`: the Agent Card, built from the loaded skills.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use skillhost_registry::Catalog;
use skillhost_types::{
    AgentCapabilities, AgentCard, AgentInterface, AgentProvider, AgentSkill, timestamp,
};

use crate::AppState;
use crate::version::Version;

/// How the card presents this host; the skills come from the registry.
#[derive(Debug, Clone)]
pub struct CardConfig {
    /// The agent's name.
    pub name: String,
    /// What it does; the card adds how messages are routed to skills.
    pub description: String,
    /// The agent's own version.
    pub version: String,
    /// The base URL clients use, such as `https://agents.example.com`. Unset: taken from the
    /// request's `Host` header.
    pub public_url: Option<String>,
    /// Who runs the agent.
    pub provider: Option<AgentProvider>,
    /// Where to read more.
    pub documentation_url: Option<String>,
    /// Media types skills accept unless they say otherwise.
    pub default_input_modes: Vec<String>,
    /// Media types skills produce unless they say otherwise.
    pub default_output_modes: Vec<String>,
}

/// How long clients may cache the card. Short, because skills can change at run time.
const MAX_AGE: &str = "public, max-age=60";

pub(crate) async fn agent_card(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let catalog = state.manager.registry().catalog();
    let base = state
        .card
        .public_url
        .clone()
        .unwrap_or_else(|| from_host(&headers));
    let card = build(&state.card, &catalog, base.trim_end_matches('/'));
    let body = match serde_json::to_vec(&card) {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "agent card serialization failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let etag = etag(&body);
    let last_modified = timestamp::http_date(catalog.loaded_at().into());
    let mut response = if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, "application/json")], body).into_response()
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(MAX_AGE));
    for (name, value) in [(header::ETAG, etag), (header::LAST_MODIFIED, last_modified)] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            h.insert(name, value);
        }
    }
    response
}

fn build(config: &CardConfig, catalog: &Catalog, base: &str) -> AgentCard {
    AgentCard {
        name: config.name.clone(),
        description: format!(
            "{} {}",
            config.description.trim_end(),
            routing_note(catalog)
        ),
        supported_interfaces: interfaces(base),
        provider: config.provider.clone(),
        version: config.version.clone(),
        documentation_url: config.documentation_url.clone(),
        capabilities: AgentCapabilities {
            streaming: true,
            push_notifications: false,
            extended_agent_card: false,
        },
        default_input_modes: config.default_input_modes.clone(),
        default_output_modes: config.default_output_modes.clone(),
        skills: catalog.skills().iter().map(|s| skill(&s.card)).collect(),
    }
}

/// Both 1.0 bindings at the same base URL: JSON-RPC posts to it, HTTP+JSON paths hang off
/// it. JSON-RPC comes first, as the binding most clients prefer.
fn interfaces(base: &str) -> Vec<AgentInterface> {
    let at = |binding: &str| AgentInterface {
        url: base.to_string(),
        protocol_binding: binding.into(),
        protocol_version: Version::V1_0.as_str().into(),
    };
    vec![at("JSONRPC"), at("HTTP+JSON")]
}

/// The routing rule, in the card so that clients can read it (A2A has no field for it).
fn routing_note(catalog: &Catalog) -> String {
    let rule = "To use a skill, put its id in message.metadata.skillId;";
    match catalog.default_skill() {
        Some(s) => format!("{rule} messages without one go to skill \"{}\".", s.card.id),
        None => {
            format!("{rule} it is required, since this agent has several skills and no default.")
        }
    }
}

fn skill(card: &skillhost_runtime::SkillCard) -> AgentSkill {
    AgentSkill {
        id: card.id.clone(),
        name: card.name.clone(),
        description: card.description.clone(),
        tags: card.tags.clone(),
        examples: card.examples.clone(),
        input_modes: card.input_modes.clone(),
        output_modes: card.output_modes.clone(),
    }
}

/// `http://<Host>`, for hosts that listen on every interface and have no configured URL.
fn from_host(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    // A Host header is client input: keep only what a host and port can contain.
    let valid = host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
    format!(
        "http://{}",
        if valid && !host.is_empty() {
            host
        } else {
            "localhost"
        }
    )
}

fn etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}
