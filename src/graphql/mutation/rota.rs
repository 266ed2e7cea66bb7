//! `scheduleShift`, `swapShift`, `cancelShift`, `checkIn`, `checkOut` and `setDistrictIntake`.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};

use crate::domain::values::Reason;
use crate::{
    graphql::{
        context::ContextExt,
        types::{
            directory::{District, Officer},
            enums::ShiftKind,
            ids::GlobalId,
            rota::DutyShift,
        },
    },
    service::rota::{
        intake::set_district_intake,
        shifts::{self, ScheduleShift, SwapShift},
    },
};

/// A new shift. At most 16 hours, not over yet, not overlapping the officer's other shifts;
/// the officer's department must serve the district (its own county, or a city division).
#[derive(InputObject)]
pub struct ScheduleShiftInput {
    pub officer_id: ID,
    pub district_code: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Must match the starting hour in bureau time: MORNING from the morning slot's start
    /// until the evening slot's, EVENING within the evening slot, NIGHT outside those
    /// daytime hours; otherwise BAD_USER_INPUT on `kind`.
    pub kind: ShiftKind,
}

/// Hands a shift that has not started to another officer, with the reason (1..500 characters).
#[derive(InputObject)]
pub struct SwapShiftInput {
    pub shift_id: ID,
    pub to_officer_id: ID,
    pub reason: String,
}

/// Names one shift.
#[derive(InputObject)]
pub struct ShiftInput {
    pub shift_id: ID,
}

/// Whether new inquiries nobody routed are offered to the district's officer on duty.
#[derive(InputObject)]
pub struct SetDistrictIntakeInput {
    pub district_code: String,
    pub auto_assign_to_on_duty: bool,
}

#[derive(SimpleObject)]
pub struct ShiftPayload {
    pub shift: DutyShift,
}

#[derive(SimpleObject)]
pub struct SwapShiftPayload {
    /// The replacement shift, held by the new officer.
    pub shift: DutyShift,
    /// The original shift, now cancelled.
    pub previous: DutyShift,
}

#[derive(SimpleObject)]
pub struct SetDistrictIntakePayload {
    pub district: District,
}

fn shift_id(id: &ID) -> Result<uuid::Uuid> {
    Ok(GlobalId::<DutyShift>::parse(id, "shiftId")?)
}

#[derive(Default)]
pub struct RotaMutation;

#[Object]
impl RotaMutation {
    /// Put an officer on a district's rota. The district's supervisors and admins.
    async fn schedule_shift(
        &self,
        ctx: &Context<'_>,
        input: ScheduleShiftInput,
    ) -> Result<ShiftPayload> {
        let request = ScheduleShift {
            officer_id: GlobalId::<Officer>::parse(&input.officer_id, "officerId")?,
            district_code: input.district_code,
            starts_at: input.starts_at,
            ends_at: input.ends_at,
            kind: input.kind.into(),
        };
        let stored = shifts::schedule(ctx.service(), request).await?;
        Ok(ShiftPayload {
            shift: DutyShift(stored),
        })
    }

    /// Hand a shift that has not started to another officer: the original is cancelled and
    /// a replacement points back at it. The district's supervisors, admins, or the officer
    /// holding the shift.
    async fn swap_shift(
        &self,
        ctx: &Context<'_>,
        input: SwapShiftInput,
    ) -> Result<SwapShiftPayload> {
        let swap = SwapShift {
            to_officer_id: GlobalId::<Officer>::parse(&input.to_officer_id, "toOfficerId")?,
            shift_id: shift_id(&input.shift_id)?,
            reason: Reason::parse(&input.reason)?,
        };
        let (previous, shift) = shifts::swap(ctx.service(), swap).await?;
        Ok(SwapShiftPayload {
            shift: DutyShift(shift),
            previous: DutyShift(previous),
        })
    }

    /// Take a shift that has not been checked in off the rota. The district's supervisors
    /// and admins.
    async fn cancel_shift(&self, ctx: &Context<'_>, input: ShiftInput) -> Result<ShiftPayload> {
        let stored = shifts::cancel(ctx.service(), shift_id(&input.shift_id)?).await?;
        Ok(ShiftPayload {
            shift: DutyShift(stored),
        })
    }

    /// Take the desk: the officer on the shift, from `ROTA_CHECKIN_EARLY_MINUTES` (30 by
    /// default) before its start until its end.
    async fn check_in(&self, ctx: &Context<'_>, input: ShiftInput) -> Result<ShiftPayload> {
        let stored = shifts::check_in(ctx.service(), shift_id(&input.shift_id)?).await?;
        Ok(ShiftPayload {
            shift: DutyShift(stored),
        })
    }

    /// Hand the desk back: the officer on the shift, after checking in.
    async fn check_out(&self, ctx: &Context<'_>, input: ShiftInput) -> Result<ShiftPayload> {
        let stored = shifts::check_out(ctx.service(), shift_id(&input.shift_id)?).await?;
        Ok(ShiftPayload {
            shift: DutyShift(stored),
        })
    }

    /// Offer new inquiries that nobody routed to the district's officer on duty (or stop).
    /// Administrators only; applies to inquiries submitted afterwards.
    async fn set_district_intake(
        &self,
        ctx: &Context<'_>,
        input: SetDistrictIntakeInput,
    ) -> Result<SetDistrictIntakePayload> {
        let app = ctx.app();
        let (district, _) = set_district_intake(
            &app.db,
            ctx.principal(),
            &app.directory,
            &input.district_code,
            input.auto_assign_to_on_duty,
        )
        .await?;
        Ok(SetDistrictIntakePayload {
            district: District(district),
        })
    }
}
