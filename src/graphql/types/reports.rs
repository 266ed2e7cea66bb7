//! The monthly circular, the leaderboard and monthly star, and service statistics.

use async_graphql::{ComplexObject, Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{monthly_star, officer_review};
use uuid::Uuid;

use super::{
    directory::{Department, District, Officer},
    enums::{Channel, InquiryKind, InquiryStatus, Satisfaction},
    ids::global_id,
    inquiry::Inquiry,
};
use crate::{
    graphql::context::ContextExt,
    service::reports::{
        circular::{Circular, Line, OverdueGroup, OverdueItem},
        leaderboard::{Standing, StarWeights},
        sql::Distribution,
        stats::{Bucket, ServiceStats},
    },
};

fn minutes(secs: Option<f64>) -> Option<f64> {
    secs.map(|s| (s / 6.0).round() / 10.0)
}

/// The monthly circular (每月一通報) of a district: computed live until published,
/// frozen afterwards (`publishedAt` set; figures never change again).
pub struct MonthlyCircular(pub Circular);

#[Object]
impl MonthlyCircular {
    /// `YYYY-MM`.
    async fn month(&self) -> &str {
        &self.0.month
    }
    /// The district covered (with every district below it).
    async fn district(&self, ctx: &Context<'_>) -> Option<District> {
        ctx.app()
            .directory
            .get(self.0.district_id)
            .cloned()
            .map(District)
    }
    async fn district_code(&self) -> &str {
        &self.0.district_code
    }
    /// Start of the month in the bureau's time zone.
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at
    }
    /// End of the month (exclusive).
    async fn ends_at(&self) -> DateTime<Utc> {
        self.0.ends_at
    }
    /// The moment "overdue still open" is judged at: the end of the month, or the time
    /// of computing for a month in progress.
    async fn as_of(&self) -> DateTime<Utc> {
        self.0.as_of
    }
    /// When these figures were computed.
    async fn generated_at(&self) -> DateTime<Utc> {
        self.0.generated_at
    }
    /// Set once published; a published circular is frozen.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }
    /// The whole district.
    async fn totals(&self) -> CircularLine {
        CircularLine(self.0.totals.clone())
    }
    /// The district and each district below it, worst first.
    async fn districts(&self) -> Vec<CircularLine> {
        self.0.districts.iter().cloned().map(CircularLine).collect()
    }
    /// Every department with inquiries in the month, worst first (a department-less
    /// line is the intake queue).
    async fn departments(&self) -> Vec<CircularLine> {
        self.0
            .departments
            .iter()
            .cloned()
            .map(CircularLine)
            .collect()
    }
    /// Inquiries overdue at `asOf`, by department, the department with most first.
    async fn overdue_by_department(&self) -> Vec<CircularOverdueGroup> {
        self.0
            .overdue
            .iter()
            .cloned()
            .map(CircularOverdueGroup)
            .collect()
    }
    /// True when more overdue inquiries exist than are listed (the counts stay exact).
    async fn overdue_truncated(&self) -> bool {
        self.0.overdue_truncated
    }
}

/// One line of a circular. Ranked worst first: most overdue still open, then lowest
/// on-time rate, lowest satisfaction, most reopened, then name.
pub struct CircularLine(pub Line);

