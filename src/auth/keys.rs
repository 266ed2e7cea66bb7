//! Verification keys: an HS256 secret and/or a JWKS of public keys chosen by `kid`.
//! Algorithms are pinned here; the token header never chooses them.

use std::{collections::HashMap, path::Path};

use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode,
    jwk::{JwkSet, KeyAlgorithm},
};

use super::Claims;
use crate::error::AppError;

/// Shortest HS256 secret accepted: RFC 7518 asks for a key as long as the hash.
pub const MIN_SECRET_BYTES: usize = 32;

/// The keys and expectations every token is checked against.
#[derive(Clone)]
pub struct KeySet {
    hmac: Option<(EncodingKey, DecodingKey)>,
    public: HashMap<String, (Algorithm, DecodingKey)>,
    issuer: String,
    audience: String,
    /// Longest lifetime (`exp` − `iat`) a token may have, in seconds; `None`: no limit.
    max_ttl_secs: Option<u64>,
}

impl std::fmt::Debug for KeySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySet")
            .field("hmac", &self.hmac.is_some())
            .field("kids", &self.public.keys().collect::<Vec<_>>())
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("max_ttl_secs", &self.max_ttl_secs)
            .finish()
    }
}

impl KeySet {
    /// Builds the key set; refuses a short secret or a JWKS it cannot use.
    pub fn new(
        secret: Option<&str>,
        jwks_path: Option<&Path>,
        issuer: &str,
        audience: &str,
    ) -> anyhow::Result<Self> {
        let hmac = match secret {
            Some(s) if s.len() < MIN_SECRET_BYTES => {
                anyhow::bail!("JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes")
            }
            Some(s) => Some((
                EncodingKey::from_secret(s.as_bytes()),
                DecodingKey::from_secret(s.as_bytes()),
            )),
            None => None,
        };
        let mut public = HashMap::new();
        if let Some(path) = jwks_path {
            let text = std::fs::read_to_string(path)?;
            let set: JwkSet = serde_json::from_str(&text)?;
            for jwk in &set.keys {
                let kid =
                    jwk.common.key_id.clone().ok_or_else(|| {
                        anyhow::anyhow!("every key in JWT_PUBLIC_KEYS needs a kid")
                    })?;
                let alg = match jwk.common.key_algorithm {
                    Some(KeyAlgorithm::RS256) => Algorithm::RS256,
                    Some(KeyAlgorithm::ES256) => Algorithm::ES256,
                    Some(KeyAlgorithm::EdDSA) => Algorithm::EdDSA,
                    other => anyhow::bail!(
                        "key {kid}: algorithm {other:?} is not accepted (RS256, ES256, EdDSA)"
                    ),
                };
                public.insert(kid, (alg, DecodingKey::from_jwk(jwk)?));
            }
        }
        if hmac.is_none() && public.is_empty() {
            anyhow::bail!("set JWT_SECRET (HS256) or JWT_PUBLIC_KEYS (a JWKS file)");
        }
        Ok(Self {
            hmac,
            public,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            max_ttl_secs: None,
        })
    }

    /// Refuses tokens that live longer than `secs` (`MAX_TOKEN_TTL_SECS`); 0 sets no limit.
    pub fn with_max_ttl(mut self, secs: u64) -> Self {
        self.max_ttl_secs = (secs > 0).then_some(secs);
        self
    }

    /// The longest lifetime a token may have, if limited.
    pub fn max_ttl_secs(&self) -> Option<u64> {
        self.max_ttl_secs
    }

    /// Verifies signature, algorithm, `exp`, `iss`, `aud` (a string or an array that holds the
    /// configured audience), `sub`, and the lifetime limit (see [`lifetime_exceeds`]).
    pub fn verify(&self, token: &str) -> Result<Claims, AppError> {
        let reject = |why: &str| AppError::Unauthenticated(format!("invalid token: {why}"));
        let header = decode_header(token).map_err(|_| reject("malformed"))?;
        let (alg, key) = match &header.kid {
            Some(kid) if !self.public.is_empty() => {
                let (alg, key) = self
                    .public
                    .get(kid)
                    .ok_or_else(|| reject("unknown key id"))?;
                (*alg, key)
            }
            _ => {
                let (_, key) = self.hmac.as_ref().ok_or_else(|| reject("unknown key id"))?;
                (Algorithm::HS256, key)
            }
        };
        if header.alg != alg {
            return Err(reject("algorithm not allowed"));
        }
        let mut validation = Validation::new(alg);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 30;
        validation.validate_nbf = true;
        let data = decode::<Claims>(token, key, &validation).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind;
            match e.kind() {
                ErrorKind::ExpiredSignature => reject("expired"),
                ErrorKind::InvalidIssuer => reject("wrong issuer"),
                ErrorKind::InvalidAudience => reject("wrong audience"),
                ErrorKind::MissingRequiredClaim(c) => reject(&format!("missing claim {c}")),
                ErrorKind::InvalidSignature => reject("bad signature"),
                _ => reject("rejected"),
            }
        })?;
        if data.claims.sub.trim().is_empty() {
            return Err(reject("empty subject"));
        }
        if !data.claims.aud.contains(&self.audience) {
            return Err(reject("wrong audience"));
        }
        if let Some(max) = self.max_ttl_secs {
            let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0);
            if lifetime_exceeds(&data.claims, now, max) {
                return Err(reject(&format!(
                    "lifetime longer than the {max} seconds allowed (MAX_TOKEN_TTL_SECS)"
                )));
            }
        }
        Ok(data.claims)
    }

    /// Signs claims with the HS256 secret (the `token` command and tests).
    pub fn sign(&self, claims: &Claims) -> anyhow::Result<String> {
        let (key, _) = self
            .hmac
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("minting tokens needs JWT_SECRET (HS256)"))?;
        Ok(encode(&Header::new(Algorithm::HS256), claims, key)?)
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn audience(&self) -> &str {
        &self.audience
    }
}

/// True when a token lives longer than `max` seconds: `exp` is counted from `iat`, or from
/// `now` when `iat` is missing or in the future (so a token cannot date itself ahead, and a
/// token without `iat` is accepted only once it has at most `max` seconds left).
pub fn lifetime_exceeds(claims: &Claims, now: u64, max: u64) -> bool {
    let issued = claims.iat.map_or(now, |iat| iat.min(now));
    claims.exp.saturating_sub(issued) > max
}

#[cfg(test)]
mod tests {
    use entity::Role;

    use super::*;

    fn claims(iat: Option<u64>, exp: u64) -> Claims {
        Claims {
            sub: "app-user-001".into(),
            role: Role::Citizen,
            districts: Vec::new(),
            partner: None,
            iss: "wenzheng".into(),
            aud: "wenzheng".into(),
            exp,
            iat,
        }
    }

    #[test]
    fn the_lifetime_counts_from_iat_or_from_now_without_one() {
        let now = 1_000_000;
        assert!(!lifetime_exceeds(
            &claims(Some(now - 10), now - 10 + 3600),
            now,
            3600
        ));
        assert!(lifetime_exceeds(
            &claims(Some(now - 10), now - 10 + 3601),
            now,
            3600
        ));
        // No iat: what is left of it counts.
        assert!(!lifetime_exceeds(&claims(None, now + 3600), now, 3600));
        assert!(lifetime_exceeds(&claims(None, now + 3601), now, 3600));
        // An iat in the future does not stretch the window.
        assert!(lifetime_exceeds(
            &claims(Some(now + 7200), now + 7200 + 60),
            now,
            3600
        ));
    }
}
