//! The one role check every guard starts from, so that every refusal means the same thing:
//! `UNAUTHENTICATED` when the caller brought no token (a bad token never gets this far),
//! `FORBIDDEN` when a valid token lacks the role, whatever the token's kind.

use entity::Role;

use crate::{
    auth::{Principal, StaffPrincipal},
    error::AppError,
};

/// Who a guarded operation is for. Every level admits administrators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needed {
    /// Any member of staff.
    Staff,
    /// A supervisor.
    Supervisor,
    /// A spokesperson (網絡發言人).
    Spokesperson,
    /// A member of the expert panel (微博專家團).
    Expert,
    /// Administrators only.
    Admin,
}

impl Needed {
    fn admits(self, staff: &StaffPrincipal) -> bool {
        staff.role == Role::Admin
            || match self {
                Self::Staff => true,
                Self::Supervisor => staff.role == Role::Supervisor,
                Self::Spokesperson => staff.spokesperson,
                Self::Expert => staff.expert,
                Self::Admin => false,
            }
    }
}

/// The caller as staff holding `needed`, or the refusal; `refusal` says what the operation
/// is for ("administrators only") and is the message of both refusals.
pub fn require_role<'a>(
    principal: &'a Principal,
    needed: Needed,
    refusal: &str,
) -> Result<&'a StaffPrincipal, AppError> {
    match principal {
        Principal::Anonymous => Err(AppError::Unauthenticated(format!(
            "{refusal}: send a bearer token"
        ))),
        Principal::Staff(staff) if needed.admits(staff) => Ok(staff),
        _ => Err(AppError::Forbidden(refusal.to_owned())),
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::auth::DistrictScope;

    fn staff(role: Role) -> Principal {
        Principal::Staff(StaffPrincipal::sample(role))
    }

    fn code(result: Result<&StaffPrincipal, AppError>) -> &'static str {
        result.map_or_else(|e| e.code(), |_| "OK")
    }

    #[test]
    fn a_missing_token_is_unauthenticated_and_a_valid_token_without_the_role_is_forbidden() {
        let citizen = Principal::Citizen {
            subject: "c1".into(),
        };
        let partner = Principal::Partner {
            subject: "p1".into(),
            partner: "12345".into(),
            districts: DistrictScope::All,
        };
        let officer = staff(Role::Officer);
        let admin = staff(Role::Admin);
        for needed in [Needed::Staff, Needed::Supervisor, Needed::Admin] {
            assert_eq!(
                code(require_role(&Principal::Anonymous, needed, "x")),
                "UNAUTHENTICATED"
            );
            assert_eq!(code(require_role(&citizen, needed, "x")), "FORBIDDEN");
            assert_eq!(code(require_role(&partner, needed, "x")), "FORBIDDEN");
            assert_eq!(code(require_role(&admin, needed, "x")), "OK");
        }
        assert_eq!(code(require_role(&officer, Needed::Staff, "x")), "OK");
        assert_eq!(
            code(require_role(&officer, Needed::Admin, "x")),
            "FORBIDDEN"
        );
    }
}