#[Object]
impl CircularLine {
    /// 1 = worst; 0 on the totals line.
    async fn rank(&self) -> i32 {
        self.0.rank
    }
    /// District or department name as it was when computed.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The district of a district line or of the totals.
    async fn district(&self, ctx: &Context<'_>) -> Option<District> {
        self.0
            .district_id
            .and_then(|id| ctx.app().directory.get(id).cloned())
            .map(District)
    }
    /// The district's code (district lines) or the department's district code.
    async fn district_code(&self) -> Option<&str> {
        self.0.district_code.as_deref()
    }
    /// The department of a department line (null on district lines, totals and the
    /// intake queue).
    async fn department(&self, ctx: &Context<'_>) -> Result<Option<Department>> {
        Department::load(ctx, self.0.department_id).await
    }
    /// Inquiries received in the month.
    async fn received(&self) -> i64 {
        self.0.received
    }
    /// Inquiries resolved in the month (whenever received).
    async fn resolved(&self) -> i64 {
        self.0.resolved
    }
    /// Of `resolved`, those resolved by their deadline.
    async fn resolved_on_time(&self) -> i64 {
        self.0.resolved_on_time
    }
    /// Past their deadline at `asOf` and neither resolved, closed, rejected nor merged.
    async fn overdue_open(&self) -> i64 {
        self.0.overdue_open
    }
    /// `resolvedOnTime / resolved`, 0..1; null when nothing was resolved.
    async fn on_time_rate(&self) -> Option<f64> {
        self.0.on_time_rate
    }
    /// Inquiries received in the month that have had a first response.
    async fn first_responses(&self) -> i64 {
        self.0.first_responses
    }
    /// Mean minutes from receipt to first response.
    async fn average_first_response_minutes(&self) -> Option<f64> {
        minutes(self.0.average_first_response_secs)
    }
    /// 90th percentile (nearest rank) of minutes from receipt to first response.
    async fn p90_first_response_minutes(&self) -> Option<f64> {
        minutes(self.0.p90_first_response_secs)
    }
    /// Citizens' ratings given in the month.
    async fn ratings(&self) -> i64 {
        self.0.ratings
    }
    /// Ratings SATISFIED or BASICALLY_SATISFIED.
    async fn satisfied(&self) -> i64 {
        self.0.satisfied
    }
    /// `satisfied / ratings`, 0..1; null without ratings.
    async fn satisfaction_rate(&self) -> Option<f64> {
        self.0.satisfaction_rate
    }
    /// Times inquiries were reopened in the month (citizen unsatisfied).
    async fn reopened(&self) -> i64 {
        self.0.reopened
    }
    /// Morning and evening duty slots of the month (up to now) that nobody held
    /// (district lines and totals; null on department lines).
    async fn rota_gaps(&self) -> Option<i64> {
        self.0.rota_gaps
    }
    /// Inquiries that arrived during those slots, with nobody on duty to take them.
    async fn unattended_inquiries(&self) -> Option<i64> {
        self.0.unattended_inquiries
    }
}

/// The overdue inquiries of one department.
pub struct CircularOverdueGroup(pub OverdueGroup);

#[Object]
impl CircularOverdueGroup {
    /// Null for inquiries still in the intake queue.
    async fn department(&self, ctx: &Context<'_>) -> Result<Option<Department>> {
        Department::load(ctx, self.0.department_id).await
    }
    async fn department_name(&self) -> &str {
        &self.0.department_name
    }
    async fn inquiries(&self) -> Vec<CircularOverdueInquiry> {
        self.0
            .inquiries
            .iter()
            .cloned()
            .map(CircularOverdueInquiry)
            .collect()
    }
}

/// An overdue inquiry as the circular names it.
pub struct CircularOverdueInquiry(pub OverdueItem);

#[Object]
impl CircularOverdueInquiry {
    /// The inquiry's global id (read it with `node` or `inquiry`, in scope).
    async fn inquiry_id(&self) -> ID {
        global_id::<Inquiry>(self.0.inquiry_id)
    }
    async fn reference(&self) -> &str {
        &self.0.reference
    }
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    async fn district_code(&self) -> &str {
        &self.0.district_code
    }
    async fn due_at(&self) -> DateTime<Utc> {
        self.0.due_at
    }
    /// Status when the circular was computed.
    async fn status(&self) -> &str {
        &self.0.status
    }
}

/// A supervisor's review of an officer's month (attitude and quality, 1..5).
pub struct OfficerReview(pub officer_review::Model);

