//! Directory administration (departments, officers, their audit trail): the
//! bureau's structure decides everyone's scope, so only administrators change it
//! or read who changed it.

use entity::Role;

use super::{Needed, require_role};
use uuid::Uuid;

use crate::{
    auth::{Principal, StaffPrincipal},
    error::AppError,
};

/// Creating and changing departments and officers is for administrators only.
pub fn ensure_may_administer_directory(principal: &Principal) -> Result<&StaffPrincipal, AppError> {
    require_role(
        principal,
        Needed::Admin,
        "only administrators change the directory",
    )
}

/// The audit trail of directory changes names officers and their postings: administrators only.
pub fn ensure_may_read_directory_changes(
    principal: &Principal,
) -> Result<&StaffPrincipal, AppError> {
    require_role(
        principal,
        Needed::Admin,
        "only administrators read the directory's audit trail",
    )
}

/// An administrator cannot lock themself out: no deactivating or demoting their own
/// record (another administrator has to do it), so the bureau never loses its last admin
/// by a slip of the hand.
pub fn ensure_not_self_lockout(
    admin: &StaffPrincipal,
    officer_id: Uuid,
    deactivate: bool,
    new_role: Option<Role>,
) -> Result<(), AppError> {
    if admin.officer_id != officer_id {
        return Ok(());
    }
    if deactivate {
        return Err(AppError::bad_input(
            "active",
            "administrators cannot deactivate themselves",
        ));
    }
    if new_role.is_some_and(|r| r != Role::Admin) {
        return Err(AppError::bad_input(
            "role",
            "administrators cannot give up their own administrator role",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(role: Role) -> StaffPrincipal {
        StaffPrincipal {
            spokesperson: true,
            ..StaffPrincipal::sample(role)
        }
    }

    #[test]
    fn only_admins_administer_the_directory() {
        assert!(ensure_may_administer_directory(&Principal::Staff(staff(Role::Admin))).is_ok());
        for p in [
            Principal::Staff(staff(Role::Supervisor)),
            Principal::Staff(staff(Role::Officer)),
            Principal::Anonymous,
            Principal::Citizen {
                subject: "app-user-001".into(),
            },
        ] {
            let refused = if matches!(p, Principal::Anonymous) {
                "UNAUTHENTICATED"
            } else {
                "FORBIDDEN"
            };
            assert_eq!(
                ensure_may_administer_directory(&p).unwrap_err().code(),
                refused
            );
            assert_eq!(
                ensure_may_read_directory_changes(&p).unwrap_err().code(),
                refused
            );
        }
    }

    #[test]
    fn an_admin_cannot_deactivate_or_demote_themself_but_may_others() {
        let admin = staff(Role::Admin);
        let me = admin.officer_id;
        assert!(ensure_not_self_lockout(&admin, me, true, None).is_err());
        assert!(ensure_not_self_lockout(&admin, me, false, Some(Role::Officer)).is_err());
        assert!(ensure_not_self_lockout(&admin, me, false, Some(Role::Admin)).is_ok());
        assert!(ensure_not_self_lockout(&admin, Uuid::now_v7(), true, Some(Role::Officer)).is_ok());
    }
}
