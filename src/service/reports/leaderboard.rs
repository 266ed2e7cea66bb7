//! The monthly star (微博之星): supervisors review officers' attitude and quality, the
//! leaderboard combines those reviews with each officer's replies, deadlines met and
//! citizens' ratings into one score with configurable weights, and an administrator
//! awards the star of the month.

use std::{collections::HashMap, str::FromStr};

use entity::{
    ReplyVisibility, Satisfaction, department, feedback, inquiry, monthly_star, officer,
    officer_review, reply,
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{Alias, Expr, ExprTrait, OnConflict, Query},
};
use uuid::Uuid;

use super::{month::Month, sql::count_where};
use crate::domain::districts::DistrictDirectory;
use crate::{
    auth::{Principal, policy},
    error::{AppError, AppResult, is_unique_violation},
    service::timeline,
};

/// How much each measure counts in the leaderboard score (any non-negative numbers; the
/// score is their weighted mean of measures scaled 0..1, times 100).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StarWeights {
    /// Replies written, relative to the busiest officer of the list.
    pub replies: f64,
    /// Share of the officer's inquiries resolved in the month by their deadline.
    pub on_time: f64,
    /// Citizens' ratings of inquiries the officer answered (satisfied 1, basically 0.5, unsatisfied 0).
    pub satisfaction: f64,
    /// Supervisors' attitude reviews, 1..5 mapped to 0..1.
    pub attitude: f64,
    /// Supervisors' quality reviews, 1..5 mapped to 0..1.
    pub quality: f64,
}

impl Default for StarWeights {
    fn default() -> Self {
        Self {
            replies: 20.0,
            on_time: 25.0,
            satisfaction: 25.0,
            attitude: 15.0,
            quality: 15.0,
        }
    }
}

impl FromStr for StarWeights {
    type Err = String;

    /// `replies=20,onTime=25,satisfaction=25,attitude=15,quality=15`; unnamed measures keep
    /// their default.
    fn from_str(text: &str) -> Result<Self, String> {
        let mut w = Self::default();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| format!("expected name=weight, got {part:?}"))?;
            let value: f64 = value
                .trim()
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| format!("weight of {name} must be a number ≥ 0"))?;
            match name.trim() {
                "replies" => w.replies = value,
                "onTime" => w.on_time = value,
                "satisfaction" => w.satisfaction = value,
                "attitude" => w.attitude = value,
                "quality" => w.quality = value,
                other => return Err(format!("unknown measure {other:?}")),
            }
        }
        if w.total() <= 0.0 {
            return Err("at least one weight must be above 0".into());
        }
        Ok(w)
    }
}

impl StarWeights {
    fn total(&self) -> f64 {
        self.replies + self.on_time + self.satisfaction + self.attitude + self.quality
    }
}

/// A review to record (or revise: one per officer, month and reviewer).
#[derive(Debug, Clone)]
pub struct NewReview {
    pub officer_id: Uuid,
    pub month: String,
    pub attitude: i32,
    pub quality: i32,
    pub note: String,
}

