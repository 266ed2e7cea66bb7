//! Relay global ids as plain strings (`base64("Type:uuid")`), for services that hand ids
//! to outside systems (webhook payloads); GraphQL wraps the same encoding in its `ID`.

use base64::{Engine, engine::general_purpose::STANDARD};
use uuid::Uuid;

/// The global id of `kind` `id`, as GraphQL's `node(id:)` accepts it.
pub fn global_id(kind: &str, id: Uuid) -> String {
    STANDARD.encode(format!("{kind}:{id}"))
}
