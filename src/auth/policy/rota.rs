//! Who may read and change the duty rota (值班).
//!
//! - Reading a district's rota (`dutyShifts`, `rotaGaps`) is for staff of that district
//!   (their token's districts) and admins; `onDuty` is public and needs no rule here
//!   (what the public sees of the officer is [`super::may_see_officer_identity`]).
//! - Scheduling, swapping and cancelling are for the district's supervisors and admins;
//!   the officer holding a shift may also ask for a swap of it.
//! - Checking in and out is for the officer on that shift only: the desk is held under a
//!   real name (實名上崗), so nobody signs in for a colleague.
//! - A district outside the caller's scope is `NOT_FOUND`, like any district-scoped thing.

use entity::{Role, duty_shift};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

use super::{Needed, nothing, require_role};
use crate::{
    auth::{DistrictScope, Principal, StaffPrincipal},
    error::AppError,
};

fn shift_in(scope: &DistrictScope) -> Condition {
    match scope {
        DistrictScope::All => Condition::all(),
        DistrictScope::Only(ids) if ids.is_empty() => nothing(),
        DistrictScope::Only(ids) => {
            Condition::all().add(duty_shift::Column::DistrictId.is_in(ids.clone()))
        }
    }
}

/// The shifts a caller may load, as a SQL condition on `duty_shift`: staff see the shifts
/// of their districts (admins too: a city-level admin's are all) and always their own;
/// everyone else none.
pub fn shift_scope(principal: &Principal) -> Condition {
    match principal.staff() {
        None => nothing(),
        Some(s) => Condition::any()
            .add(shift_in(&s.districts))
            .add(duty_shift::Column::OfficerId.eq(s.officer_id)),
    }
}

fn staff_of(principal: &Principal) -> Result<&StaffPrincipal, AppError> {
    require_role(principal, Needed::Staff, "the duty rota is for staff")
}

/// Reading one district's rota: staff whose districts include it (NOT_FOUND otherwise).
pub fn ensure_may_read_rota(principal: &Principal, district_id: Uuid) -> Result<(), AppError> {
    let staff = staff_of(principal)?;
    if staff.districts.contains(district_id) {
        Ok(())
    } else {
        Err(AppError::NotFound("district"))
    }
}

/// True when the caller manages the rota of `district_id` (its supervisor, or an admin).
fn manages(staff: &StaffPrincipal, district_id: Uuid) -> bool {
    match staff.role {
        Role::Admin | Role::Supervisor => staff.districts.contains(district_id),
        _ => false,
    }
}

/// Scheduling and cancelling in a district: its supervisors and admins. Staff of another
/// district get NOT_FOUND; officers of the district FORBIDDEN.
pub fn ensure_may_manage_rota(principal: &Principal, district_id: Uuid) -> Result<(), AppError> {
    let staff = staff_of(principal)?;
    if manages(staff, district_id) {
        return Ok(());
    }
    if !staff.districts.contains(district_id) {
        return Err(AppError::NotFound("district"));
    }
    Err(AppError::Forbidden(
        "only the district's supervisors and admins manage the rota".into(),
    ))
}

/// A swap: the managers of the shift's district, or the officer holding the shift
/// (who finds a colleague to take it over).
pub fn ensure_may_swap_shift(
    principal: &Principal,
    shift: &duty_shift::Model,
) -> Result<(), AppError> {
    let staff = staff_of(principal)?;
    if staff.officer_id == shift.officer_id {
        return Ok(());
    }
    ensure_may_manage_rota(principal, shift.district_id)
}

/// Checking in and out: the officer on that shift, nobody else.
pub fn ensure_holds_shift(
    principal: &Principal,
    shift: &duty_shift::Model,
) -> Result<(), AppError> {
    let staff = staff_of(principal)?;
    if staff.officer_id == shift.officer_id {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only the officer on this shift checks in and out of it".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(role: Role, officer_id: Uuid, districts: DistrictScope) -> Principal {
        Principal::Staff(StaffPrincipal {
            officer_id,
            districts,
            ..StaffPrincipal::sample(role)
        })
    }

    fn shift(officer_id: Uuid, district_id: Uuid) -> duty_shift::Model {
        let now = chrono::Utc::now();
        duty_shift::Model {
            id: Uuid::now_v7(),
            officer_id,
            district_id,
            starts_at: now,
            ends_at: now,
            kind: entity::ShiftKind::Morning,
            checked_in_at: None,
            checked_out_at: None,
            swapped_from_id: None,
            swap_reason: None,
            cancelled_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn a_supervisor_manages_only_the_rota_of_its_districts() {
        let (here, there) = (Uuid::now_v7(), Uuid::now_v7());
        let sup = staff(
            Role::Supervisor,
            Uuid::now_v7(),
            DistrictScope::Only(vec![here]),
        );
        assert!(ensure_may_manage_rota(&sup, here).is_ok());
        assert_eq!(
            ensure_may_manage_rota(&sup, there).unwrap_err().code(),
            "NOT_FOUND"
        );
        let admin = staff(Role::Admin, Uuid::now_v7(), DistrictScope::All);
        assert!(ensure_may_manage_rota(&admin, there).is_ok());
    }

    #[test]
    fn an_officer_swaps_and_checks_in_only_its_own_shift() {
        let district = Uuid::now_v7();
        let me = Uuid::now_v7();
        let officer = staff(Role::Officer, me, DistrictScope::Only(vec![district]));
        let mine = shift(me, district);
        let theirs = shift(Uuid::now_v7(), district);
        assert!(ensure_may_swap_shift(&officer, &mine).is_ok());
        assert!(ensure_holds_shift(&officer, &mine).is_ok());
        assert_eq!(
            ensure_may_swap_shift(&officer, &theirs).unwrap_err().code(),
            "FORBIDDEN"
        );
        assert_eq!(
            ensure_holds_shift(&officer, &theirs).unwrap_err().code(),
            "FORBIDDEN"
        );
        assert_eq!(
            ensure_may_manage_rota(&officer, district)
                .unwrap_err()
                .code(),
            "FORBIDDEN"
        );
    }

    #[test]
    fn outsiders_read_no_rota() {
        let district = Uuid::now_v7();
        assert_eq!(
            ensure_may_read_rota(&Principal::Anonymous, district)
                .unwrap_err()
                .code(),
            "UNAUTHENTICATED"
        );
        let elsewhere = staff(
            Role::Officer,
            Uuid::now_v7(),
            DistrictScope::Only(vec![Uuid::now_v7()]),
        );
        assert_eq!(
            ensure_may_read_rota(&elsewhere, district)
                .unwrap_err()
                .code(),
            "NOT_FOUND"
        );
    }
}
