//! The Agent Card (A2A `AgentCard`), served at `/.well-known/agent-card.json`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A2A `AgentCard`: who the agent is, where and how to reach it, what it can do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentCard {
    /// Human-readable name.
    pub name: String,
    /// What the agent does.
    pub description: String,
    /// Endpoints in order of preference.
    pub supported_interfaces: Vec<AgentInterface>,
    /// Who runs the agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<AgentProvider>,
    /// The agent's own version.
    pub version: String,
    /// Where to read more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<String>,
    /// Optional protocol features.
    pub capabilities: AgentCapabilities,
    /// How callers authenticate: scheme name to `SecurityScheme` (A2A 1.0 shape: one of
    /// `apiKeySecurityScheme`, `httpAuthSecurityScheme`, …). Empty: anyone may call.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub security_schemes: BTreeMap<String, Value>,
    /// Which schemes a call needs: any one `SecurityRequirement` (`{"schemes": {name:
    /// {"list": [scopes]}}}`) is enough.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_requirements: Vec<Value>,
    /// Media types accepted when a skill declares none.
    pub default_input_modes: Vec<String>,
    /// Media types produced when a skill declares none.
    pub default_output_modes: Vec<String>,
    /// What the agent can do.
    pub skills: Vec<AgentSkill>,
}

/// A2A `AgentInterface`: one endpoint and the binding it speaks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentInterface {
    /// Absolute URL of the endpoint.
    pub url: String,
    /// `JSONRPC`, `HTTP+JSON` or `GRPC`.
    pub protocol_binding: String,
    /// `Major.Minor` of A2A spoken there.
    pub protocol_version: String,
}

/// A2A `AgentProvider`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentProvider {
    /// Website of the organization.
    pub url: String,
    /// Its name.
    pub organization: String,
}

/// A2A `AgentCapabilities`. Every flag is written explicitly, `false` included, so clients
/// need not guess a default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentCapabilities {
    /// `SendStreamingMessage` and `SubscribeToTask` are served.
    pub streaming: bool,
    /// Push notification configs are accepted.
    pub push_notifications: bool,
    /// An extended card is served to authenticated clients.
    pub extended_agent_card: bool,
}

/// A2A `AgentSkill`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentSkill {
    /// Unique id; the value of `message.metadata.skillId` that routes to it.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// What it does.
    pub description: String,
    /// Keywords.
    pub tags: Vec<String>,
    /// Example prompts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
    /// Accepted media types, when they differ from the card's defaults.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub input_modes: Vec<String>,
    /// Produced media types, when they differ from the card's defaults.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub output_modes: Vec<String>,
    /// What a call to this skill needs, when the card says (as `securityRequirements`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_requirements: Vec<Value>,
}
