//! Administration of the deadline rules (SLA policies) per (inquiry kind, priority).
//! A change applies to inquiries received afterwards: intake reads the table through
//! `deadline::compute`, and deadlines already set are not recomputed.

use entity::{InquiryKind, Priority, ResolutionUnit, sla_policy};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, Iterable, sea_query::OnConflict};
use uuid::Uuid;

use crate::{
    auth::{Principal, policy},
    error::{AppError, AppResult},
};

/// Longest first-response target: 30 days.
pub const MAX_FIRST_RESPONSE_HOURS: i32 = 720;
/// Longest resolution target counted in working days (about three months).
pub const MAX_WORKING_DAYS: i32 = 60;
/// Longest resolution target counted in hours: 60 days on the clock.
pub const MAX_HOURS: i32 = 1440;

/// The new rule of one (kind, priority).
#[derive(Debug, Clone)]
pub struct SetPolicy {
    pub kind: InquiryKind,
    pub priority: Priority,
    pub first_response_hours: i32,
    pub resolution_amount: i32,
    pub resolution_unit: ResolutionUnit,
}

/// Every policy, in the order the enumerations are declared (kind, then priority),
/// so a settings screen reads CONSULTATION LOW..URGENT, then COMPLAINT, ...
pub async fn policies(
    db: &impl ConnectionTrait,
    principal: &Principal,
) -> AppResult<Vec<sla_policy::Model>> {
    policy::ensure_staff(principal)?;
    let mut rows = sla_policy::Entity::find().all(db).await?;
    rows.sort_by_key(|p| {
        (
            position(InquiryKind::iter(), p.kind),
            position(Priority::iter(), p.priority),
        )
    });
    Ok(rows)
}

fn position<T: PartialEq>(mut all: impl Iterator<Item = T>, value: T) -> usize {
    all.position(|v| v == value).unwrap_or(usize::MAX)
}

/// Creates or replaces the policy of (kind, priority), atomically (one upsert on the
/// unique (kind, priority) index, so two administrators at once cannot duplicate it).
pub async fn set_policy(
    db: &impl ConnectionTrait,
    principal: &Principal,
    input: SetPolicy,
) -> AppResult<sla_policy::Model> {
    policy::ensure_admin(principal)?;
    validate(&input)?;
    let now = crate::service::now();
    let row = sla_policy::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(input.kind),
        priority: Set(input.priority),
        first_response_hours: Set(input.first_response_hours),
        resolution_amount: Set(input.resolution_amount),
        resolution_unit: Set(input.resolution_unit),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let stored = sla_policy::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([sla_policy::Column::Kind, sla_policy::Column::Priority])
                .update_columns([
                    sla_policy::Column::FirstResponseHours,
                    sla_policy::Column::ResolutionAmount,
                    sla_policy::Column::ResolutionUnit,
                    sla_policy::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_with_returning(db)
        .await?;
    Ok(stored)
}

/// Bounds that keep deadlines meaningful and the working-day search window small.
pub fn validate(input: &SetPolicy) -> AppResult<()> {
    if !(1..=MAX_FIRST_RESPONSE_HOURS).contains(&input.first_response_hours) {
        return Err(AppError::bad_input(
            "firstResponseHours",
            format!("must be between 1 and {MAX_FIRST_RESPONSE_HOURS}"),
        ));
    }
    let max = match input.resolution_unit {
        ResolutionUnit::WorkingDays => MAX_WORKING_DAYS,
        ResolutionUnit::Hours => MAX_HOURS,
    };
    if !(1..=max).contains(&input.resolution_amount) {
        return Err(AppError::bad_input(
            "resolutionAmount",
            format!(
                "must be between 1 and {max} {}",
                match input.resolution_unit {
                    ResolutionUnit::WorkingDays => "working days",
                    ResolutionUnit::Hours => "hours",
                }
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(hours: i32, amount: i32, unit: ResolutionUnit) -> SetPolicy {
        SetPolicy {
            kind: InquiryKind::Complaint,
            priority: Priority::Normal,
            first_response_hours: hours,
            resolution_amount: amount,
            resolution_unit: unit,
        }
    }

    fn field(r: AppResult<()>) -> Option<String> {
        match r {
            Err(AppError::BadInput { field, .. }) => Some(field),
            _ => None,
        }
    }

    #[test]
    fn bounds_are_inclusive() {
        assert!(validate(&input(1, 1, ResolutionUnit::WorkingDays)).is_ok());
        assert!(validate(&input(720, 60, ResolutionUnit::WorkingDays)).is_ok());
        assert!(validate(&input(720, 1440, ResolutionUnit::Hours)).is_ok());
    }

    #[test]
    fn out_of_range_values_name_their_field() {
        let first = Some("firstResponseHours".to_owned());
        let amount = Some("resolutionAmount".to_owned());
        assert_eq!(
            field(validate(&input(0, 5, ResolutionUnit::WorkingDays))),
            first
        );
        assert_eq!(
            field(validate(&input(721, 5, ResolutionUnit::WorkingDays))),
            first
        );
        assert_eq!(
            field(validate(&input(24, 0, ResolutionUnit::Hours))),
            amount
        );
        assert_eq!(
            field(validate(&input(24, 61, ResolutionUnit::WorkingDays))),
            amount
        );
        assert_eq!(
            field(validate(&input(24, 1441, ResolutionUnit::Hours))),
            amount
        );
    }
}
