//! What one month did, per (district, department) of the inquiries: the aggregate
//! queries behind the monthly circular. Each is one grouped SQL statement over the
//! circular's districts; the grouped rows (districts × departments) are folded into
//! report lines in memory, inquiry rows never are.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{EventKind, InquiryStatus, Satisfaction, feedback, inquiry, inquiry_event};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    sea_query::{Condition, Expr, ExprTrait, Query, SimpleExpr},
};
use uuid::Uuid;

use super::sql::{self, Distribution, count_where};
use crate::error::AppResult;

/// The period a report covers and the moment "still open" is judged at.
#[derive(Debug, Clone, Copy)]
pub struct Period {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// `min(end, now)`: a month in progress is judged as of now.
    pub cutoff: DateTime<Utc>,
}

/// A (district, department) cell; `department` is None for the district's intake queue.
pub type Cell = (Uuid, Option<Uuid>);

/// Counts of one cell (or of a sum of cells).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub received: i64,
    pub resolved: i64,
    pub resolved_on_time: i64,
    pub overdue_open: i64,
    pub ratings: i64,
    pub satisfied: i64,
    pub reopened: i64,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Self) {
        self.received += o.received;
        self.resolved += o.resolved;
        self.resolved_on_time += o.resolved_on_time;
        self.overdue_open += o.overdue_open;
        self.ratings += o.ratings;
        self.satisfied += o.satisfied;
        self.reopened += o.reopened;
    }
}

/// Overdue at `cutoff` and not settled by then: past `due_at`, not resolved or closed
/// before the cutoff, and not rejected or merged away.
pub fn overdue_at(cutoff: DateTime<Utc>) -> Condition {
    use inquiry::Column as I;
    Condition::all()
        .add(I::CreatedAt.lt(cutoff))
        .add(I::DueAt.lt(cutoff))
        .add(
            Condition::any()
                .add(I::ResolvedAt.is_null())
                .add(I::ResolvedAt.gte(cutoff)),
        )
        .add(
            Condition::any()
                .add(I::ClosedAt.is_null())
                .add(I::ClosedAt.gte(cutoff)),
        )
        .add(I::Status.is_not_in([InquiryStatus::Rejected, InquiryStatus::Merged]))
}

fn within(col: inquiry::Column, p: &Period) -> SimpleExpr {
    col.gte(p.start).and(col.lt(p.end))
}

#[derive(FromQueryResult)]
struct InquiryRow {
    district_id: Uuid,
    department_id: Option<Uuid>,
    received: Option<i64>,
    resolved: Option<i64>,
    on_time: Option<i64>,
    overdue: Option<i64>,
}

#[derive(FromQueryResult)]
struct RatingRow {
    district_id: Uuid,
    department_id: Option<Uuid>,
    ratings: i64,
    satisfied: Option<i64>,
}

#[derive(FromQueryResult)]
struct ReopenRow {
    district_id: Uuid,
    department_id: Option<Uuid>,
    reopened: i64,
}

