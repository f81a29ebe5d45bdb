//! The Agent Card in the 0.3 shape (served at 0.1 and 0.2's `/.well-known/agent.json`), and
//! the 0.3 members a 1.0 card carries for clients that name no version.

use serde::Serialize;

use crate::{AgentCapabilities, AgentCard, AgentProvider, AgentSkill};

/// The protocol version a 0.3 card declares.
pub const PROTOCOL_VERSION: &str = "0.3.0";

/// A 0.3 `AgentCard`: one `url` and `preferredTransport` instead of `supportedInterfaces`,
/// and `supportsAuthenticatedExtendedCard` at the top.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LegacyCard<'a> {
    /// The agent's name.
    pub name: &'a str,
    /// What it does.
    pub description: &'a str,
    /// The members 1.0 moved elsewhere.
    #[serde(flatten)]
    pub endpoint: LegacyEndpoint<'a>,
    /// The agent's own version.
    pub version: &'a str,
    /// Who runs it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<&'a AgentProvider>,
    /// Where to read more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<&'a str>,
    /// Optional features.
    pub capabilities: LegacyCapabilities,
    /// Media types accepted by default.
    pub default_input_modes: &'a [String],
    /// Media types produced by default.
    pub default_output_modes: &'a [String],
    /// The skills; their shape did not change.
    pub skills: &'a [AgentSkill],
}

/// The 0.3 members that say where and how to reach the agent.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LegacyEndpoint<'a> {
    /// The JSON-RPC endpoint.
    pub url: &'a str,
    /// Always `JSONRPC`: the one binding whose 0.3 form this host speaks.
    pub preferred_transport: &'static str,
    /// The same endpoint again, as 0.3 cards list every interface here.
    pub additional_interfaces: [LegacyInterface<'a>; 1],
    /// [`PROTOCOL_VERSION`].
    pub protocol_version: &'static str,
    /// `capabilities.extendedAgentCard` of 1.0.
    pub supports_authenticated_extended_card: bool,
}

/// A 0.3 `AgentInterface`.
#[derive(Debug, Clone, Serialize)]
pub struct LegacyInterface<'a> {
    /// Its URL.
    pub url: &'a str,
    /// Its binding.
    pub transport: &'static str,
}

/// 0.3 `AgentCapabilities`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LegacyCapabilities {
    /// `message/stream` and `tasks/resubscribe` are served.
    pub streaming: bool,
    /// Push notification configs are accepted.
    pub push_notifications: bool,
    /// Not offered: tasks keep their history, not a log of status changes.
    pub state_transition_history: bool,
}

/// A 1.0 card with the 0.3 members added, which both 1.0 and 0.3 clients read: 1.0 clients
/// ignore the members they do not know, and so do 0.3 clients.
#[derive(Debug, Clone, Serialize)]
pub struct UnionCard<'a> {
    /// The 1.0 card.
    #[serde(flatten)]
    pub card: &'a AgentCard,
    /// The 0.3 members.
    #[serde(flatten)]
    pub legacy: LegacyEndpoint<'a>,
}

/// The 0.3 endpoint members for a JSON-RPC endpoint at `url`.
pub fn endpoint<'a>(url: &'a str, capabilities: &AgentCapabilities) -> LegacyEndpoint<'a> {
    LegacyEndpoint {
        url,
        preferred_transport: "JSONRPC",
        additional_interfaces: [LegacyInterface {
            url,
            transport: "JSONRPC",
        }],
        protocol_version: PROTOCOL_VERSION,
        supports_authenticated_extended_card: capabilities.extended_agent_card,
    }
}

/// `card` in the 0.3 shape, its JSON-RPC endpoint at `url`.
pub fn legacy<'a>(card: &'a AgentCard, url: &'a str) -> LegacyCard<'a> {
    let caps = &card.capabilities;
    LegacyCard {
        name: &card.name,
        description: &card.description,
        endpoint: endpoint(url, caps),
        version: &card.version,
        provider: card.provider.as_ref(),
        documentation_url: card.documentation_url.as_deref(),
        capabilities: LegacyCapabilities {
            streaming: caps.streaming,
            push_notifications: caps.push_notifications,
            state_transition_history: false,
        },
        default_input_modes: &card.default_input_modes,
        default_output_modes: &card.default_output_modes,
        skills: &card.skills,
    }
}
