//! The monthly circular (每月一通報): per district and per department, what came in,
//! what was settled on time, what is still overdue, how fast the first response
//! came and how citizens rated the results; ranked worst first so the circular
//! names who missed deadlines. Publishing freezes it: the stored copy is what the
//! bureau announced and never changes, whatever happens to the data later.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{department, district, inquiry, monthly_circular};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    counts::{self, Cell, Counts, GroupBy, Period},
    month::Month,
    sql::Distribution,
};
use crate::domain::districts::DistrictDirectory;
use crate::{
    auth::policy,
    error::{AppError, AppResult, is_unique_violation},
    service::{
        rota::{self, Ctx},
        timeline,
    },
};

/// Overdue inquiries listed by name in one circular, at most (the counts stay exact).
pub const MAX_OVERDUE_LISTED: u64 = 500;

/// One line of the circular: a district, a department, or the whole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Line {
    /// Set on district lines and the totals line.
    pub district_id: Option<Uuid>,
    /// Set on department lines (None there for the intake queue: no department yet).
    pub department_id: Option<Uuid>,
    /// The name as it was when computed (a frozen circular keeps it after a rename).
    pub name: String,
    /// District code (district lines), or the code of the department's district.
    pub district_code: Option<String>,
    /// 1 = worst; 0 on the totals line.
    pub rank: i32,
    pub received: i64,
    pub resolved: i64,
    pub resolved_on_time: i64,
    pub overdue_open: i64,
    pub on_time_rate: Option<f64>,
    pub first_responses: i64,
    pub average_first_response_secs: Option<f64>,
    pub p90_first_response_secs: Option<f64>,
    pub ratings: i64,
    pub satisfied: i64,
    pub satisfaction_rate: Option<f64>,
    pub reopened: i64,
    /// Morning and evening duty slots of the month nobody held (district lines and totals).
    #[serde(default)]
    pub rota_gaps: Option<i64>,
    /// Inquiries that arrived during those slots, with nobody on duty to take them.
    #[serde(default)]
    pub unattended_inquiries: Option<i64>,
}

/// An inquiry overdue at the circular's cutoff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OverdueItem {
    pub inquiry_id: Uuid,
    pub reference: String,
    pub subject: String,
    pub district_code: String,
    pub due_at: DateTime<Utc>,
    pub status: String,
}

/// The overdue inquiries of one department (None: still in the intake queue).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OverdueGroup {
    pub department_id: Option<Uuid>,
    pub department_name: String,
    pub inquiries: Vec<OverdueItem>,
}

/// A computed (or frozen) circular. Serialised as the published body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Circular {
    pub month: String,
    pub district_id: Uuid,
    pub district_code: String,
    pub district_name: String,
    /// Start and end of the month in UTC, and the moment open items were judged at.
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub as_of: DateTime<Utc>,
    pub generated_at: DateTime<Utc>,
    #[serde(skip)]
    pub published_at: Option<DateTime<Utc>>,
    pub totals: Line,
    /// The district and each district below it, worst first.
    pub districts: Vec<Line>,
    /// Each department with inquiries in the period, worst first.
    pub departments: Vec<Line>,
    pub overdue: Vec<OverdueGroup>,
    /// True when more than [`MAX_OVERDUE_LISTED`] were overdue (see `totals.overdueOpen`).
    pub overdue_truncated: bool,
}

/// The circular of `month` for `district_code` (default: the caller's widest district):
/// the published one when it exists, else computed now.
pub async fn monthly_circular(
    ctx: Ctx<'_>,
    month: &str,
    district_code: Option<&str>,
) -> AppResult<Circular> {
    let month = Month::parse(month, "month")?;
    let district = policy::report_district(ctx.principal, ctx.directory, district_code)?;
    if let Some(frozen) = published(ctx.db, month, district.id).await? {
        return Ok(frozen);
    }
    let now = super::now();
    let mut circular = compute(ctx.db, ctx.directory, ctx.rota.tz, month, district, now).await?;
    add_rota(ctx, &mut circular, month, now).await?;
    Ok(circular)
}

