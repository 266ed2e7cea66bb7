//! `setSlaPolicy` and `setCalendarDays`: administrators tune the deadline rules.

use async_graphql::{Context, InputObject, Object, Result, SimpleObject};
use chrono::NaiveDate;

use crate::{
    graphql::{
        context::ContextExt,
        types::{
            deadlines::{CalendarDay, SlaPolicy},
            enums::{InquiryKind, Priority, ResolutionUnit},
        },
    },
    service::{
        calendar::{self, SetDay},
        sla::{self, SetPolicy},
    },
};

/// The new rule of one (kind, priority); applies to inquiries received afterwards.
#[derive(InputObject)]
pub struct SetSlaPolicyInput {
    pub kind: InquiryKind,
    pub priority: Priority,
    /// 1..720 hours.
    pub first_response_hours: i32,
    /// 1..60 working days, or 1..1440 hours.
    pub resolution_amount: i32,
    pub resolution_unit: ResolutionUnit,
}

#[derive(SimpleObject)]
pub struct SetSlaPolicyPayload {
    pub policy: SlaPolicy,
}

/// One listed day: a holiday (`working: false`) or a make-up working day (`working: true`).
#[derive(InputObject)]
pub struct CalendarDayInput {
    pub date: NaiveDate,
    pub working: bool,
    /// 1..50 characters, e.g. `春节` or `春节 调休上班`.
    pub name: String,
}

/// Days to list or re-list (by date), 1..400 per call, all or nothing.
#[derive(InputObject)]
pub struct SetCalendarDaysInput {
    pub days: Vec<CalendarDayInput>,
}

#[derive(SimpleObject)]
pub struct SetCalendarDaysPayload {
    /// The stored days, in date order.
    pub days: Vec<CalendarDay>,
}

#[derive(Default)]
pub struct DeadlineMutation;

#[Object]
impl DeadlineMutation {
    /// Create or replace the deadline rule of a (kind, priority). Administrators only.
    async fn set_sla_policy(
        &self,
        ctx: &Context<'_>,
        input: SetSlaPolicyInput,
    ) -> Result<SetSlaPolicyPayload> {
        let request = SetPolicy {
            kind: input.kind.into(),
            priority: input.priority.into(),
            first_response_hours: input.first_response_hours,
            resolution_amount: input.resolution_amount,
            resolution_unit: input.resolution_unit.into(),
        };
        let stored = sla::set_policy(&ctx.app().db, ctx.principal(), request).await?;
        Ok(SetSlaPolicyPayload {
            policy: SlaPolicy(stored),
        })
    }

    /// List holidays and make-up working days (e.g. next year's official calendar).
    /// Affects deadlines computed afterwards. Administrators only.
    async fn set_calendar_days(
        &self,
        ctx: &Context<'_>,
        input: SetCalendarDaysInput,
    ) -> Result<SetCalendarDaysPayload> {
        let days = input
            .days
            .into_iter()
            .map(|d| SetDay {
                date: d.date,
                working: d.working,
                name: d.name,
            })
            .collect();
        let stored = calendar::set_calendar_days(&ctx.app().db, ctx.principal(), days).await?;
        Ok(SetCalendarDaysPayload {
            days: stored.into_iter().map(CalendarDay).collect(),
        })
    }
}