/// Records a supervisor's review of an officer's month. Reviewing the same officer and
/// month again revises the earlier review.
pub async fn review_officer(
    db: &DatabaseConnection,
    tz: chrono_tz::Tz,
    principal: &Principal,
    input: NewReview,
) -> AppResult<officer_review::Model> {
    // The role first: whether an officer id exists is nothing to tell a non-reviewer.
    policy::ensure_report_reader(principal)?;
    let month = Month::parse(&input.month, "month")?;
    let now = super::now();
    if month > Month::containing(now, tz) {
        return Err(AppError::bad_input(
            "month",
            "a month is reviewed once it has begun",
        ));
    }
    for (field, value) in [("attitude", input.attitude), ("quality", input.quality)] {
        if !(1..=5).contains(&value) {
            return Err(AppError::bad_input(field, "a score from 1 to 5"));
        }
    }
    let note = input.note.trim().to_owned();
    if note.chars().count() > 1_000 {
        return Err(AppError::bad_input("note", "at most 1000 characters"));
    }
    let (officer, district) = officer_with_district(db, input.officer_id).await?;
    let staff = policy::ensure_may_review(principal, officer.id, district)?;
    let txn = crate::db::begin_write(db).await?;
    let row = officer_review::ActiveModel {
        id: Set(Uuid::now_v7()),
        officer_id: Set(officer.id),
        month: Set(month.to_string()),
        attitude: Set(input.attitude),
        quality: Set(input.quality),
        reviewer_id: Set(staff.officer_id),
        note: Set(note),
        created_at: Set(now),
        updated_at: Set(now),
    };
    officer_review::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                officer_review::Column::OfficerId,
                officer_review::Column::Month,
                officer_review::Column::ReviewerId,
            ])
            .update_columns([
                officer_review::Column::Attitude,
                officer_review::Column::Quality,
                officer_review::Column::Note,
                officer_review::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    let stored = officer_review::Entity::find()
        .filter(officer_review::Column::OfficerId.eq(officer.id))
        .filter(officer_review::Column::Month.eq(month.to_string()))
        .filter(officer_review::Column::ReviewerId.eq(staff.officer_id))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::Internal("review vanished after upsert".into()))?;
    timeline::outbox(
        &txn,
        timeline::OutboxEntry {
            event: "officer.reviewed",
            payload: serde_json::json!({
                "officerId": officer.id,
                "month": stored.month,
                "reviewerId": staff.officer_id,
            }),
            inquiry_id: None,
            district_id: Some(district),
            at: now,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(stored)
}

async fn officer_with_district(
    db: &impl ConnectionTrait,
    officer_id: Uuid,
) -> AppResult<(officer::Model, Uuid)> {
    let officer = officer::Entity::find_by_id(officer_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("officer"))?;
    let department = department::Entity::find_by_id(officer.department_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("officer"))?;
    Ok((officer, department.district_id))
}

/// The ranked officers of a district's month.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaderboard {
    pub month: String,
    pub district_code: String,
    /// Best first.
    pub standings: Vec<Standing>,
}

/// One officer's month on the leaderboard.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub rank: i32,
    pub officer: officer::Model,
    pub replies: i64,
    pub resolved: i64,
    pub resolved_on_time: i64,
    pub on_time_rate: Option<f64>,
    pub ratings: i64,
    /// 0..1: satisfied 1, basically satisfied 0.5, unsatisfied 0.
    pub average_satisfaction: Option<f64>,
    pub reviews: i64,
    pub average_attitude: Option<f64>,
    pub average_quality: Option<f64>,
    /// 0..100.
    pub score: f64,
}

#[derive(FromQueryResult)]
struct PerOfficer {
    officer_id: Uuid,
    n: i64,
    part: Option<i64>,
}

#[derive(FromQueryResult)]
struct ReviewSums {
    officer_id: Uuid,
    n: i64,
    attitude: Option<i64>,
    quality: Option<i64>,
}

