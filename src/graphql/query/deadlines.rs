//! Deadline rules (staff) and the official working calendar (everyone).

use async_graphql::{Context, Object, Result};
use chrono::NaiveDate;

use crate::{
    graphql::{
        context::ContextExt,
        types::deadlines::{CalendarDay, SlaPolicy},
    },
    service::{calendar, sla},
};

#[derive(Default)]
pub struct DeadlineQuery;

#[Object]
impl DeadlineQuery {
    /// The deadline rule of every (kind, priority), by kind then priority. Staff only.
    async fn sla_policies(&self, ctx: &Context<'_>) -> Result<Vec<SlaPolicy>> {
        let rows = sla::policies(&ctx.app().db, ctx.principal()).await?;
        Ok(rows.into_iter().map(SlaPolicy).collect())
    }

    /// Every date from `from` to `to` (inclusive, at most 366 days): working or not, and why.
    /// Public: it is the calendar deadlines are counted on.
    async fn calendar(
        &self,
        ctx: &Context<'_>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<CalendarDay>> {
        let days = calendar::calendar(&ctx.app().db, from, to).await?;
        Ok(days.into_iter().map(CalendarDay).collect())
    }
}
