//! The JWT claims wenzheng reads (DESIGN.md §5).

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
    pub aud: String,
    pub exp: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<u64>,
}
