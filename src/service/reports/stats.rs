//! Service statistics over any period (`serviceStats`): what came in by kind, channel,
//! status and department, replies and matters settled, response-time percentiles and
//! citizens' satisfaction. All SQL aggregates under the caller's inquiry scope, so an
//! officer's figures cover its department and a supervisor's its districts.

use chrono::NaiveDate;
use entity::{ReplyVisibility, Satisfaction, feedback, inquiry, reply};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait, Query, SimpleExpr},
};
use uuid::Uuid;

use super::{
    month::local_midnight,
    sql::{self, Distribution, count_where},
};
use crate::domain::districts::DistrictDirectory;
use crate::{
    auth::{Principal, policy},
    error::{AppError, AppResult},
};

/// Longest period one request may cover.
pub const MAX_DAYS: i64 = 732;

/// A value of a dimension and how many inquiries had it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket<K> {
    pub key: K,
    pub count: i64,
}

/// The figures of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceStats {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub district_code: Option<String>,
    pub received: i64,
    pub by_kind: Vec<Bucket<entity::InquiryKind>>,
    pub by_channel: Vec<Bucket<entity::Channel>>,
    /// Current status of the inquiries received in the period.
    pub by_status: Vec<Bucket<entity::InquiryStatus>>,
    /// Current department of the inquiries received (None: not yet routed).
    pub by_department: Vec<Bucket<Option<Uuid>>>,
    /// Public and private replies written in the period (corrections not counted).
    pub replies: i64,
    /// Inquiries resolved in the period (matters served).
    pub resolved: i64,
    pub resolved_on_time: i64,
    /// From receipt to first response, of inquiries received in the period.
    pub first_response: Distribution,
    /// From receipt to resolution, of inquiries resolved in the period.
    pub resolution: Distribution,
    /// Ratings given in the period, by satisfaction.
    pub satisfaction: Vec<Bucket<Satisfaction>>,
}

