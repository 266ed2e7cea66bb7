//! `reviewOfficer`, `awardMonthlyStar`, `publishMonthlyCircular`.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};

use crate::{
    graphql::{
        context::ContextExt,
        types::{
            directory::Officer,
            ids::GlobalId,
            reports::{MonthlyCircular, MonthlyStar, OfficerReview},
        },
    },
    service::reports::{circular, leaderboard},
};

/// A supervisor's review of an officer's month; reviewing again revises it.
#[derive(InputObject)]
pub struct ReviewOfficerInput {
    pub officer_id: ID,
    /// `YYYY-MM`, not after the current month.
    pub month: String,
    /// Attitude toward citizens, 1..5.
    pub attitude: i32,
    /// Quality of replies, 1..5.
    pub quality: i32,
    /// Up to 1000 characters.
    #[graphql(default)]
    pub note: String,
}

#[derive(SimpleObject)]
pub struct ReviewOfficerPayload {
    pub review: OfficerReview,
}

#[derive(InputObject)]
pub struct AwardMonthlyStarInput {
    /// `YYYY-MM`, not after the current month; one star a month.
    pub month: String,
    pub officer_id: ID,
    /// Why the officer is the star, 1..1000 characters (published).
    pub citation: String,
}

#[derive(SimpleObject)]
pub struct AwardMonthlyStarPayload {
    pub star: MonthlyStar,
}

#[derive(InputObject)]
pub struct PublishMonthlyCircularInput {
    /// `YYYY-MM` of a month that has ended.
    pub month: String,
    /// Default: the city (all districts).
    pub district_code: Option<String>,
}

#[derive(SimpleObject)]
pub struct PublishMonthlyCircularPayload {
    pub circular: MonthlyCircular,
}

#[derive(Default)]
pub struct ReportMutation;

#[Object]
impl ReportMutation {
    /// Record a supervisor's review of an officer's month (supervisors of the officer's
    /// district, admins; not of oneself).
    async fn review_officer(
        &self,
        ctx: &Context<'_>,
        input: ReviewOfficerInput,
    ) -> Result<ReviewOfficerPayload> {
        let app = ctx.app();
        let review = leaderboard::review_officer(
            &app.db,
            app.tz,
            ctx.principal(),
            leaderboard::NewReview {
                officer_id: GlobalId::<Officer>::parse(&input.officer_id, "officerId")?,
                month: input.month,
                attitude: input.attitude,
                quality: input.quality,
                note: input.note,
            },
        )
        .await?;
        Ok(ReviewOfficerPayload {
            review: OfficerReview(review),
        })
    }

    /// Name the star officer of a month (administrators).
    async fn award_monthly_star(
        &self,
        ctx: &Context<'_>,
        input: AwardMonthlyStarInput,
    ) -> Result<AwardMonthlyStarPayload> {
        let app = ctx.app();
        let star = leaderboard::award_star(
            &app.db,
            app.tz,
            ctx.principal(),
            &input.month,
            GlobalId::<Officer>::parse(&input.officer_id, "officerId")?,
            &input.citation,
        )
        .await?;
        Ok(AwardMonthlyStarPayload {
            star: MonthlyStar(star),
        })
    }

    /// Freeze a finished month's circular as published (administrators); it never
    /// changes afterwards.
    async fn publish_monthly_circular(
        &self,
        ctx: &Context<'_>,
        input: PublishMonthlyCircularInput,
    ) -> Result<PublishMonthlyCircularPayload> {
        let c =
            circular::publish(ctx.service(), &input.month, input.district_code.as_deref()).await?;
        Ok(PublishMonthlyCircularPayload {
            circular: MonthlyCircular(c),
        })
    }
}
