//! The supervisors' month: circular, leaderboard, stars and service statistics.

use async_graphql::{Context, Object, Result};
use chrono::NaiveDate;

use crate::{
    graphql::{
        context::ContextExt,
        types::reports::{MonthlyCircular, MonthlyStar, OfficerLeaderboard, ServiceStatsView},
    },
    service::reports::{circular, leaderboard, stats},
};

#[derive(Default)]
pub struct ReportQuery;

#[Object]
impl ReportQuery {
    /// The monthly circular (每月一通報) of `month` (`YYYY-MM`) for a district and those
    /// below it (default: the caller's widest district). The published (frozen) one
    /// when it exists, else computed now. Supervisors of that district and admins.
    async fn monthly_circular(
        &self,
        ctx: &Context<'_>,
        month: String,
        district_code: Option<String>,
    ) -> Result<MonthlyCircular> {
        let c = circular::monthly_circular(ctx.service(), &month, district_code.as_deref()).await?;
        Ok(MonthlyCircular(c))
    }

    /// Officers of a district (default: the caller's widest) ranked for the monthly star
    /// (微博之星) of `month`. Supervisors of that district and admins.
    async fn officer_leaderboard(
        &self,
        ctx: &Context<'_>,
        month: String,
        district_code: Option<String>,
    ) -> Result<OfficerLeaderboard> {
        let app = ctx.app();
        let board = leaderboard::leaderboard(
            &app.db,
            &app.directory,
            app.tz,
            app.star_weights,
            ctx.principal(),
            &month,
            district_code.as_deref(),
        )
        .await?;
        Ok(OfficerLeaderboard {
            month: board.month,
            district_code: board.district_code,
            weights: app.star_weights.into(),
            entries: board.standings.into_iter().map(Into::into).collect(),
        })
    }

    /// The monthly stars of `year`, January first. Public.
    async fn monthly_stars(&self, ctx: &Context<'_>, year: i32) -> Result<Vec<MonthlyStar>> {
        let rows = leaderboard::stars_of_year(&ctx.app().db, year).await?;
        Ok(rows.into_iter().map(MonthlyStar).collect())
    }

    /// Figures for the local days `from`..=`to` (at most two years), over the
    /// inquiries the caller may see, optionally of one district and those below it.
    async fn service_stats(
        &self,
        ctx: &Context<'_>,
        from: NaiveDate,
        to: NaiveDate,
        district_code: Option<String>,
    ) -> Result<ServiceStatsView> {
        let app = ctx.app();
        let s = stats::service_stats(
            &app.db,
            &app.directory,
            app.tz,
            ctx.principal(),
            from,
            to,
            district_code.as_deref(),
        )
        .await?;
        Ok(s.into())
    }
}
