//! The JWT claims wenzheng reads.

use entity::Role;
use serde::{Deserialize, Serialize};

/// Claims of a wenzheng token. `exp`, `iss`, `aud` and `sub` are required.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// Staff: the officer's badge number. Citizen: the mobile app's account id.
    pub sub: String,
    pub role: Role,
    /// District codes this token may see; `["*"]` for all.
    #[serde(default)]
    pub districts: Vec<String>,
    /// Partner agency identifier (partners only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
    pub iss: String,
    pub aud: Audience,
    pub exp: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<u64>,
}

/// The `aud` claim: one audience as a string, or several as an array (RFC 7519 §4.1.3).
/// A token is for this server when the configured audience is among them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Audience {
    /// Whether `audience` is one of the token's audiences.
    pub fn contains(&self, audience: &str) -> bool {
        match self {
            Self::One(a) => a == audience,
            Self::Many(all) => all.iter().any(|a| a == audience),
        }
    }
}

impl From<&str> for Audience {
    fn from(audience: &str) -> Self {
        Self::One(audience.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_audience_is_a_string_or_an_array_of_strings() {
        let one: Audience = serde_json::from_str(r#""wenzheng""#).unwrap();
        assert!(one.contains("wenzheng") && !one.contains("other"));
        let many: Audience = serde_json::from_str(r#"["other", "wenzheng"]"#).unwrap();
        assert!(many.contains("wenzheng") && many.contains("other") && !many.contains("x"));
        assert!(serde_json::from_str::<Audience>("42").is_err());
        assert_eq!(
            serde_json::to_string(&Audience::from("wenzheng")).unwrap(),
            r#""wenzheng""#
        );
    }
}
