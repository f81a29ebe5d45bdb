//! Bearer JWTs: the header picks the key (HS256: the shared key; RS256, ES256: the JWKS key
//! its `kid` names), and the token must verify with it and carry `exp`, `iss`, `aud` and
//! `sub`, with `iss` and `aud` as configured and `exp` and `nbf` within the allowed skew.
//! `sub` is the principal (any but `anonymous`, the owner of calls without credentials).
//!
//! An algorithm is accepted only where its key comes from: an `alg: none` token, one whose
//! `alg` has no configured key, and one whose key is of another type or declares another
//! algorithm are all refused. An HS256 token is never checked against a public key.

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde::Deserialize;
use skillhost_types::principal::ANONYMOUS;

use super::jwks::Jwks;
use super::{JwtConfig, Refusal};

pub(super) struct Verifier {
    issuer: String,
    audience: String,
    leeway: u64,
    hs256: Option<DecodingKey>,
    jwks: Option<Jwks>,
}

/// The claims read from a verified token (the standard ones are checked by `Validation`).
#[derive(Deserialize)]
struct Claims {
    /// Missing reads as empty, which is refused below with a reason the client can act on.
    #[serde(default)]
    sub: String,
}

impl Verifier {
    pub(super) fn new(config: JwtConfig) -> Self {
        // One crypto backend is compiled in; naming it spares the library a guess.
        let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
        Self {
            issuer: config.issuer,
            audience: config.audience,
            leeway: config.leeway.as_secs(),
            hs256: config.hs256_secret.map(|s| DecodingKey::from_secret(&s)),
            jwks: config.jwks.map(Jwks::new),
        }
    }

    /// Whether RS256/ES256 tokens are accepted, for the card and the challenge.
    pub(super) fn algorithms(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        if self.hs256.is_some() {
            names.push("HS256");
        }
        if self.jwks.is_some() {
            names.extend(["RS256", "ES256"]);
        }
        names
    }

    /// The principal (`sub`) of a token that verifies.
    pub(super) async fn verify(&self, token: &str) -> Result<String, Refusal> {
        // `alg: none` (and any name the library does not know) fails here.
        let header = decode_header(token).map_err(|_| Refusal::BadToken("malformed token"))?;
        let key = self.key(header.alg, header.kid.as_deref()).await?;
        let mut validation = Validation::new(header.alg);
        validation.leeway = self.leeway;
        validation.validate_nbf = true;
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let data = decode::<Claims>(token, &key, &validation).map_err(|e| refusal(e.kind()))?;
        // `anonymous` owns the tasks of calls without credentials: no token may claim it.
        if data.claims.sub.is_empty() || data.claims.sub == ANONYMOUS {
            return Err(Refusal::BadToken("the token's sub is empty or reserved"));
        }
        Ok(data.claims.sub)
    }

    async fn key(&self, alg: Algorithm, kid: Option<&str>) -> Result<DecodingKey, Refusal> {
        let unsupported = Refusal::BadToken("the token's algorithm is not accepted");
        match alg {
            Algorithm::HS256 => self.hs256.clone().ok_or(unsupported),
            Algorithm::RS256 | Algorithm::ES256 => match &self.jwks {
                Some(jwks) => jwks.key(alg, kid).await,
                None => Err(unsupported),
            },
            _ => Err(unsupported),
        }
    }
}

/// What the client is told about a token that failed: the check, never a key or a cause
/// inside the host.
fn refusal(kind: &ErrorKind) -> Refusal {
    Refusal::BadToken(match kind {
        ErrorKind::ExpiredSignature => "the token has expired",
        ErrorKind::ImmatureSignature => "the token is not valid yet (nbf)",
        ErrorKind::InvalidAudience => "the token is for another audience",
        ErrorKind::InvalidIssuer => "the token is from another issuer",
        ErrorKind::InvalidSignature => "the token's signature does not verify",
        ErrorKind::InvalidAlgorithm => "the token's algorithm does not match its key",
        ErrorKind::MissingRequiredClaim(_) => "the token lacks exp, iss, aud or sub",
        _ => "malformed token",
    })
}
