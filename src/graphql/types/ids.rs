//! Relay global ids: `base64("Type:uuid")`, opaque to clients.

use async_graphql::ID;
use base64::{Engine, engine::general_purpose::STANDARD};
use uuid::Uuid;

use crate::error::AppError;

/// Encodes a typed global id.
pub fn global_id(kind: &str, id: Uuid) -> ID {
    ID(crate::service::ids::global_id(kind, id))
}

/// Decodes any global id into its type name and uuid.
pub fn decode(id: &ID, field: &str) -> Result<(String, Uuid), AppError> {
    let bad = || AppError::bad_input(field, "not an id issued by this server");
    let raw = STANDARD.decode(id.as_str()).map_err(|_| bad())?;
    let raw = String::from_utf8(raw).map_err(|_| bad())?;
    let (kind, uuid) = raw.split_once(':').ok_or_else(bad)?;
    Ok((kind.to_owned(), uuid.parse().map_err(|_| bad())?))
}

/// Decodes a global id that must be of `kind`.
pub fn decode_as(id: &ID, kind: &str, field: &str) -> Result<Uuid, AppError> {
    match decode(id, field)? {
        (k, uuid) if k == kind => Ok(uuid),
        _ => Err(AppError::bad_input(field, format!("expected a {kind} id"))),
    }
}