/// Counts each district's uncovered duty slots of the month (up to now) and the
/// inquiries that arrived during them: no one on duty counts against the district.
async fn add_rota(
    ctx: Ctx<'_>,
    circular: &mut Circular,
    month: Month,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let tz = ctx.rota.tz;
    let first = month.first_day();
    let last = month.next().first_day().pred_opt().unwrap_or(first);
    let today = now.with_timezone(&tz).date_naive();
    if first > today {
        return Ok(());
    }
    let last = last.min(today);
    let (mut gaps_total, mut unattended_total) = (0, 0);
    for line in &mut circular.districts {
        let Some(code) = line.district_code.clone() else {
            continue;
        };
        let gaps = rota::gaps::rota_gaps(ctx, first, last, &code, now).await?;
        // Slots of today still to come are not gaps yet.
        let gaps: Vec<_> = gaps.into_iter().filter(|g| g.starts_at <= now).collect();
        let unattended: i64 = gaps.iter().map(|g| g.unattended_inquiries as i64).sum();
        line.rota_gaps = Some(gaps.len() as i64);
        line.unattended_inquiries = Some(unattended);
        gaps_total += gaps.len() as i64;
        unattended_total += unattended;
    }
    circular.totals.rota_gaps = Some(gaps_total);
    circular.totals.unattended_inquiries = Some(unattended_total);
    Ok(())
}

