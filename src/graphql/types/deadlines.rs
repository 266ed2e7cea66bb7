//! Deadline rules and the working calendar they are counted on.

use async_graphql::{Enum, Object};
use chrono::{DateTime, NaiveDate, Utc};
use entity::sla_policy;

use super::enums::{InquiryKind, Priority, ResolutionUnit};
use crate::service::calendar::CalendarEntry;

/// The deadline rule of one (kind, priority): how soon a first response and a result are due.
pub struct SlaPolicy(pub sla_policy::Model);

#[Object]
impl SlaPolicy {
    async fn kind(&self) -> InquiryKind {
        self.0.kind.into()
    }
    async fn priority(&self) -> Priority {
        self.0.priority.into()
    }
    /// Hours on the clock until the first response is due.
    async fn first_response_hours(&self) -> i32 {
        self.0.first_response_hours
    }
    /// Time until the result is due, in `resolutionUnit`.
    async fn resolution_amount(&self) -> i32 {
        self.0.resolution_amount
    }
    async fn resolution_unit(&self) -> ResolutionUnit {
        self.0.resolution_unit.into()
    }
    /// When the rule last changed; it applies to inquiries received after that.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// Why a date is, or is not, a working day.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::service::calendar::DaySource")]
pub enum CalendarDaySource {
    /// A listed day off: a public holiday (including its weekend days).
    Holiday,
    /// A listed weekend day that is worked to make up for a holiday (調休).
    MakeUpWorkday,
    /// An ordinary Saturday or Sunday.
    Weekend,
    /// An ordinary working day.
    Workday,
}

/// One date of the official working calendar.
pub struct CalendarDay(pub CalendarEntry);

#[Object]
impl CalendarDay {
    async fn date(&self) -> NaiveDate {
        self.0.date
    }
    /// Counts towards working-day deadlines.
    async fn working(&self) -> bool {
        self.0.working
    }
    /// The holiday's name for listed days, e.g. `国庆节`; null for ordinary days.
    async fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }
    async fn source(&self) -> CalendarDaySource {
        self.0.source.into()
    }
}