/// Received, resolved (on time) and overdue-open, satisfaction and reopenings per cell
/// of the inquiries whose district is in `districts` and that `scope` lets the caller see.
pub async fn per_cell(
    db: &impl ConnectionTrait,
    scope: Condition,
    districts: &[Uuid],
    p: &Period,
) -> AppResult<HashMap<Cell, Counts>> {
    use inquiry::Column as I;
    let in_reach = Condition::all()
        .add(scope)
        .add(I::DistrictId.is_in(districts.iter().copied()));
    let mut cells: HashMap<Cell, Counts> = HashMap::new();

    let on_time =
        within(I::ResolvedAt, p).and(Expr::col((inquiry::Entity, I::DueAt)).is_null().or(
            Expr::col((inquiry::Entity, I::ResolvedAt)).lte(Expr::col((inquiry::Entity, I::DueAt))),
        ));
    let rows = inquiry::Entity::find()
        .select_only()
        .column(I::DistrictId)
        .column(I::DepartmentId)
        .column_as(count_where(within(I::CreatedAt, p)), "received")
        .column_as(count_where(within(I::ResolvedAt, p)), "resolved")
        .column_as(count_where(on_time), "on_time")
        .column_as(count_where(overdue_at(p.cutoff).into()), "overdue")
        .filter(in_reach.clone())
        .filter(I::CreatedAt.lt(p.end))
        .filter(
            Condition::any()
                .add(I::CreatedAt.gte(p.start))
                .add(I::ResolvedAt.gte(p.start))
                .add(overdue_at(p.cutoff)),
        )
        .group_by(I::DistrictId)
        .group_by(I::DepartmentId)
        .into_model::<InquiryRow>()
        .all(db)
        .await?;
    for r in rows {
        let c = cells.entry((r.district_id, r.department_id)).or_default();
        c.received += sql::count(r.received);
        c.resolved += sql::count(r.resolved);
        c.resolved_on_time += sql::count(r.on_time);
        c.overdue_open += sql::count(r.overdue);
    }

    let rows = feedback::Entity::find()
        .select_only()
        .column_as(Expr::col((inquiry::Entity, I::DistrictId)), "district_id")
        .column_as(
            Expr::col((inquiry::Entity, I::DepartmentId)),
            "department_id",
        )
        .column_as(
            Expr::col((feedback::Entity, feedback::Column::Id)).count(),
            "ratings",
        )
        .column_as(
            count_where(
                feedback::Column::Satisfaction
                    .is_in([Satisfaction::Satisfied, Satisfaction::BasicallySatisfied]),
            ),
            "satisfied",
        )
        .inner_join(inquiry::Entity)
        .filter(in_reach.clone())
        .filter(feedback::Column::CreatedAt.gte(p.start))
        .filter(feedback::Column::CreatedAt.lt(p.end))
        .group_by(Expr::col((inquiry::Entity, I::DistrictId)))
        .group_by(Expr::col((inquiry::Entity, I::DepartmentId)))
        .into_model::<RatingRow>()
        .all(db)
        .await?;
    for r in rows {
        let c = cells.entry((r.district_id, r.department_id)).or_default();
        c.ratings += r.ratings;
        c.satisfied += sql::count(r.satisfied);
    }

    let rows = inquiry_event::Entity::find()
        .select_only()
        .column_as(Expr::col((inquiry::Entity, I::DistrictId)), "district_id")
        .column_as(
            Expr::col((inquiry::Entity, I::DepartmentId)),
            "department_id",
        )
        .column_as(
            Expr::col((inquiry_event::Entity, inquiry_event::Column::Id)).count(),
            "reopened",
        )
        .inner_join(inquiry::Entity)
        .filter(in_reach)
        .filter(inquiry_event::Column::Kind.eq(EventKind::Reopened))
        .filter(inquiry_event::Column::CreatedAt.gte(p.start))
        .filter(inquiry_event::Column::CreatedAt.lt(p.end))
        .group_by(Expr::col((inquiry::Entity, I::DistrictId)))
        .group_by(Expr::col((inquiry::Entity, I::DepartmentId)))
        .into_model::<ReopenRow>()
        .all(db)
        .await?;
    for r in rows {
        cells
            .entry((r.district_id, r.department_id))
            .or_default()
            .reopened += r.reopened;
    }
    Ok(cells)
}

/// What a first-response time distribution is grouped by.
#[derive(Debug, Clone, Copy)]
pub enum GroupBy {
    District,
    Department,
    Nothing,
}

/// Time from receipt to first response of the inquiries received in the period, per
/// group, in seconds (inquiries not yet responded to are left out).
pub async fn first_response(
    db: &impl ConnectionTrait,
    scope: Condition,
    districts: &[Uuid],
    p: &Period,
    by: GroupBy,
) -> AppResult<HashMap<Option<Uuid>, Distribution>> {
    use inquiry::Column as I;
    let backend = db.get_database_backend();
    let grp: SimpleExpr = match by {
        GroupBy::District => Expr::col((inquiry::Entity, I::DistrictId)),
        GroupBy::Department => Expr::col((inquiry::Entity, I::DepartmentId)),
        GroupBy::Nothing => Expr::cust(match backend {
            sea_orm::DbBackend::Postgres => "CAST(NULL AS uuid)",
            _ => "NULL",
        }),
    };
    let base = Query::select()
        .expr_as(grp, "grp")
        .expr_as(
            sql::seconds_between(backend, "inquiry", "created_at", "first_responded_at"),
            "secs",
        )
        .from(inquiry::Entity)
        .cond_where(
            Condition::all()
                .add(scope)
                .add(I::DistrictId.is_in(districts.iter().copied()))
                .add(within(I::CreatedAt, p))
                .add(I::FirstRespondedAt.is_not_null()),
        )
        .to_owned();
    sql::distributions(db, &base).await
}
