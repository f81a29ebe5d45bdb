//! The Agent Card in the 0.3 shape (served at 0.1 and 0.2's `/.well-known/agent.json`), and
//! the 0.3 members a 1.0 card carries for clients that name no version.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::{AgentCard, AgentProvider, AgentSkill};

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
    /// How callers authenticate, in the 0.3 (OpenAPI) shape.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub security_schemes: BTreeMap<String, Value>,
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
    /// `securityRequirements` of 1.0 in the 0.3 shape: `[{name: [scopes]}]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security: Vec<Value>,
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

/// The 0.3 endpoint members of `card`, its JSON-RPC endpoint at `url`.
pub fn endpoint<'a>(url: &'a str, card: &AgentCard) -> LegacyEndpoint<'a> {
    let capabilities = &card.capabilities;
    LegacyEndpoint {
        url,
        preferred_transport: "JSONRPC",
        additional_interfaces: [LegacyInterface {
            url,
            transport: "JSONRPC",
        }],
        protocol_version: PROTOCOL_VERSION,
        supports_authenticated_extended_card: capabilities.extended_agent_card,
        security: card.security_requirements.iter().map(requirement).collect(),
    }
}

/// A 1.0 `SecurityScheme` (`{"apiKeySecurityScheme": {…}}`) in the 0.3 shape (`{"type":
/// "apiKey", …}`); one this host never declares is passed on as it is.
pub fn scheme(scheme: &Value) -> Value {
    let field = |s: &Value, k: &str| s.get(k).cloned().unwrap_or(Value::Null);
    if let Some(s) = scheme.get("apiKeySecurityScheme") {
        let mut out =
            json!({"type": "apiKey", "in": field(s, "location"), "name": field(s, "name")});
        copy_description(s, &mut out);
        return out;
    }
    if let Some(s) = scheme.get("httpAuthSecurityScheme") {
        let mut out = json!({"type": "http", "scheme": field(s, "scheme")});
        if let Some(format) = s.get("bearerFormat") {
            out["bearerFormat"] = format.clone();
        }
        copy_description(s, &mut out);
        return out;
    }
    scheme.clone()
}

fn copy_description(from: &Value, to: &mut Value) {
    if let Some(d) = from.get("description") {
        to["description"] = d.clone();
    }
}

/// A 1.0 `SecurityRequirement` (`{"schemes": {name: {"list": [scopes]}}}`) in the 0.3
/// shape (`{name: [scopes]}`).
fn requirement(requirement: &Value) -> Value {
    let schemes = requirement.get("schemes").and_then(Value::as_object);
    let pairs = schemes.into_iter().flatten().map(|(name, scopes)| {
        let list = scopes.get("list").cloned().unwrap_or_else(|| json!([]));
        (name.clone(), list)
    });
    Value::Object(pairs.collect::<Map<String, Value>>())
}

/// The card's `securitySchemes` in the 0.3 shape.
pub fn schemes(card: &AgentCard) -> BTreeMap<String, Value> {
    (card.security_schemes.iter())
        .map(|(name, s)| (name.clone(), scheme(s)))
        .collect()
}

/// `card` in the 0.3 shape, its JSON-RPC endpoint at `url`.
pub fn legacy<'a>(card: &'a AgentCard, url: &'a str) -> LegacyCard<'a> {
    let caps = &card.capabilities;
    LegacyCard {
        name: &card.name,
        description: &card.description,
        endpoint: endpoint(url, card),
        version: &card.version,
        provider: card.provider.as_ref(),
        documentation_url: card.documentation_url.as_deref(),
        capabilities: LegacyCapabilities {
            streaming: caps.streaming,
            push_notifications: caps.push_notifications,
            state_transition_history: false,
        },
        security_schemes: schemes(card),
        default_input_modes: &card.default_input_modes,
        default_output_modes: &card.default_output_modes,
        skills: &card.skills,
    }
}
