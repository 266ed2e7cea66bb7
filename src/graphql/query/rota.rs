//! `dutyShifts`, `onDuty` and `rotaGaps`.

use async_graphql::{Context, Object, Result};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::{
    graphql::{
        context::ContextExt,
        loaders::loader_error,
        selection::Selection,
        types::rota::{DutyShift, OnDuty, RotaGap},
    },
    service::rota::{gaps, queries},
};

/// Loads the officers of a page at once when the query asks for them.
async fn prime_officers(ctx: &Context<'_>, ids: Vec<Uuid>) -> Result<()> {
    ctx.loaders()
        .officer
        .load_many(ids)
        .await
        .map_err(loader_error)?;
    Ok(())
}

#[derive(Default)]
pub struct RotaQuery;

#[Object]
impl RotaQuery {
    /// The shifts of a district over the local days `from` to `to` (inclusive, at most 62),
    /// in order of start. Staff of the district and admins. A bounded range, so a list
    /// rather than a connection.
    async fn duty_shifts(
        &self,
        ctx: &Context<'_>,
        from: NaiveDate,
        to: NaiveDate,
        district_code: String,
        #[graphql(default)] include_cancelled: bool,
    ) -> Result<Vec<DutyShift>> {
        let rows = queries::duty_shifts(ctx.service(), from, to, &district_code, include_cancelled)
            .await?;
        if Selection::of_list(ctx).wants(&["officer"]) {
            prime_officers(ctx, rows.iter().map(|s| s.officer_id).collect()).await?;
        }
        Ok(rows.into_iter().map(DutyShift).collect())
    }

    /// Who holds the district's desk now: the officers checked in, else those scheduled now;
    /// empty when nobody is on duty. Public: others see the duty name and department only.
    async fn on_duty(&self, ctx: &Context<'_>, district_code: String) -> Result<Vec<OnDuty>> {
        let rows = queries::on_duty(ctx.service(), &district_code).await?;
        prime_officers(ctx, rows.iter().map(|s| s.officer_id).collect()).await?;
        Ok(rows.into_iter().map(OnDuty).collect())
    }

    /// Every morning and evening slot of the local days `from` to `to` (inclusive, at most
    /// 62; weekends and holidays included) that no shift covers. A past slot counts only
    /// shifts whose officer checked in. Staff of the district and admins.
    async fn rota_gaps(
        &self,
        ctx: &Context<'_>,
        from: NaiveDate,
        to: NaiveDate,
        district_code: String,
    ) -> Result<Vec<RotaGap>> {
        let rows = gaps::rota_gaps(
            ctx.service(),
            from,
            to,
            &district_code,
            crate::service::now(),
        )
        .await?;
        Ok(rows.into_iter().map(RotaGap).collect())
    }
}
