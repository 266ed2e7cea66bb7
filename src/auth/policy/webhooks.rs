//! Partner webhooks carry events of whole districts to outside systems: only
//! administrators register, switch and inspect them.

use entity::Role;

use crate::{
    auth::{Principal, StaffPrincipal},
    error::AppError,
};

/// Administrators only.
pub fn ensure_may_manage_webhooks(principal: &Principal) -> Result<&StaffPrincipal, AppError> {
    match principal.staff() {
        Some(s) if s.role == Role::Admin => Ok(s),
        Some(_) => Err(AppError::Forbidden(
            "webhooks are managed by administrators".into(),
        )),
        None => Err(AppError::Unauthenticated(
            "webhooks need an administrator's token".into(),
        )),
    }
}