/// Figures for local days `from..=to` over the inquiries the caller may see, optionally
/// of one district (and those below it). Staff only.
pub async fn service_stats(
    db: &impl ConnectionTrait,
    directory: &DistrictDirectory,
    tz: chrono_tz::Tz,
    principal: &Principal,
    from: NaiveDate,
    to: NaiveDate,
    district_code: Option<&str>,
) -> AppResult<ServiceStats> {
    policy::ensure_staff(principal)?;
    if to < from {
        return Err(AppError::bad_input(
            "to",
            "the period ends before it starts",
        ));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(AppError::bad_input(
            "to",
            format!("at most {MAX_DAYS} days at once"),
        ));
    }
    let start = local_midnight(from, tz);
    let end = local_midnight(to.succ_opt().unwrap_or(to), tz);
    let mut reach = Condition::all().add(policy::inquiry_scope(principal));
    let code = district_code.map(str::trim).filter(|c| !c.is_empty());
    if let Some(code) = code {
        let d = directory.resolve("districtCode", code)?;
        reach = reach.add(inquiry::Column::DistrictId.is_in(directory.subtree(d.id)));
    }
    use inquiry::Column as I;
    let received_in = Condition::all()
        .add(reach.clone())
        .add(I::CreatedAt.gte(start))
        .add(I::CreatedAt.lt(end));

    let by_kind: Vec<(entity::InquiryKind, i64)> =
        grouped(db, received_in.clone(), I::Kind).await?;
    let by_channel: Vec<(entity::Channel, i64)> =
        grouped(db, received_in.clone(), I::Channel).await?;
    let by_status: Vec<(entity::InquiryStatus, i64)> =
        grouped(db, received_in.clone(), I::Status).await?;
    let by_department: Vec<(Option<Uuid>, i64)> =
        grouped(db, received_in.clone(), I::DepartmentId).await?;
    let received = by_kind.iter().map(|(_, n)| n).sum();

    let on_time: SimpleExpr = Expr::col(I::DueAt)
        .is_null()
        .or(Expr::col(I::ResolvedAt).lte(Expr::col(I::DueAt)));
    let resolved_in = Condition::all()
        .add(reach.clone())
        .add(I::ResolvedAt.gte(start))
        .add(I::ResolvedAt.lt(end));
    let (resolved, resolved_on_time): (i64, Option<i64>) = inquiry::Entity::find()
        .select_only()
        .column_as(I::Id.count(), "n")
        .column_as(count_where(on_time), "on_time")
        .filter(resolved_in.clone())
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or((0, None));

    // Replies and ratings are picked by their own time (indexed), then joined to their
    // inquiries under the caller's reach.
    let replies: i64 = reply::Entity::find()
        .select_only()
        .column_as(Expr::col((reply::Entity, reply::Column::Id)).count(), "n")
        .inner_join(inquiry::Entity)
        .filter(reach.clone())
        .filter(
            reply::Column::Visibility.is_in([ReplyVisibility::Public, ReplyVisibility::Private]),
        )
        .filter(reply::Column::CorrectsReplyId.is_null())
        .filter(reply::Column::CreatedAt.gte(start))
        .filter(reply::Column::CreatedAt.lt(end))
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or(0);
    let satisfaction: Vec<(Satisfaction, i64)> = feedback::Entity::find()
        .select_only()
        .column(feedback::Column::Satisfaction)
        .column_as(
            Expr::col((feedback::Entity, feedback::Column::Id)).count(),
            "n",
        )
        .inner_join(inquiry::Entity)
        .filter(reach.clone())
        .filter(feedback::Column::CreatedAt.gte(start))
        .filter(feedback::Column::CreatedAt.lt(end))
        .group_by(feedback::Column::Satisfaction)
        .into_tuple()
        .all(db)
        .await?;

    let backend = db.get_database_backend();
    let everything = || match backend {
        sea_orm::DbBackend::Postgres => Expr::cust("CAST(NULL AS uuid)"),
        _ => Expr::cust("NULL"),
    };
    let first_response = Query::select()
        .expr_as(everything(), "grp")
        .expr_as(
            sql::seconds_between(backend, "inquiry", "created_at", "first_responded_at"),
            "secs",
        )
        .from(inquiry::Entity)
        .cond_where(received_in.add(I::FirstRespondedAt.is_not_null()))
        .to_owned();
    let resolution = Query::select()
        .expr_as(everything(), "grp")
        .expr_as(
            sql::seconds_between(backend, "inquiry", "created_at", "resolved_at"),
            "secs",
        )
        .from(inquiry::Entity)
        .cond_where(resolved_in)
        .to_owned();
    let first_response = sql::distributions(db, &first_response).await?.remove(&None);
    let resolution = sql::distributions(db, &resolution).await?.remove(&None);

    Ok(ServiceStats {
        from,
        to,
        district_code: code.map(str::to_owned),
        received,
        by_kind: buckets(by_kind, |k| k.as_str()),
        by_channel: buckets(by_channel, |k| k.as_str()),
        by_status: buckets(by_status, |k| k.as_str()),
        by_department: buckets(by_department, |k| *k),
        replies,
        resolved,
        resolved_on_time: resolved_on_time.unwrap_or_default(),
        first_response: first_response.unwrap_or_default(),
        resolution: resolution.unwrap_or_default(),
        satisfaction: buckets(satisfaction, |k| k.as_str()),
    })
}

/// `SELECT column, COUNT(*) ... GROUP BY column`.
async fn grouped<K>(
    db: &impl ConnectionTrait,
    condition: Condition,
    column: inquiry::Column,
) -> AppResult<Vec<(K, i64)>>
where
    (K, i64): sea_orm::TryGetableMany,
{
    Ok(inquiry::Entity::find()
        .select_only()
        .column(column)
        .column_as(inquiry::Column::Id.count(), "n")
        .filter(condition)
        .group_by(column)
        .into_tuple()
        .all(db)
        .await?)
}

/// Largest first, then by key, so the order is stable.
fn buckets<K, S: Ord>(mut rows: Vec<(K, i64)>, key: impl Fn(&K) -> S) -> Vec<Bucket<K>> {
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| key(&a.0).cmp(&key(&b.0))));
    rows.into_iter()
        .map(|(key, count)| Bucket { key, count })
        .collect()
}