/// The officers of the caller's district (default: its widest) who replied, resolved,
/// were rated or reviewed in `month`, best first. Ties: score, then replies, then
/// satisfaction, then badge number, so the order never depends on the database.
pub async fn leaderboard(
    db: &impl ConnectionTrait,
    directory: &DistrictDirectory,
    tz: chrono_tz::Tz,
    weights: StarWeights,
    principal: &Principal,
    month: &str,
    district_code: Option<&str>,
) -> AppResult<Leaderboard> {
    let month = Month::parse(month, "month")?;
    let district = policy::report_district(principal, directory, district_code)?;
    let mut board = Leaderboard {
        month: month.to_string(),
        district_code: district.code.clone(),
        standings: Vec::new(),
    };
    let (start, end) = month.bounds(tz);
    let departments: Vec<Uuid> = department::Entity::find()
        .select_only()
        .column(department::Column::Id)
        .filter(department::Column::DistrictId.is_in(directory.subtree(district.id)))
        .into_tuple()
        .all(db)
        .await?;
    let officers: HashMap<Uuid, officer::Model> = officer::Entity::find()
        .filter(officer::Column::DepartmentId.is_in(departments))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let ids: Vec<Uuid> = officers.keys().copied().collect();
    if ids.is_empty() {
        return Ok(board);
    }
    let answered = [ReplyVisibility::Public, ReplyVisibility::Private];

    let replies = reply::Entity::find()
        .select_only()
        .column(reply::Column::OfficerId)
        .column_as(reply::Column::Id.count(), "n")
        .column_as(Expr::cust("CAST(0 AS BIGINT)"), "part")
        .filter(reply::Column::OfficerId.is_in(ids.clone()))
        .filter(reply::Column::Visibility.is_in(answered))
        .filter(reply::Column::CorrectsReplyId.is_null())
        .filter(reply::Column::CreatedAt.gte(start))
        .filter(reply::Column::CreatedAt.lt(end))
        .group_by(reply::Column::OfficerId)
        .into_model::<PerOfficer>()
        .all(db)
        .await?;

    let on_time = Expr::col(inquiry::Column::DueAt)
        .is_null()
        .or(Expr::col(inquiry::Column::ResolvedAt).lte(Expr::col(inquiry::Column::DueAt)));
    let resolved = inquiry::Entity::find()
        .select_only()
        .column_as(inquiry::Column::OfficerId, "officer_id")
        .column_as(inquiry::Column::Id.count(), "n")
        .column_as(count_where(on_time), "part")
        .filter(inquiry::Column::OfficerId.is_in(ids.clone()))
        .filter(inquiry::Column::ResolvedAt.gte(start))
        .filter(inquiry::Column::ResolvedAt.lt(end))
        .group_by(inquiry::Column::OfficerId)
        .into_model::<PerOfficer>()
        .all(db)
        .await?;

    // Ratings of inquiries each officer answered: the month's ratings joined to their
    // inquiries' answerers, made distinct per (rating, officer) first, so an officer who
    // replied twice counts a rating once.
    let pairs = Query::select()
        .distinct()
        .expr_as(
            Expr::col((feedback::Entity, feedback::Column::Id)),
            "feedback_id",
        )
        .expr_as(
            Expr::col((feedback::Entity, feedback::Column::Satisfaction)),
            "satisfaction",
        )
        .expr_as(
            Expr::col((reply::Entity, reply::Column::OfficerId)),
            "officer_id",
        )
        .from(feedback::Entity)
        .inner_join(
            reply::Entity,
            Expr::col((reply::Entity, reply::Column::InquiryId))
                .equals((feedback::Entity, feedback::Column::InquiryId)),
        )
        .and_where(Expr::col((feedback::Entity, feedback::Column::CreatedAt)).gte(start))
        .and_where(Expr::col((feedback::Entity, feedback::Column::CreatedAt)).lt(end))
        .and_where(Expr::col((reply::Entity, reply::Column::OfficerId)).is_in(ids.clone()))
        .and_where(Expr::col((reply::Entity, reply::Column::Visibility)).is_in(answered))
        .to_owned();
    let p = Alias::new("p");
    let satisfaction = Expr::col((p.clone(), Alias::new("satisfaction")));
    let points = Expr::case(satisfaction.clone().eq(Satisfaction::Satisfied.as_str()), 2)
        .case(
            satisfaction.eq(Satisfaction::BasicallySatisfied.as_str()),
            1,
        )
        .finally(0);
    let ratings_query = Query::select()
        .expr_as(
            Expr::col((p.clone(), Alias::new("officer_id"))),
            "officer_id",
        )
        .expr_as(
            Expr::col((p.clone(), Alias::new("feedback_id"))).count(),
            "n",
        )
        .expr_as(sea_orm::sea_query::Func::sum(points), "part")
        .from_subquery(pairs, p.clone())
        .group_by_col((p, Alias::new("officer_id")))
        .to_owned();
    let ratings = PerOfficer::find_by_statement(db.get_database_backend().build(&ratings_query))
        .all(db)
        .await?;

    let reviews = officer_review::Entity::find()
        .select_only()
        .column(officer_review::Column::OfficerId)
        .column_as(officer_review::Column::Id.count(), "n")
        .column_as(officer_review::Column::Attitude.sum(), "attitude")
        .column_as(officer_review::Column::Quality.sum(), "quality")
        .filter(officer_review::Column::OfficerId.is_in(ids))
        .filter(officer_review::Column::Month.eq(month.to_string()))
        .group_by(officer_review::Column::OfficerId)
        .into_model::<ReviewSums>()
        .all(db)
        .await?;

    let mut rows: HashMap<Uuid, Standing> = HashMap::new();
    for r in replies {
        if let Some(s) = standing(&mut rows, &officers, r.officer_id) {
            s.replies = r.n;
        }
    }
    for r in resolved {
        if let Some(s) = standing(&mut rows, &officers, r.officer_id) {
            s.resolved = r.n;
            s.resolved_on_time = r.part.unwrap_or_default();
            s.on_time_rate = ratio(s.resolved_on_time, s.resolved);
        }
    }
    for r in ratings {
        if let Some(s) = standing(&mut rows, &officers, r.officer_id) {
            s.ratings = r.n;
            s.average_satisfaction =
                ratio(r.part.unwrap_or_default(), r.n).map(|points| points / 2.0);
        }
    }
    for r in reviews {
        if let Some(s) = standing(&mut rows, &officers, r.officer_id) {
            s.reviews = r.n;
            s.average_attitude = ratio(r.attitude.unwrap_or_default(), r.n);
            s.average_quality = ratio(r.quality.unwrap_or_default(), r.n);
        }
    }
    let mut standings: Vec<Standing> = rows.into_values().collect();
    score(&mut standings, weights);
    board.standings = standings;
    Ok(board)
}

