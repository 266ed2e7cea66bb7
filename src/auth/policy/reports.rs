//! Who may read and publish the monthly circular, statistics and the leaderboard, and
//! who may review officers and award the monthly star (supervisors run
//! their districts' reports, administrators the whole bureau's).

use entity::district;

use super::{Needed, require_role};
use uuid::Uuid;

use crate::domain::districts::DistrictDirectory;
use crate::{
    auth::{DistrictScope, Principal, StaffPrincipal},
    error::AppError,
};

/// A supervisor or an administrator (the roles that run reports).
pub fn ensure_report_reader(principal: &Principal) -> Result<&StaffPrincipal, AppError> {
    require_role(
        principal,
        Needed::Supervisor,
        "reports are for supervisors and administrators",
    )
}

/// The district a report covers: `code` when given, else the widest district the caller
/// covers (the city for an administrator). A district outside the caller's reach is
/// `NOT_FOUND`, as for inquiries.
pub fn report_district<'d>(
    principal: &Principal,
    directory: &'d DistrictDirectory,
    code: Option<&str>,
) -> Result<&'d district::Model, AppError> {
    let staff = ensure_report_reader(principal)?;
    let district = match code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => directory.resolve("districtCode", code)?,
        None => widest(&staff.districts, directory).ok_or_else(|| {
            AppError::bad_input("districtCode", "name the district the report covers")
        })?,
    };
    if staff.districts.contains(district.id) {
        Ok(district)
    } else {
        Err(AppError::NotFound("district"))
    }
}

/// The one district of `scope` that is not below another one of it, if there is one.
fn widest<'d>(
    scope: &DistrictScope,
    directory: &'d DistrictDirectory,
) -> Option<&'d district::Model> {
    let mut tops = directory.all().filter(|d| match scope {
        DistrictScope::All => d.parent_id.is_none(),
        DistrictScope::Only(ids) => {
            ids.contains(&d.id) && !d.parent_id.is_some_and(|p| ids.contains(&p))
        }
    });
    let first = tops.next()?;
    tops.next().is_none().then_some(first)
}

/// Reviews of an officer's month: a supervisor whose districts include the officer's
/// department's district, or an administrator; never of oneself.
pub fn ensure_may_review(
    principal: &Principal,
    officer_id: Uuid,
    officer_district: Uuid,
) -> Result<&StaffPrincipal, AppError> {
    let staff = ensure_report_reader(principal)?;
    if staff.officer_id == officer_id {
        return Err(AppError::Forbidden(
            "officers are not reviewed by themselves".into(),
        ));
    }
    if !staff.districts.contains(officer_district) {
        return Err(AppError::NotFound("officer"));
    }
    Ok(staff)
}

/// Publishing circulars and awarding the monthly star: administrators only.
pub fn ensure_may_publish_reports(principal: &Principal) -> Result<&StaffPrincipal, AppError> {
    require_role(principal, Needed::Admin, "administrators only")
}
