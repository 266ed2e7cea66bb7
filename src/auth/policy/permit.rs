//! Permits: the proof a service requires that `auth/policy` granted the caller something.
//! A [`Permit`] can only be made in this module, so a service function that takes one
//! cannot be reached without asking policy first, whoever calls it (a resolver, a loader,
//! a background task).

use std::marker::PhantomData;

use entity::{Role, inquiry};

use super::{Needed, ensure_may, require_role};
use crate::{
    auth::{Principal, StaffPrincipal},
    domain::transitions::Action,
    error::AppError,
};

/// Proof that the caller, a member of staff, holds capability `C`.
#[derive(Debug)]
pub struct Permit<'a, C> {
    staff: &'a StaffPrincipal,
    _capability: PhantomData<C>,
}

impl<'a, C> Permit<'a, C> {
    fn grant(staff: &'a StaffPrincipal) -> Self {
        Self {
            staff,
            _capability: PhantomData,
        }
    }

    /// The member of staff the permit was granted to (the actor of what it allows).
    pub fn staff(&self) -> &'a StaffPrincipal {
        self.staff
    }
}

/// Reading what is internal to the desk on inquiries the caller can see: expert
/// consultations and internal notes.
#[derive(Debug)]
pub enum ReadInternal {}

/// Reading who saw a citizen's unmasked data (`pii_access`).
#[derive(Debug)]
pub enum ReadPiiAudit {}

/// Taking one lifecycle action on one inquiry (see [`ensure_may`]).
#[derive(Debug)]
pub enum Work {}

/// Staff read consultations and internal notes; citizens and partners never do.
pub fn internal_reader(principal: &Principal) -> Option<Permit<'_, ReadInternal>> {
    principal.staff().map(Permit::grant)
}

/// Who read a citizen's data is for administrators.
pub fn pii_auditor(principal: &Principal) -> Option<Permit<'_, ReadPiiAudit>> {
    principal
        .staff()
        .filter(|s| s.role == Role::Admin)
        .map(Permit::grant)
}

/// [`ensure_may`] as a permit: the caller may take `action` on `inquiry` (already loaded
/// in its scope).
pub fn work_permit<'a>(
    principal: &'a Principal,
    action: Action,
    inquiry: &inquiry::Model,
) -> Result<Permit<'a, Work>, AppError> {
    ensure_may(principal, action, inquiry)?;
    let staff = require_role(principal, Needed::Staff, "inquiries are worked by staff")?;
    Ok(Permit::grant(staff))
}
