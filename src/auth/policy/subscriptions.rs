//! Who may follow live events (subscriptions).
//!
//! - `inquiryEvents(districtCode)`: staff whose districts include the district (admins: any);
//!   others' districts are `NOT_FOUND`, non-staff `FORBIDDEN`. Each event is then shown only
//!   if its inquiry passes [`super::inquiry_scope`], exactly as a query would load it.
//! - `trackedInquiry`: whoever holds the reference and tracking code, and only for the
//!   changes the citizen sees anyway ([`super::event_view`] for a tracker).

use uuid::Uuid;

use super::{Needed, require_role};
use crate::{auth::Principal, error::AppError};

/// Following one district's inquiry events.
pub fn ensure_may_follow_district(
    principal: &Principal,
    district_id: Uuid,
) -> Result<(), AppError> {
    let staff = require_role(principal, Needed::Staff, "inquiry events are for staff")?;
    if staff.districts.contains(district_id) {
        Ok(())
    } else {
        Err(AppError::NotFound("district"))
    }
}

#[cfg(test)]
mod tests {
    use entity::Role;

    use super::*;
    use crate::auth::{DistrictScope, StaffPrincipal};

    fn staff(role: Role, districts: DistrictScope) -> Principal {
        Principal::Staff(StaffPrincipal {
            districts,
            ..StaffPrincipal::sample(role)
        })
    }

    #[test]
    fn a_supervisor_follows_only_their_districts() {
        let (mine, other) = (Uuid::now_v7(), Uuid::now_v7());
        let p = staff(Role::Supervisor, DistrictScope::Only(vec![mine]));
        assert!(ensure_may_follow_district(&p, mine).is_ok());
        assert_eq!(
            ensure_may_follow_district(&p, other).unwrap_err().code(),
            "NOT_FOUND"
        );
        let admin = staff(Role::Admin, DistrictScope::All);
        assert!(ensure_may_follow_district(&admin, other).is_ok());
    }

    #[test]
    fn the_public_may_not_follow_district_events() {
        let e = ensure_may_follow_district(&Principal::Anonymous, Uuid::now_v7()).unwrap_err();
        assert_eq!(e.code(), "UNAUTHENTICATED", "no token");
        let citizen = Principal::Citizen {
            subject: "app-user-001".into(),
        };
        let e = ensure_may_follow_district(&citizen, Uuid::now_v7()).unwrap_err();
        assert_eq!(e.code(), "FORBIDDEN", "a citizen's valid token");
    }
}
