//! Announcements (信息公開): reading is public; publishing and correcting speak with
//! the bureau's voice, so they are for spokespersons (網絡發言人) within the districts
//! their token covers, and for administrators within theirs (a city-level admin: anywhere).

#[cfg(test)]
use entity::Role;

use super::{Needed, require_role};
use uuid::Uuid;

use crate::{
    auth::{Principal, StaffPrincipal},
    error::AppError,
};

/// Who may publish (or correct) an announcement for `district_id`. A spokesperson or an
/// admin naming a district outside their districts gets `BAD_USER_INPUT` on
/// `districtCode` (the input is wrong, not their role).
pub fn ensure_may_publish_announcement(
    principal: &Principal,
    district_id: Uuid,
) -> Result<&StaffPrincipal, AppError> {
    let staff = require_role(
        principal,
        Needed::Spokesperson,
        "only spokespersons and administrators publish announcements",
    )?;
    if !staff.districts.contains(district_id) {
        return Err(AppError::bad_input(
            "districtCode",
            "district outside your districts",
        ));
    }
    Ok(staff)
}

/// Correcting is publishing a correction in the original's district: the same rule.
pub fn ensure_may_correct_announcement(
    principal: &Principal,
    original_district_id: Uuid,
) -> Result<&StaffPrincipal, AppError> {
    ensure_may_publish_announcement(principal, original_district_id).map_err(|e| match e {
        AppError::BadInput { .. } => {
            AppError::Forbidden("the announcement is outside your districts".into())
        }
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::DistrictScope;

    fn staff(role: Role, spokesperson: bool, districts: DistrictScope) -> Principal {
        Principal::Staff(StaffPrincipal {
            districts,
            spokesperson,
            ..StaffPrincipal::sample(role)
        })
    }

    #[test]
    fn spokespersons_and_admins_publish_within_their_districts() {
        let (mine, other) = (Uuid::now_v7(), Uuid::now_v7());
        let only = || DistrictScope::Only(vec![mine]);
        assert!(ensure_may_publish_announcement(&staff(Role::Officer, true, only()), mine).is_ok());
        assert_eq!(
            ensure_may_publish_announcement(&staff(Role::Officer, true, only()), other)
                .unwrap_err()
                .code(),
            "BAD_USER_INPUT"
        );
        assert!(ensure_may_publish_announcement(&staff(Role::Admin, false, only()), mine).is_ok());
        // An admin bounded to a county (a county bureau's admin) publishes only there.
        assert_eq!(
            ensure_may_publish_announcement(&staff(Role::Admin, false, only()), other)
                .unwrap_err()
                .code(),
            "BAD_USER_INPUT"
        );
        let city = staff(Role::Admin, false, DistrictScope::All);
        assert!(ensure_may_publish_announcement(&city, other).is_ok());
        for p in [
            staff(Role::Officer, false, only()),
            staff(Role::Supervisor, false, only()),
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
                ensure_may_publish_announcement(&p, mine)
                    .unwrap_err()
                    .code(),
                refused
            );
        }
        assert_eq!(
            ensure_may_correct_announcement(&staff(Role::Officer, true, only()), other)
                .unwrap_err()
                .code(),
            "FORBIDDEN"
        );
    }
}