/// The officer's standing, started blank on first use; None for officers out of reach.
fn standing<'r>(
    rows: &'r mut HashMap<Uuid, Standing>,
    officers: &HashMap<Uuid, officer::Model>,
    id: Uuid,
) -> Option<&'r mut Standing> {
    let officer = officers.get(&id)?;
    Some(rows.entry(id).or_insert_with(|| blank(officer.clone())))
}

fn blank(officer: officer::Model) -> Standing {
    Standing {
        rank: 0,
        officer,
        replies: 0,
        resolved: 0,
        resolved_on_time: 0,
        on_time_rate: None,
        ratings: 0,
        average_satisfaction: None,
        reviews: 0,
        average_attitude: None,
        average_quality: None,
        score: 0.0,
    }
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Scores and ranks: each measure scaled to 0..1 (a measure with no data scores 0),
/// weighted mean × 100.
fn score(standings: &mut [Standing], w: StarWeights) {
    let busiest = standings.iter().map(|s| s.replies).max().unwrap_or(0);
    let review = |avg: Option<f64>| avg.map_or(0.0, |a| (a - 1.0) / 4.0);
    for s in standings.iter_mut() {
        let replies = if busiest > 0 {
            s.replies as f64 / busiest as f64
        } else {
            0.0
        };
        let sum = w.replies * replies
            + w.on_time * s.on_time_rate.unwrap_or(0.0)
            + w.satisfaction * s.average_satisfaction.unwrap_or(0.0)
            + w.attitude * review(s.average_attitude)
            + w.quality * review(s.average_quality);
        s.score = (sum / w.total() * 100.0 * 100.0).round() / 100.0;
    }
    standings.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.replies.cmp(&a.replies))
            .then(
                b.average_satisfaction
                    .unwrap_or(-1.0)
                    .total_cmp(&a.average_satisfaction.unwrap_or(-1.0)),
            )
            .then_with(|| a.officer.badge_number.cmp(&b.officer.badge_number))
    });
    for (i, s) in standings.iter_mut().enumerate() {
        s.rank = i32::try_from(i + 1).unwrap_or(i32::MAX);
    }
}

/// Names the star of a month that has begun. Administrators only; one star a month
/// (`CONFLICT` when already awarded).
pub async fn award_star(
    db: &DatabaseConnection,
    tz: chrono_tz::Tz,
    principal: &Principal,
    month: &str,
    officer_id: Uuid,
    citation: &str,
) -> AppResult<monthly_star::Model> {
    let staff = policy::ensure_may_publish_reports(principal)?;
    let month = Month::parse(month, "month")?;
    let now = super::now();
    if month > Month::containing(now, tz) {
        return Err(AppError::bad_input(
            "month",
            "a star is awarded for a month that has begun",
        ));
    }
    let citation = citation.trim();
    if citation.is_empty() || citation.chars().count() > 1_000 {
        return Err(AppError::bad_input("citation", "1..1000 characters"));
    }
    let (officer, district) = officer_with_district(db, officer_id).await?;
    let txn = crate::db::begin_write(db).await?;
    let row = monthly_star::ActiveModel {
        id: Set(Uuid::now_v7()),
        month: Set(month.to_string()),
        officer_id: Set(officer.id),
        citation: Set(citation.to_owned()),
        awarded_by_id: Set(staff.officer_id),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let stored = match monthly_star::Entity::insert(row)
        .exec_with_returning(&txn)
        .await
    {
        Ok(s) => s,
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::Conflict(format!(
                "the star of {month} is already awarded"
            )));
        }
        Err(e) => return Err(e.into()),
    };
    timeline::outbox(
        &txn,
        timeline::OutboxEntry {
            event: "star.awarded",
            payload: serde_json::json!({ "month": stored.month, "officerId": officer.id, "dutyName": officer.duty_name }),
            inquiry_id: None,
            district_id: Some(district),
            at: now,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(stored)
}

/// The stars of a year, January first: public, for the year-end review.
pub async fn stars_of_year(
    db: &impl ConnectionTrait,
    year: i32,
) -> AppResult<Vec<monthly_star::Model>> {
    if !(2000..=2100).contains(&year) {
        return Err(AppError::bad_input("year", "a year from 2000 to 2100"));
    }
    Ok(monthly_star::Entity::find()
        .filter(monthly_star::Column::Month.starts_with(format!("{year:04}-")))
        .order_by_asc(monthly_star::Column::Month)
        .all(db)
        .await?)
}
