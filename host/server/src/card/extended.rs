//! `GetExtendedAgentCard` (`agent/getAuthenticatedExtendedCard`): the card for a caller
//! who has authenticated, which says more than the public one: what each skill needs (its
//! `securityRequirements`), which plugin and component version runs it and within which
//! limits, and that the caller's tasks are its own.
//!
//! Offered (`capabilities.extendedAgentCard`) only where callers can authenticate, and
//! served only to a caller who did: an anonymous caller of a host that allows them gets
//! the 401 of a call without credentials.

use axum::http::{HeaderMap, HeaderValue, header};
use skillhost_types::{A2aError, AgentCard, ErrorKind, Principal};

use super::build;
use crate::AppState;
use crate::auth::{self, Refusal};

/// The extended card for `principal`, with its base URL (from `host` when no public URL is
/// configured).
pub(crate) fn extended_card(
    state: &AppState,
    principal: &Principal,
    host: Option<&str>,
) -> Result<(AgentCard, String), A2aError> {
    if !state.auth.enabled() {
        return Err(A2aError::new(
            ErrorKind::UnsupportedOperation,
            "this agent has no extended card (capabilities.extendedAgentCard is false)",
        ));
    }
    if !principal.is_authenticated() {
        return Err(auth::unauthenticated(&state.auth, Refusal::Missing));
    }
    let mut headers = HeaderMap::new();
    if let Some(value) = host.and_then(|h| HeaderValue::from_str(h).ok()) {
        headers.insert(header::HOST, value);
    }
    let catalog = state.registry.catalog();
    let built = build::card(&state.card, &catalog, &headers, &state.auth);
    let mut card = built.card;
    card.description = format!(
        "{} Authenticated as {principal}: the tasks you create are yours alone.",
        card.description
    );
    for skill in &mut card.skills {
        skill.security_requirements = card.security_requirements.clone();
        if let Some(s) = catalog.get(&skill.id) {
            skill.description = format!("{} {}", skill.description, runs_in(s));
        }
    }
    Ok((card, built.base))
}

/// Which plugin and component version runs a skill, within which limits.
fn runs_in(skill: &skillhost_registry::Skill) -> String {
    let limits = skill.plugin.limits();
    let short: String = skill.component.chars().take(12).collect();
    format!(
        "(Runs in plugin {} (component sha256:{short}…), with at most {} MiB of memory and {} s per turn.)",
        skill.plugin.name(),
        limits.memory_bytes >> 20,
        limits.deadline.as_secs(),
    )
}
