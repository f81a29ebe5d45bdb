//! Building the Agent Card (A2A 1.0) from the host's config and the loaded skills.

use axum::http::{HeaderMap, header};
use skillhost_registry::Catalog;
use skillhost_types::{AgentCapabilities, AgentCard, AgentInterface, AgentProvider, AgentSkill};

use crate::auth::{self, Authenticator};
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

/// A card built for one request.
pub(crate) struct Built {
    /// The card.
    pub card: AgentCard,
    /// The base URL, where JSON-RPC is served.
    pub base: String,
    /// Whether the base URL came from the request's `Host` header.
    pub from_host: bool,
}

/// The card as `headers`' request sees it.
pub(crate) fn card(
    config: &CardConfig,
    catalog: &Catalog,
    headers: &HeaderMap,
    auth: &Authenticator,
) -> Built {
    let (base, from_host) = match &config.public_url {
        Some(url) => (url.trim_end_matches('/').to_string(), false),
        None => (from_host(headers), true),
    };
    Built {
        card: build(config, catalog, &base, auth),
        base,
        from_host,
    }
}

fn build(config: &CardConfig, catalog: &Catalog, base: &str, auth: &Authenticator) -> AgentCard {
    let (security_schemes, security_requirements) = auth::security(auth);
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
            push_notifications: true,
            // Served to authenticated callers, so only where callers can authenticate.
            extended_agent_card: auth.enabled(),
        },
        security_schemes,
        security_requirements,
        default_input_modes: config.default_input_modes.clone(),
        default_output_modes: config.default_output_modes.clone(),
        skills: catalog.skills().iter().map(|s| skill(&s.card)).collect(),
    }
}

/// Every binding and version at the same base URL: JSON-RPC posts to it, HTTP+JSON paths
/// hang off it. 1.0 JSON-RPC comes first, as the binding most clients prefer; clients pick
/// the first interface of the binding they speak, and 1.0 before 0.3.
fn interfaces(base: &str) -> Vec<AgentInterface> {
    let at = |binding: &str, version: Version| AgentInterface {
        url: base.to_string(),
        protocol_binding: binding.into(),
        protocol_version: version.as_str().into(),
    };
    vec![
        at("JSONRPC", Version::V1_0),
        at("HTTP+JSON", Version::V1_0),
        at("JSONRPC", Version::V0_3),
    ]
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
        security_requirements: Vec::new(),
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