/// Freezes the circular of a month that has ended. Administrators only; a month is
/// published once per district (`CONFLICT` the second time).
pub async fn publish(
    ctx: Ctx<'_>,
    month: &str,
    district_code: Option<&str>,
) -> AppResult<Circular> {
    let (db, directory, tz) = (ctx.db, ctx.directory, ctx.rota.tz);
    let staff = policy::ensure_may_publish_reports(ctx.principal)?;
    let month = Month::parse(month, "month")?;
    let district = policy::report_district(ctx.principal, directory, district_code)?;
    let now = super::now();
    if month.bounds(tz).1 > now {
        return Err(AppError::bad_input(
            "month",
            format!("{month} has not ended; a circular is published after its month"),
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    let mut circular = compute(&txn, directory, tz, month, district, now).await?;
    add_rota(ctx, &mut circular, month, now).await?;
    let body = serde_json::to_value(&circular)
        .map_err(|e| AppError::Internal(format!("circular body: {e}")))?;
    let row = monthly_circular::ActiveModel {
        id: Set(Uuid::now_v7()),
        month: Set(month.to_string()),
        district_id: Set(district.id),
        published_at: Set(now),
        body: Set(body),
        created_at: Set(now),
        updated_at: Set(now),
    };
    if let Err(e) = monthly_circular::Entity::insert(row).exec(&txn).await {
        return Err(if is_unique_violation(&e) {
            AppError::Conflict(format!(
                "the {month} circular of {} is already published",
                district.code
            ))
        } else {
            e.into()
        });
    }
    timeline::outbox(
        &txn,
        timeline::OutboxEntry {
            event: "circular.published",
            payload: serde_json::json!({
                "month": month.to_string(),
                "districtCode": district.code,
                "publishedBy": staff.badge_number,
                "overdueOpen": circular.totals.overdue_open,
            }),
            inquiry_id: None,
            district_id: Some(district.id),
            at: now,
        },
    )
    .await?;
    txn.commit().await?;
    circular.published_at = Some(now);
    Ok(circular)
}

async fn published(
    db: &impl ConnectionTrait,
    month: Month,
    district_id: Uuid,
) -> AppResult<Option<Circular>> {
    let Some(row) = monthly_circular::Entity::find()
        .filter(monthly_circular::Column::Month.eq(month.to_string()))
        .filter(monthly_circular::Column::DistrictId.eq(district_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let mut circular: Circular = serde_json::from_value(row.body)
        .map_err(|e| AppError::Internal(format!("stored circular {}: {e}", row.id)))?;
    circular.published_at = Some(row.published_at);
    Ok(Some(circular))
}

/// Computes the circular from the data as it is now.
pub async fn compute(
    db: &impl ConnectionTrait,
    directory: &DistrictDirectory,
    tz: chrono_tz::Tz,
    month: Month,
    district: &district::Model,
    now: DateTime<Utc>,
) -> AppResult<Circular> {
    let (start, end) = month.bounds(tz);
    let period = Period {
        start,
        end,
        cutoff: end.min(now),
    };
    let ids = directory.subtree(district.id);
    // The report covers the district's subtree, which the caller may read in full.
    let scope = Condition::all();
    let cells = counts::per_cell(db, scope.clone(), &ids, &period).await?;
    let by_district =
        counts::first_response(db, scope.clone(), &ids, &period, GroupBy::District).await?;
    let by_department =
        counts::first_response(db, scope.clone(), &ids, &period, GroupBy::Department).await?;
    let overall =
        counts::first_response(db, scope.clone(), &ids, &period, GroupBy::Nothing).await?;
    let department_ids: Vec<Uuid> = cells.keys().filter_map(|(_, d)| *d).collect();
    let departments: HashMap<Uuid, department::Model> = department::Entity::find()
        .filter(department::Column::Id.is_in(department_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let code_of = |id: Uuid| directory.get(id).map(|d| d.code.clone());

    let mut district_lines: Vec<Line> = ids
        .iter()
        .filter_map(|id| directory.get(*id))
        .map(|d| {
            let sum = sum_where(&cells, |(dist, _)| *dist == d.id);
            line(
                (Some(d.id), None),
                d.name.clone(),
                Some(d.code.clone()),
                sum,
                by_district.get(&Some(d.id)),
            )
        })
        .collect();
    let mut department_keys: Vec<Option<Uuid>> = cells.keys().map(|(_, d)| *d).collect();
    department_keys.sort();
    department_keys.dedup();
    let mut department_lines: Vec<Line> = department_keys
        .into_iter()
        .map(|key| {
            let sum = sum_where(&cells, |(_, dep)| *dep == key);
            let (name, code) = match key.and_then(|k| departments.get(&k)) {
                Some(d) => (d.name.clone(), code_of(d.district_id)),
                None => ("待分派（受理台）".to_owned(), None),
            };
            line((None, key), name, code, sum, by_department.get(&key))
        })
        .collect();
    rank(&mut district_lines);
    rank(&mut department_lines);
    let totals = line(
        (Some(district.id), None),
        district.name.clone(),
        Some(district.code.clone()),
        sum_where(&cells, |_| true),
        overall.get(&None),
    );
    let (overdue, overdue_truncated) =
        overdue_list(db, directory, &ids, &period, &departments).await?;
    Ok(Circular {
        month: month.to_string(),
        district_id: district.id,
        district_code: district.code.clone(),
        district_name: district.name.clone(),
        starts_at: start,
        ends_at: end,
        as_of: period.cutoff,
        generated_at: now,
        published_at: None,
        totals,
        districts: district_lines,
        departments: department_lines,
        overdue,
        overdue_truncated,
    })
}

fn sum_where(cells: &HashMap<Cell, Counts>, keep: impl Fn(&Cell) -> bool) -> Counts {
    let mut sum = Counts::default();
    for (cell, c) in cells {
        if keep(cell) {
            sum += *c;
        }
    }
    sum
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn line(
    (district_id, department_id): (Option<Uuid>, Option<Uuid>),
    name: String,
    district_code: Option<String>,
    c: Counts,
    response: Option<&Distribution>,
) -> Line {
    let response = response.copied().unwrap_or_default();
    Line {
        district_id,
        department_id,
        name,
        district_code,
        rank: 0,
        received: c.received,
        resolved: c.resolved,
        resolved_on_time: c.resolved_on_time,
        overdue_open: c.overdue_open,
        on_time_rate: ratio(c.resolved_on_time, c.resolved),
        first_responses: response.count,
        average_first_response_secs: response.mean,
        p90_first_response_secs: response.p90,
        ratings: c.ratings,
        satisfied: c.satisfied,
        satisfaction_rate: ratio(c.satisfied, c.ratings),
        reopened: c.reopened,
        rota_gaps: None,
        unattended_inquiries: None,
    }
}

/// Worst first: most overdue still open, then lowest on-time rate, then lowest
/// satisfaction, then most reopened, then by name (a rate of nothing counts as 100%).
fn rank(lines: &mut [Line]) {
    let rate = |r: Option<f64>| r.unwrap_or(1.0);
    lines.sort_by(|a, b| {
        b.overdue_open
            .cmp(&a.overdue_open)
            .then(rate(a.on_time_rate).total_cmp(&rate(b.on_time_rate)))
            .then(rate(a.satisfaction_rate).total_cmp(&rate(b.satisfaction_rate)))
            .then(b.reopened.cmp(&a.reopened))
            .then_with(|| a.name.cmp(&b.name))
    });
    for (i, l) in lines.iter_mut().enumerate() {
        l.rank = i32::try_from(i + 1).unwrap_or(i32::MAX);
    }
}

/// id, reference, subject, district, department, due, status.
type OverdueRow = (
    Uuid,
    String,
    String,
    Uuid,
    Option<Uuid>,
    Option<DateTime<Utc>>,
    entity::InquiryStatus,
);

async fn overdue_list(
    db: &impl ConnectionTrait,
    directory: &DistrictDirectory,
    ids: &[Uuid],
    p: &Period,
    departments: &HashMap<Uuid, department::Model>,
) -> AppResult<(Vec<OverdueGroup>, bool)> {
    use inquiry::Column as I;
    let rows: Vec<OverdueRow> = inquiry::Entity::find()
        .select_only()
        .columns([
            I::Id,
            I::Reference,
            I::Subject,
            I::DistrictId,
            I::DepartmentId,
            I::DueAt,
            I::Status,
        ])
        .filter(I::DistrictId.is_in(ids.iter().copied()))
        .filter(counts::overdue_at(p.cutoff))
        .order_by_asc(I::DueAt)
        .order_by_asc(I::Id)
        .limit(MAX_OVERDUE_LISTED + 1)
        .into_tuple()
        .all(db)
        .await?;
    let truncated = rows.len() as u64 > MAX_OVERDUE_LISTED;
    let mut groups: Vec<OverdueGroup> = Vec::new();
    for (id, reference, subject, district_id, department_id, due_at, status) in
        rows.into_iter().take(MAX_OVERDUE_LISTED as usize)
    {
        let item = OverdueItem {
            inquiry_id: id,
            reference,
            subject,
            district_code: directory
                .get(district_id)
                .map(|d| d.code.clone())
                .unwrap_or_default(),
            due_at: due_at.unwrap_or(p.cutoff),
            status: status.as_str().to_owned(),
        };
        match groups.iter_mut().find(|g| g.department_id == department_id) {
            Some(g) => g.inquiries.push(item),
            None => groups.push(OverdueGroup {
                department_id,
                department_name: department_id
                    .and_then(|d| departments.get(&d))
                    .map(|d| d.name.clone())
                    .unwrap_or_else(|| "待分派（受理台）".to_owned()),
                inquiries: vec![item],
            }),
        }
    }
    // Most overdue departments first, as the circular reads.
    groups.sort_by(|a, b| {
        b.inquiries
            .len()
            .cmp(&a.inquiries.len())
            .then_with(|| a.department_name.cmp(&b.department_name))
    });
    Ok((groups, truncated))
}