#[Object]
impl OfficerReview {
    async fn id(&self) -> ID {
        global_id::<OfficerReview>(self.0.id)
    }
    async fn officer(&self, ctx: &Context<'_>) -> Result<Option<Officer>> {
        Officer::load(ctx, Some(self.0.officer_id)).await
    }
    async fn month(&self) -> &str {
        &self.0.month
    }
    async fn attitude(&self) -> i32 {
        self.0.attitude
    }
    async fn quality(&self) -> i32 {
        self.0.quality
    }
    async fn note(&self) -> &str {
        &self.0.note
    }
    async fn reviewer(&self, ctx: &Context<'_>) -> Result<Option<Officer>> {
        Officer::load(ctx, Some(self.0.reviewer_id)).await
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// How much each measure counts in the leaderboard score (`STAR_WEIGHTS`).
#[derive(SimpleObject)]
pub struct LeaderboardWeights {
    pub replies: f64,
    pub on_time: f64,
    pub satisfaction: f64,
    pub attitude: f64,
    pub quality: f64,
}

impl From<StarWeights> for LeaderboardWeights {
    fn from(w: StarWeights) -> Self {
        Self {
            replies: w.replies,
            on_time: w.on_time,
            satisfaction: w.satisfaction,
            attitude: w.attitude,
            quality: w.quality,
        }
    }
}

/// The officers of a month, best first, toward the monthly star (微博之星).
#[derive(SimpleObject)]
pub struct OfficerLeaderboard {
    pub month: String,
    pub district_code: String,
    /// Score = Σ weight × measure (each scaled 0..1) / Σ weights × 100. Replies are
    /// scaled by the busiest officer of the list; reviews 1..5 map to 0..1; a measure
    /// without data scores 0.
    pub weights: LeaderboardWeights,
    pub entries: Vec<LeaderboardEntry>,
}

/// One officer's month.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct LeaderboardEntry {
    /// 1 = best; ties broken by replies, then satisfaction, then badge number.
    pub rank: i32,
    #[graphql(skip)]
    pub officer_model: entity::officer::Model,
    /// Public and private replies written in the month (corrections not counted).
    pub replies: i64,
    /// Inquiries in the officer's hands resolved in the month.
    pub resolved: i64,
    pub resolved_on_time: i64,
    pub on_time_rate: Option<f64>,
    /// Citizens' ratings in the month of inquiries the officer answered.
    pub ratings: i64,
    /// 0..1: satisfied 1, basically satisfied 0.5, unsatisfied 0.
    pub average_satisfaction: Option<f64>,
    pub reviews: i64,
    pub average_attitude: Option<f64>,
    pub average_quality: Option<f64>,
    /// 0..100.
    pub score: f64,
}

#[ComplexObject]
impl LeaderboardEntry {
    async fn officer(&self) -> Officer {
        Officer(self.officer_model.clone())
    }
}

impl From<Standing> for LeaderboardEntry {
    fn from(s: Standing) -> Self {
        Self {
            rank: s.rank,
            officer_model: s.officer,
            replies: s.replies,
            resolved: s.resolved,
            resolved_on_time: s.resolved_on_time,
            on_time_rate: s.on_time_rate,
            ratings: s.ratings,
            average_satisfaction: s.average_satisfaction,
            reviews: s.reviews,
            average_attitude: s.average_attitude,
            average_quality: s.average_quality,
            score: s.score,
        }
    }
}

/// The star officer of a month.
pub struct MonthlyStar(pub monthly_star::Model);

#[Object]
impl MonthlyStar {
    async fn id(&self) -> ID {
        global_id::<MonthlyStar>(self.0.id)
    }
    async fn month(&self) -> &str {
        &self.0.month
    }
    /// The officer (the public sees the duty name and department).
    async fn officer(&self, ctx: &Context<'_>) -> Result<Option<Officer>> {
        Officer::load(ctx, Some(self.0.officer_id)).await
    }
    async fn citation(&self) -> &str {
        &self.0.citation
    }
    async fn awarded_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// Mean and percentiles of a duration, in minutes (nearest rank).
#[derive(SimpleObject)]
pub struct DurationStats {
    /// How many durations were measured.
    pub count: i64,
    pub average_minutes: Option<f64>,
    pub p50_minutes: Option<f64>,
    pub p90_minutes: Option<f64>,
    pub p99_minutes: Option<f64>,
}

impl From<Distribution> for DurationStats {
    fn from(d: Distribution) -> Self {
        Self {
            count: d.count,
            average_minutes: minutes(d.mean),
            p50_minutes: minutes(d.p50),
            p90_minutes: minutes(d.p90),
            p99_minutes: minutes(d.p99),
        }
    }
}

#[derive(SimpleObject)]
pub struct KindCount {
    pub kind: InquiryKind,
    pub count: i64,
}

#[derive(SimpleObject)]
pub struct ChannelCount {
    pub channel: Channel,
    pub count: i64,
}

#[derive(SimpleObject)]
pub struct StatusCount {
    pub status: InquiryStatus,
    pub count: i64,
}

#[derive(SimpleObject)]
pub struct SatisfactionCount {
    pub satisfaction: Satisfaction,
    pub count: i64,
}

/// Inquiries of one department (null: not yet routed).
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct DepartmentCount {
    #[graphql(skip)]
    pub department_id: Option<Uuid>,
    pub count: i64,
}

#[ComplexObject]
impl DepartmentCount {
    async fn department(&self, ctx: &Context<'_>) -> Result<Option<Department>> {
        Department::load(ctx, self.department_id).await
    }
}

/// Figures of a period, over the inquiries the caller may see.
#[derive(SimpleObject)]
pub struct ServiceStatsView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub district_code: Option<String>,
    /// Inquiries received in the period.
    pub received: i64,
    pub by_kind: Vec<KindCount>,
    pub by_channel: Vec<ChannelCount>,
    /// Current status of the inquiries received in the period.
    pub by_status: Vec<StatusCount>,
    /// Current department of the inquiries received in the period.
    pub by_department: Vec<DepartmentCount>,
    /// Public and private replies written in the period.
    pub replies: i64,
    /// Inquiries resolved in the period (matters served).
    pub resolved: i64,
    pub resolved_on_time: i64,
    pub on_time_rate: Option<f64>,
    /// Receipt to first response, of inquiries received in the period.
    pub first_response: DurationStats,
    /// Receipt to resolution, of inquiries resolved in the period.
    pub resolution: DurationStats,
    /// Ratings given in the period.
    pub satisfaction: Vec<SatisfactionCount>,
    /// Share of ratings SATISFIED or BASICALLY_SATISFIED, 0..1.
    pub satisfaction_rate: Option<f64>,
}

fn counts<K, T>(rows: Vec<Bucket<K>>, make: impl Fn(K, i64) -> T) -> Vec<T> {
    rows.into_iter().map(|b| make(b.key, b.count)).collect()
}

impl From<ServiceStats> for ServiceStatsView {
    fn from(s: ServiceStats) -> Self {
        let ratings: i64 = s.satisfaction.iter().map(|b| b.count).sum();
        let satisfied: i64 = s
            .satisfaction
            .iter()
            .filter(|b| b.key != entity::Satisfaction::Unsatisfied)
            .map(|b| b.count)
            .sum();
        let ratio = |p: i64, w: i64| (w > 0).then(|| p as f64 / w as f64);
        Self {
            from: s.from,
            to: s.to,
            district_code: s.district_code,
            received: s.received,
            by_kind: counts(s.by_kind, |k, count| KindCount {
                kind: k.into(),
                count,
            }),
            by_channel: counts(s.by_channel, |k, count| ChannelCount {
                channel: k.into(),
                count,
            }),
            by_status: counts(s.by_status, |k, count| StatusCount {
                status: k.into(),
                count,
            }),
            by_department: counts(s.by_department, |department_id, count| DepartmentCount {
                department_id,
                count,
            }),
            replies: s.replies,
            resolved: s.resolved,
            resolved_on_time: s.resolved_on_time,
            on_time_rate: ratio(s.resolved_on_time, s.resolved),
            first_response: s.first_response.into(),
            resolution: s.resolution.into(),
            satisfaction: counts(s.satisfaction, |k, count| SatisfactionCount {
                satisfaction: k.into(),
                count,
            }),
            satisfaction_rate: ratio(satisfied, ratings),
        }
    }
}
