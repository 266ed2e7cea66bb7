//! Seed data: the Zhaoqing bureau's structure (districts, departments, officers)
//! and, for demonstrations, three months of inquiry-desk activity modelled on the
//! Safe Zhaoqing (平安肇庆) police microblog programme.
//!
//! Rows are planned in memory first (pure functions, unit-tested without a
//! database) and then written in one transaction with multi-row inserts of at most
//! [`BATCH`] rows: a demo seed is about 30 statements, under 0.1 s on SQLite and
//! about a second on PostgreSQL over TCP. Content is drawn with a fixed-seed RNG:
//! the same names, badges, wording and history on every run, placed relative to
//! the current time; ids, references and tracking codes are fresh on every run.
//!
//! Ids are UUIDv7 whose time part is the row's `created_at`, so ordering by id
//! agrees with ordering by creation, as it does for rows the server creates live.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, SubsecRound, TimeZone, Utc};
use chrono_tz::Tz;
use entity::{
    ActorKind, AnnouncementCategory, AnswerStatus, Channel, DepartmentKind, EventKind, InquiryKind,
    InquiryStatus, Priority, ReplyVisibility, Role, Satisfaction, ShiftKind, announcement,
    answer_entry, answer_entry_version, department, district, duty_shift, feedback, inquiry,
    inquiry_event, officer, reply, sla_policy,
};
use rand::{
    Rng, SeedableRng,
    rngs::StdRng,
    seq::{IndexedRandom, SliceRandom},
};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel};
use serde_json::json;
use uuid::Uuid;

use super::{
    deadline::{self, SlaRule, WorkingCalendar},
    lifecycle::clock::due_soon_at,
    reference::{TrackingCodes, new_reference},
};
use crate::{
    db::begin_write,
    error::{AppError, AppResult},
};

/// Rows per `INSERT` statement: far below SQLite's bound-parameter limit even for
/// the widest table (`inquiry`, 44 columns).
const BATCH: usize = 200;

/// Seed of the content RNG: change it to get a different (still reproducible) demo.
const DEMO_SEED: u64 = 0x5A51_2010_0758;

/// The partner integration that forwards hotline work orders in the demo.
const DEMO_PARTNER: &str = "12345-hotline";

/// What [`seed_directory`] created.
#[derive(Debug, Clone)]
pub struct DirectorySummary {
    pub districts: usize,
    pub departments: usize,
    pub officers: usize,
}

/// What [`seed_demo`] created.
#[derive(Debug, Clone)]
pub struct DemoSummary {
    pub directory: DirectorySummary,
    pub inquiries: usize,
    pub replies: usize,
    pub answer_entries: usize,
    /// A few (reference, tracking_code) pairs of demo inquiries the README can use.
    pub sample_tracking: Vec<(String, String)>,
}

/// True when no district exists yet (a fresh database).
pub async fn is_empty(db: &impl ConnectionTrait) -> AppResult<bool> {
    Ok(district::Entity::find().one(db).await?.is_none())
}

/// The bureau's structure only: districts, departments, officers. Deterministic
/// (same names and badge numbers every run). Refuses a database that already has
/// districts.
pub async fn seed_directory(db: &DatabaseConnection) -> AppResult<DirectorySummary> {
    let txn = begin_write(db).await?;
    ensure_empty(&txn).await?;
    let now = super::now();
    let dir = plan_directory(now - Duration::days(365));
    insert_directory(&txn, &dir).await?;
    txn.commit().await?;
    Ok(dir.summary())
}

/// The directory plus demo activity: inquiries with their timelines, replies and
/// feedback, answer-library entries, duty shifts and announcements. Refuses a
/// database that already has districts.
pub async fn seed_demo(
    db: &DatabaseConnection,
    codes: &TrackingCodes,
    tz: Tz,
) -> AppResult<DemoSummary> {
    let txn = begin_write(db).await?;
    ensure_empty(&txn).await?;
    let now = super::now();
    let rules: HashMap<(InquiryKind, Priority), SlaRule> = sla_policy::Entity::find()
        .all(&txn)
        .await?
        .iter()
        .map(|p| ((p.kind, p.priority), SlaRule::from(p)))
        .collect();
    let today = now.with_timezone(&tz).date_naive();
    let calendar = WorkingCalendar::load(
        &txn,
        today - Duration::days(DEMO_DAYS + 10),
        today + Duration::days(90),
    )
    .await?;

    let dir = plan_directory(now - Duration::days(365));
    let plan = plan_demo(
        &dir,
        DemoContext {
            rules: &rules,
            calendar: &calendar,
            tz,
            now,
            codes,
        },
    );

    insert_directory(&txn, &dir).await?;
    insert_all::<answer_entry::Entity>(&txn, &plan.answer_entries).await?;
    insert_all::<answer_entry_version::Entity>(&txn, &plan.answer_versions).await?;
    // Rows that point at rows of their own table go in a later statement.
    insert_all::<inquiry::Entity>(&txn, &plan.inquiries).await?;
    insert_all::<inquiry::Entity>(&txn, &plan.merged_inquiries).await?;
    insert_all::<inquiry_event::Entity>(&txn, &plan.events).await?;
    insert_all::<reply::Entity>(&txn, &plan.replies).await?;
    insert_all::<reply::Entity>(&txn, &plan.correcting_replies).await?;
    insert_all::<feedback::Entity>(&txn, &plan.feedback).await?;
    insert_all::<duty_shift::Entity>(&txn, &plan.shifts).await?;
    insert_all::<duty_shift::Entity>(&txn, &plan.swapped_shifts).await?;
    insert_all::<announcement::Entity>(&txn, &plan.announcements).await?;
    insert_all::<announcement::Entity>(&txn, &plan.corrections).await?;
    super::seed_reports::seed_last_month(&txn, &dir.officers, &dir.departments, now, tz).await?;
    txn.commit().await?;

    Ok(DemoSummary {
        directory: dir.summary(),
        inquiries: plan.inquiries.len() + plan.merged_inquiries.len(),
        replies: plan.replies.len() + plan.correcting_replies.len(),
        answer_entries: plan.answer_entries.len(),
        sample_tracking: plan.sample_tracking,
    })
}

async fn ensure_empty(db: &impl ConnectionTrait) -> AppResult<()> {
    if is_empty(db).await? {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "the database already holds a directory; seed data goes only into a fresh database"
                .into(),
        ))
    }
}

async fn insert_directory(db: &impl ConnectionTrait, dir: &Directory) -> AppResult<()> {
    // The city first: the counties point at it.
    insert_all::<district::Entity>(db, &dir.districts[..1]).await?;
    insert_all::<district::Entity>(db, &dir.districts[1..]).await?;
    insert_all::<department::Entity>(db, &dir.departments).await?;
    insert_all::<officer::Entity>(db, &dir.officers).await?;
    Ok(())
}

/// Multi-row inserts in batches of [`BATCH`].
async fn insert_all<E>(db: &impl ConnectionTrait, rows: &[E::Model]) -> AppResult<()>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel> + Clone,
{
    for chunk in rows.chunks(BATCH) {
        E::insert_many(
            chunk
                .iter()
                .cloned()
                .map(IntoActiveModel::into_active_model),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Pure helpers
// ---------------------------------------------------------------------------

/// Replaces `{{key}}` placeholders (the answer library's syntax) with values.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (key, value) in values {
        out = out.replace(&format!("{{{{{key}}}}}"), value);
    }
    out
}

/// Index drawn with probability proportional to its weight (all-zero: index 0).
fn pick_weighted(rng: &mut impl Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    if total == 0 {
        return 0;
    }
    let mut roll = rng.random_range(0..total);
    for (i, w) in weights.iter().enumerate() {
        if roll < *w {
            return i;
        }
        roll -= w;
    }
    weights.len() - 1
}

/// Moves the times of a history that would end after `limit` towards `anchor`
/// proportionally (order and relative spacing kept), then makes them strictly
/// increasing by at least a millisecond, so timelines sort the same by time and id.
fn fit_before(
    anchor: DateTime<Utc>,
    times: &[DateTime<Utc>],
    limit: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let last = times.iter().copied().max().unwrap_or(anchor);
    let span = (last - anchor).num_milliseconds();
    let room = (limit - anchor).num_milliseconds().max(0);
    let mut out: Vec<DateTime<Utc>> = times
        .iter()
        .map(|t| {
            if last > limit && span > 0 {
                let offset = (*t - anchor).num_milliseconds() as f64 * room as f64 / span as f64;
                anchor + Duration::milliseconds(offset as i64)
            } else {
                *t
            }
        })
        .collect();
    let mut previous: Option<DateTime<Utc>> = None;
    for t in &mut out {
        if let Some(p) = previous
            && *t <= p
        {
            *t = p + Duration::milliseconds(1);
        }
        *t = t.trunc_subsecs(6);
        previous = Some(*t);
    }
    out
}

/// Whether an event kind is shown to the citizen in `trackInquiry` by default.
fn event_is_public(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::Received
            | EventKind::Assigned
            | EventKind::Replied
            | EventKind::ReplyCorrected
            | EventKind::Resolved
            | EventKind::Closed
            | EventKind::Rejected
            | EventKind::Merged
            | EventKind::Reopened
    )
}

/// A fraction of a duration.
fn frac(d: Duration, f: f64) -> Duration {
    Duration::milliseconds((d.num_milliseconds().max(0) as f64 * f) as i64)
}

/// A local wall-clock time in the bureau's time zone, in UTC.
fn local_at(tz: Tz, date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let naive = date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default());
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&naive))
}

/// `11月3日`, as dates are written in notices.
fn month_day(tz: Tz, at: DateTime<Utc>) -> String {
    let d = at.with_timezone(&tz);
    format!("{}月{}日", d.month(), d.day())
}

/// A UUIDv7 whose time part is `at` (random bits from the OS, as for live rows, so
/// ids stay unique across databases; only the content is reproducible).
fn id_at(at: DateTime<Utc>) -> Uuid {
    let secs = u64::try_from(at.timestamp()).unwrap_or(0);
    Uuid::new_v7(uuid::Timestamp::from_unix(
        uuid::NoContext,
        secs,
        at.timestamp_subsec_nanos(),
    ))
}

/// A mainland mobile number (`1[3-9]` + 9 digits) from common prefixes.
fn mobile(rng: &mut impl Rng) -> String {
    const PREFIXES: [&str; 24] = [
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
        "155", "156", "158", "159", "166", "177", "180", "186", "187", "188", "189",
    ];
    let prefix = PREFIXES.choose(rng).copied().unwrap_or("138");
    format!("{prefix}{:08}", rng.random_range(0..100_000_000u32))
}

// ---------------------------------------------------------------------------
// Directory
// ---------------------------------------------------------------------------

/// The planned directory, in the order of [`DISTRICTS`], [`DEPARTMENTS`] and [`OFFICERS`].
struct Directory {
    districts: Vec<district::Model>,
    departments: Vec<department::Model>,
    officers: Vec<officer::Model>,
}

impl Directory {
    fn summary(&self) -> DirectorySummary {
        DirectorySummary {
            districts: self.districts.len(),
            departments: self.departments.len(),
            officers: self.officers.len(),
        }
    }

    /// Indices of the active officers of a department with the given role.
    fn staff(&self, dept: usize, role: Option<Role>) -> Vec<usize> {
        OFFICERS
            .iter()
            .enumerate()
            .filter(|(_, o)| o.dept == dept && o.active && role.is_none_or(|r| o.role == r))
            .map(|(i, _)| i)
            .collect()
    }

    /// Officers who work inquiries in a department (role OFFICER, or anyone active there).
    fn handlers(&self, dept: usize) -> Vec<usize> {
        let officers = self.staff(dept, Some(Role::Officer));
        if officers.is_empty() {
            self.staff(dept, None)
        } else {
            officers
        }
    }

    /// The supervisor who routes an inquiry of `district` (index into [`DISTRICTS`]).
    fn supervisor_for(&self, district: usize) -> usize {
        let dept = if district == 0 {
            DEPT_110
        } else {
            bureau_of(district)
        };
        self.staff(dept, Some(Role::Supervisor))
            .first()
            .copied()
            .unwrap_or(ADMIN)
    }
}

/// The county bureau (index into [`DEPARTMENTS`]) of a county (index into [`DISTRICTS`], 1..=8).
fn bureau_of(district: usize) -> usize {
    FIRST_BUREAU + district - 1
}

/// Badge number: `0`, then 5 digits (department and sequence within it).
fn badge_number(dept: usize, seq: usize) -> String {
    format!("04{dept:02}{seq:02}")
}

fn plan_directory(at: DateTime<Utc>) -> Directory {
    let mut tick = 0i64;
    let mut next = || {
        tick += 1;
        let t = (at + Duration::seconds(tick)).trunc_subsecs(6);
        (id_at(t), t)
    };
    let mut districts: Vec<district::Model> = Vec::with_capacity(DISTRICTS.len());
    for spec in DISTRICTS {
        let (id, t) = next();
        let parent_id = if spec.code == CITY_CODE {
            None
        } else {
            districts.first().map(|c| c.id)
        };
        districts.push(district::Model {
            id,
            code: spec.code.to_owned(),
            name: spec.name.to_owned(),
            parent_id,
            created_at: t,
            updated_at: t,
        });
    }
    let departments: Vec<department::Model> = DEPARTMENTS
        .iter()
        .map(|spec| {
            let (id, t) = next();
            let district_id = DISTRICTS
                .iter()
                .position(|d| d.code == spec.district_code)
                .map(|i| districts[i].id)
                .unwrap_or(districts[0].id);
            department::Model {
                id,
                name: spec.name.to_owned(),
                kind: spec.kind,
                district_id,
                active: true,
                created_at: t,
                updated_at: t,
            }
        })
        .collect();
    let mut seq_in_dept = vec![0usize; DEPARTMENTS.len()];
    let officers = OFFICERS
        .iter()
        .map(|spec| {
            let (id, t) = next();
            seq_in_dept[spec.dept] += 1;
            officer::Model {
                id,
                real_name: spec.real_name.to_owned(),
                badge_number: badge_number(spec.dept, seq_in_dept[spec.dept]),
                duty_name: spec.duty_name.to_owned(),
                department_id: departments[spec.dept].id,
                role: spec.role,
                expert: spec.specialty.is_some(),
                specialty: spec.specialty.map(str::to_owned),
                spokesperson: spec.spokesperson,
                active: spec.active,
                created_at: t,
                // The deactivated officer was changed later than created.
                updated_at: if spec.active {
                    t
                } else {
                    t + Duration::days(300)
                },
            }
        })
        .collect();
    Directory {
        districts,
        departments,
        officers,
    }
}

// ---------------------------------------------------------------------------
// Demo activity
// ---------------------------------------------------------------------------

/// How far back the demo inquiries go.
const DEMO_DAYS: i64 = 90;

/// Inquiries per final status (300 in all); MERGED ones are duplicates of earlier ones.
const STATUS_PLAN: [(InquiryStatus, usize); 9] = [
    (InquiryStatus::New, 24),
    (InquiryStatus::Assigned, 24),
    (InquiryStatus::InProgress, 36),
    (InquiryStatus::Answered, 30),
    (InquiryStatus::Resolved, 54),
    (InquiryStatus::Closed, 105),
    (InquiryStatus::Rejected, 9),
    (InquiryStatus::Merged, 9),
    (InquiryStatus::Reopened, 9),
];

/// Everything the demo planner reads besides the directory.
#[derive(Clone, Copy)]
struct DemoContext<'a> {
    rules: &'a HashMap<(InquiryKind, Priority), SlaRule>,
    calendar: &'a WorkingCalendar,
    tz: Tz,
    now: DateTime<Utc>,
    codes: &'a TrackingCodes,
}

/// Rows to insert, in an order that satisfies every foreign key.
#[derive(Default)]
struct DemoPlan {
    answer_entries: Vec<answer_entry::Model>,
    answer_versions: Vec<answer_entry_version::Model>,
    inquiries: Vec<inquiry::Model>,
    merged_inquiries: Vec<inquiry::Model>,
    events: Vec<inquiry_event::Model>,
    replies: Vec<reply::Model>,
    correcting_replies: Vec<reply::Model>,
    feedback: Vec<feedback::Model>,
    shifts: Vec<duty_shift::Model>,
    swapped_shifts: Vec<duty_shift::Model>,
    announcements: Vec<announcement::Model>,
    corrections: Vec<announcement::Model>,
    sample_tracking: Vec<(String, String)>,
}

/// Who submitted an inquiry.
#[derive(Clone)]
enum Submitter {
    Anonymous,
    Citizen(String),
    Partner,
}

impl Submitter {
    fn label(&self) -> String {
        match self {
            Self::Anonymous => "anonymous".to_owned(),
            Self::Citizen(subject) => format!("citizen:{subject}"),
            Self::Partner => format!("partner:{DEMO_PARTNER}"),
        }
    }

    fn actor_kind(&self) -> ActorKind {
        match self {
            Self::Anonymous => ActorKind::Anonymous,
            Self::Citizen(_) => ActorKind::Citizen,
            Self::Partner => ActorKind::Partner,
        }
    }
}

/// Who performs a step of an inquiry's history.
#[derive(Clone, Copy)]
enum Who {
    Submitter,
    Officer(usize),
    System,
}

struct ReplyPlan {
    officer: usize,
    dept: usize,
    visibility: ReplyVisibility,
    body: String,
    answer: Option<usize>,
    correction_reason: Option<String>,
}

struct FeedbackPlan {
    satisfaction: Satisfaction,
    reason: Option<String>,
    comment: Option<String>,
}

/// One step of an inquiry's history; becomes an `inquiry_event` (and a reply or feedback row).
struct Step {
    at: DateTime<Utc>,
    kind: EventKind,
    who: Who,
    note: Option<String>,
    data: Option<serde_json::Value>,
    reply: Option<ReplyPlan>,
    feedback: Option<FeedbackPlan>,
}

impl Step {
    fn new(at: DateTime<Utc>, kind: EventKind, who: Who) -> Self {
        Self {
            at,
            kind,
            who,
            note: None,
            data: None,
            reply: None,
            feedback: None,
        }
    }

    fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    fn data(mut self, data: serde_json::Value) -> Self {
        self.data = Some(data);
        self
    }
}

/// An inquiry being planned: what the citizen sent, before its history.
struct Draft {
    reference: String,
    topic: &'static Topic,
    status: InquiryStatus,
    district: usize,
    place: &'static str,
    created: DateTime<Utc>,
    channel: Channel,
    protect_identity: bool,
    /// The department that ends up handling it (index into [`DEPARTMENTS`]).
    handler: usize,
    first_due: DateTime<Utc>,
    due: DateTime<Utc>,
}

struct Planner<'a> {
    rng: StdRng,
    dir: &'a Directory,
    ctx: DemoContext<'a>,
    references: HashSet<String>,
    partner_seq: u32,
    entry_uses: Vec<i32>,
    plan: DemoPlan,
    /// Planned (not merged) inquiries with their topic and place, for picking merge targets.
    drafts: Vec<(usize, &'static Topic, &'static str)>,
    corrections_left: usize,
}

fn plan_demo(dir: &Directory, ctx: DemoContext<'_>) -> DemoPlan {
    let mut p = Planner {
        rng: StdRng::seed_from_u64(DEMO_SEED),
        dir,
        ctx,
        references: HashSet::new(),
        partner_seq: 0,
        entry_uses: vec![0; ANSWERS.len()],
        plan: DemoPlan::default(),
        drafts: Vec::new(),
        corrections_left: 2,
    };
    p.plan_answer_entries();
    let mut statuses: Vec<InquiryStatus> = STATUS_PLAN
        .iter()
        .filter(|(s, _)| *s != InquiryStatus::Merged)
        .flat_map(|(s, n)| std::iter::repeat_n(*s, *n))
        .collect();
    statuses.shuffle(&mut p.rng);
    for status in statuses {
        p.plan_inquiry(status);
    }
    let merged = STATUS_PLAN
        .iter()
        .find(|(s, _)| *s == InquiryStatus::Merged)
        .map(|(_, n)| *n)
        .unwrap_or(0);
    for _ in 0..merged {
        p.plan_merged();
    }
    p.finish_answer_entries();
    p.plan_shifts();
    p.plan_announcements();
    p.plan.inquiries.sort_by_key(|q| (q.created_at, q.id));
    p.plan.events.sort_by_key(|e| (e.created_at, e.id));
    p.pick_samples();
    p.plan
}

impl Planner<'_> {
    fn id(&mut self, at: DateTime<Utc>) -> Uuid {
        id_at(at)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        if hi <= lo {
            lo
        } else {
            self.rng.random_range(lo..hi)
        }
    }

    fn hours(&mut self, lo: f64, hi: f64) -> Duration {
        Duration::seconds((self.between(lo, hi) * 3600.0) as i64)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        *items.choose(&mut self.rng).unwrap_or(&items[0])
    }

    fn officer_subject(&self, idx: usize) -> String {
        format!("officer:{}", self.dir.officers[idx].badge_number)
    }

    fn rule(&self, kind: InquiryKind, priority: Priority) -> SlaRule {
        self.ctx
            .rules
            .get(&(kind, priority))
            .copied()
            .unwrap_or(SlaRule {
                first_response_hours: 24,
                resolution_amount: 5,
                resolution_unit: entity::ResolutionUnit::WorkingDays,
            })
    }

    fn deadlines(
        &self,
        kind: InquiryKind,
        priority: Priority,
        at: DateTime<Utc>,
    ) -> (DateTime<Utc>, DateTime<Utc>) {
        let (first, due) = deadline::deadlines(
            self.rule(kind, priority),
            self.ctx.calendar,
            self.ctx.tz,
            at,
        );
        (first.trunc_subsecs(6), due.trunc_subsecs(6))
    }

    fn unique_reference(&mut self, at: DateTime<Utc>) -> String {
        loop {
            let r = new_reference(at);
            if self.references.insert(r.clone()) {
                return r;
            }
        }
    }

    // --- answer library ----------------------------------------------------

    fn plan_answer_entries(&mut self) {
        let now = self.ctx.now;
        for spec in ANSWERS {
            let author = self
                .dir
                .staff(spec.dept, None)
                .into_iter()
                .find(|&i| OFFICERS[i].specialty.is_some())
                .unwrap_or(SPOKESPERSON);
            let (created, approved_at, retired_at) = match spec.status {
                AnswerStatus::Draft | AnswerStatus::InReview => {
                    (now - self.hours(24.0 * 2.0, 24.0 * 10.0), None, None)
                }
                AnswerStatus::Retired => {
                    let created = now - Duration::days(420);
                    (
                        created,
                        Some(created + Duration::days(3)),
                        Some(now - self.hours(24.0 * 30.0, 24.0 * 60.0)),
                    )
                }
                AnswerStatus::Approved => {
                    let created = now - self.hours(24.0 * 100.0, 24.0 * 240.0);
                    (created, Some(created + self.hours(24.0, 24.0 * 5.0)), None)
                }
            };
            let created = created.trunc_subsecs(6);
            let approved_at = approved_at.map(|t| t.trunc_subsecs(6));
            let retired_at = retired_at.map(|t| t.trunc_subsecs(6));
            let updated = retired_at.or(approved_at).unwrap_or(created);
            let id = self.id(created);
            let approved = approved_at.is_some();
            self.plan.answer_entries.push(answer_entry::Model {
                id,
                title: spec.title.to_owned(),
                question: spec.question.to_owned(),
                answer: spec.answer.to_owned(),
                category: spec.category.to_owned(),
                keywords: spec.keywords.to_owned(),
                department_id: self.dir.departments[spec.dept].id,
                status: spec.status,
                version: 1,
                approved_version: approved.then_some(1),
                author_id: self.dir.officers[author].id,
                approved_by_id: approved.then(|| self.dir.officers[ADMIN].id),
                approved_at,
                retired_at,
                use_count: 0,
                created_at: created,
                updated_at: updated,
            });
            let version_id = self.id(created);
            self.plan.answer_versions.push(answer_entry_version::Model {
                id: version_id,
                answer_entry_id: id,
                version: 1,
                title: spec.title.to_owned(),
                question: spec.question.to_owned(),
                answer: spec.answer.to_owned(),
                category: spec.category.to_owned(),
                keywords: spec.keywords.to_owned(),
                author_id: self.dir.officers[author].id,
                created_at: created,
                updated_at: created,
            });
        }
    }

    /// Use counts: replies of the demo that quoted the entry, plus earlier use.
    fn finish_answer_entries(&mut self) {
        for (i, spec) in ANSWERS.iter().enumerate() {
            let earlier = match spec.status {
                AnswerStatus::Approved => self.rng.random_range(6..90),
                AnswerStatus::Retired => self.rng.random_range(40..160),
                _ => 0,
            };
            self.plan.answer_entries[i].use_count = self.entry_uses[i] + earlier;
        }
    }

    /// The approved library entry a topic's replies may quote.
    fn entry_for(&self, topic: &Topic) -> Option<usize> {
        let key = topic.answer?;
        ANSWERS
            .iter()
            .position(|a| a.key == key && a.status == AnswerStatus::Approved)
    }

    // --- inquiries ---------------------------------------------------------

    fn pick_topic(&mut self, status: InquiryStatus) -> &'static Topic {
        if status == InquiryStatus::Rejected && self.chance(0.75) {
            return &OUT_OF_SCOPE[self.rng.random_range(0..OUT_OF_SCOPE.len())];
        }
        const KINDS: [(InquiryKind, u32); 5] = [
            (InquiryKind::Consultation, 50),
            (InquiryKind::Complaint, 20),
            (InquiryKind::Report, 15),
            (InquiryKind::Suggestion, 8),
            (InquiryKind::Praise, 7),
        ];
        let weights = if status == InquiryStatus::Rejected {
            // Refused on procedure (already handled, in court): complaints and tip-offs.
            KINDS.map(|(k, w)| {
                if matches!(k, InquiryKind::Complaint | InquiryKind::Report) {
                    w
                } else {
                    0
                }
            })
        } else {
            KINDS.map(|(_, w)| w)
        };
        let kind = KINDS[pick_weighted(&mut self.rng, &weights)].0;
        let of_kind: Vec<&'static Topic> = TOPICS.iter().filter(|t| t.kind == kind).collect();
        let weights: Vec<u32> = of_kind.iter().map(|t| t.weight).collect();
        of_kind[pick_weighted(&mut self.rng, &weights)]
    }

    /// A message of the topic: the subject that goes with the body.
    fn pick_message(&mut self, topic: &'static Topic) -> (&'static str, &'static str) {
        let i = self.rng.random_range(0..topic.bodies.len());
        (topic.subjects[i % topic.subjects.len()], topic.bodies[i])
    }

    fn pick_district(&mut self, topic: &Topic) -> usize {
        if matches!(topic.handler, Handler::Division(_)) && self.chance(0.2) {
            return 0;
        }
        let weights: Vec<u32> = DISTRICTS[1..].iter().map(|d| d.weight).collect();
        1 + pick_weighted(&mut self.rng, &weights)
    }

    /// When an inquiry of this status was received: open ones are recent.
    fn created_for(&mut self, status: InquiryStatus) -> DateTime<Utc> {
        let (lo, hi) = match status {
            InquiryStatus::New if self.chance(0.15) => (4.0, 9.0),
            InquiryStatus::New => (0.02, 1.5),
            InquiryStatus::Assigned => (0.1, 3.0),
            InquiryStatus::InProgress => (0.3, 6.0),
            InquiryStatus::Answered => (0.5, 6.0),
            InquiryStatus::Resolved => (1.0, 14.0),
            InquiryStatus::Reopened => (3.0, 30.0),
            InquiryStatus::Closed => (16.0, DEMO_DAYS as f64),
            _ => (1.0, DEMO_DAYS as f64),
        };
        let now = self.ctx.now;
        let day = now - self.hours(lo * 24.0, hi * 24.0);
        // Citizens write between half past seven and eleven at night.
        let date = day.with_timezone(&self.ctx.tz).date_naive();
        let minute_of_day = self.rng.random_range(450..1380);
        let at = local_at(self.ctx.tz, date, minute_of_day / 60, minute_of_day % 60);
        let at = if at > now - Duration::minutes(15) {
            now - self.hours(0.25, 1.5)
        } else {
            at
        };
        at.trunc_subsecs(6)
    }

    fn pick_priority(&mut self, kind: InquiryKind) -> Priority {
        let weights: [u32; 4] = match kind {
            InquiryKind::Report => [0, 58, 35, 7],
            InquiryKind::Complaint => [2, 80, 16, 2],
            InquiryKind::Consultation => [6, 88, 5, 1],
            InquiryKind::Suggestion | InquiryKind::Praise => [40, 60, 0, 0],
        };
        [
            Priority::Low,
            Priority::Normal,
            Priority::High,
            Priority::Urgent,
        ][pick_weighted(&mut self.rng, &weights)]
    }

    fn pick_submitter(&mut self) -> (Submitter, Channel) {
        let roll = self.rng.random_range(0..100);
        if roll < 15 {
            return (Submitter::Partner, Channel::Partner);
        }
        if roll < 30 {
            let n = self.rng.random_range(1..=20);
            return (
                Submitter::Citizen(format!("app-user-{n:03}")),
                Channel::MobileApp,
            );
        }
        const CHANNELS: [(Channel, u32); 7] = [
            (Channel::SinaWeibo, 30),
            (Channel::TencentWeibo, 10),
            (Channel::Wechat, 28),
            (Channel::PrivateMessage, 12),
            (Channel::Mailbox, 8),
            (Channel::Hotline, 12),
            (Channel::MobileApp, 5),
        ];
        (
            Submitter::Anonymous,
            CHANNELS[pick_weighted(&mut self.rng, &CHANNELS.map(|(_, w)| w))].0,
        )
    }

    fn citizen_name(&mut self) -> String {
        let surname = self.pick(&SURNAMES);
        let given = self.pick(&GIVEN_NAMES);
        format!("{surname}{given}")
    }

    fn dressed_body(&mut self, channel: Channel, body: String) -> String {
        match channel {
            Channel::SinaWeibo | Channel::TencentWeibo => format!("@平安肇庆 {body}"),
            Channel::Partner => format!("【12345热线转办】市民来电反映：{body}"),
            Channel::Hotline => format!("（来电记录）{body}"),
            Channel::Mailbox => format!("平安肇庆问政邮箱来信：{body}"),
            _ => body,
        }
    }

    fn handler_of(topic: &Topic, district: usize) -> usize {
        match topic.handler {
            Handler::Division(d) => d,
            Handler::Bureau if district == 0 => DEPT_110,
            Handler::Bureau => bureau_of(district),
        }
    }

    fn plan_inquiry(&mut self, status: InquiryStatus) {
        let topic = self.pick_topic(status);
        let district = self.pick_district(topic);
        let place = self.pick(DISTRICTS[district].places);
        let created = self.created_for(status);
        let (subject_template, body_template) = self.pick_message(topic);
        self.plan_with(
            Some(status),
            topic,
            district,
            place,
            created,
            subject_template,
            body_template,
            None,
        );
    }

    /// A duplicate of an earlier inquiry, merged into it.
    fn plan_merged(&mut self) {
        let now = self.ctx.now;
        let candidates: Vec<usize> = (0..self.drafts.len())
            .filter(|&i| {
                let q = &self.plan.inquiries[self.drafts[i].0];
                !matches!(q.status, InquiryStatus::Rejected | InquiryStatus::New)
                    && q.created_at < now - Duration::hours(6)
                    && q.created_at > now - Duration::days(60)
            })
            .collect();
        let Some(&chosen) = candidates.choose(&mut self.rng) else {
            return;
        };
        let (target_idx, topic, place) = self.drafts[chosen];
        let target = self.plan.inquiries[target_idx].clone();
        let room = ((now - target.created_at).num_minutes() as f64 / 60.0 - 2.0).clamp(0.5, 36.0);
        let created = (target.created_at + self.hours(0.5, room)).trunc_subsecs(6);
        let (subject_template, body_template) = self.pick_message(topic);
        let district = self
            .dir
            .districts
            .iter()
            .position(|d| d.id == target.district_id)
            .unwrap_or(0);
        self.plan_with(
            None,
            topic,
            district,
            place,
            created,
            subject_template,
            body_template,
            Some(target),
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn plan_with(
        &mut self,
        status: Option<InquiryStatus>,
        topic: &'static Topic,
        district: usize,
        place: &'static str,
        created: DateTime<Utc>,
        subject_template: &str,
        body_template: &str,
        merge_target: Option<inquiry::Model>,
    ) {
        let status = status.unwrap_or(InquiryStatus::Merged);
        let (submitter, channel) = self.pick_submitter();
        let priority = self.pick_priority(topic.kind);
        let (first_due, due) = self.deadlines(topic.kind, priority, created);
        let id = self.id(created);
        let reference = self.unique_reference(created);
        let anonymous = !matches!(submitter, Submitter::Citizen(_))
            && self.chance(if topic.kind == InquiryKind::Report {
                0.35
            } else {
                0.08
            });
        let protect_identity = topic.kind == InquiryKind::Report && !anonymous && self.chance(0.6);
        let (citizen_name, citizen_phone) = if anonymous {
            (None, None)
        } else {
            let roll = self.rng.random_range(0..100);
            let always = matches!(submitter, Submitter::Partner | Submitter::Citizen(_));
            if always || roll < 82 {
                (Some(self.citizen_name()), Some(mobile(&mut self.rng)))
            } else if roll < 93 {
                (None, Some(mobile(&mut self.rng)))
            } else {
                (None, None)
            }
        };
        let spec = &DISTRICTS[district];
        let values = [("place", place), ("district", spec.name)];
        let subject = fill(subject_template, &values);
        let body = fill(body_template, &values);
        let body = self.dressed_body(channel, body);
        let (latitude, longitude) = if channel == Channel::MobileApp || self.chance(0.2) {
            let lat = spec.lat + self.between(-0.03, 0.03);
            let lon = spec.lon + self.between(-0.03, 0.03);
            (
                Some((lat * 1e5).round() / 1e5),
                Some((lon * 1e5).round() / 1e5),
            )
        } else {
            (None, None)
        };
        let external_ref = if matches!(submitter, Submitter::Partner) {
            self.partner_seq += 1;
            Some(format!(
                "HL{}{:04}",
                created.with_timezone(&self.ctx.tz).year(),
                self.partner_seq
            ))
        } else {
            None
        };
        let handler = match &merge_target {
            Some(t) => t
                .department_id
                .and_then(|d| self.dir.departments.iter().position(|x| x.id == d))
                .unwrap_or_else(|| Self::handler_of(topic, district)),
            None => Self::handler_of(topic, district),
        };
        let draft = Draft {
            reference: reference.clone(),
            topic,
            status,
            district,
            place,
            created,
            channel,
            protect_identity,
            handler,
            first_due,
            due,
        };
        let steps = match &merge_target {
            Some(target) => self.merged_history(&draft, target),
            None => self.history(&draft),
        };
        let (steps, escalated_at) = self.fit_and_escalate(&draft, steps);
        let location_text = self.chance(0.85).then(|| place.to_owned());

        // Materialize the history: events, replies, feedback.
        let mut first_responded_at = None;
        let mut resolved_at = None;
        let mut closed_at = None;
        let mut reopened_at = None;
        let mut department_id = None;
        let mut officer_id = None;
        let mut resolution = None;
        let mut last_reply: Option<Uuid> = None;
        let last_at = steps.last().map_or(created, |s| s.at);
        let version = i32::try_from(steps.len()).unwrap_or(i32::MAX);
        for step in steps {
            let event_id = self.id(step.at);
            let mut data = step.data;
            let mut public = event_is_public(step.kind);
            match step.kind {
                EventKind::Assigned | EventKind::TransferAccepted | EventKind::Merged => {
                    if let Some(dept) = data
                        .as_ref()
                        .and_then(|d| d.get("departmentId"))
                        .and_then(|v| v.as_str())
                    {
                        department_id = dept.parse::<Uuid>().ok();
                    }
                }
                EventKind::WorkStarted => {
                    if let Who::Officer(o) = step.who {
                        officer_id = Some(self.dir.officers[o].id);
                    }
                }
                EventKind::Resolved => {
                    resolved_at = Some(step.at);
                    resolution = step.note.clone();
                }
                EventKind::Closed => closed_at = Some(step.at),
                EventKind::Rejected => resolution = step.note.clone(),
                EventKind::Reopened => {
                    reopened_at = Some(step.at);
                    resolved_at = None;
                    resolution = None;
                }
                _ => {}
            }
            if let Some(r) = step.reply {
                let reply_id = self.id(step.at);
                public = public && r.visibility != ReplyVisibility::Internal;
                if r.visibility != ReplyVisibility::Internal && first_responded_at.is_none() {
                    first_responded_at = Some(step.at);
                }
                let corrects = if r.correction_reason.is_some() {
                    last_reply
                } else {
                    None
                };
                data = Some(match corrects {
                    Some(c) => {
                        json!({ "replyId": reply_id, "correctsReplyId": c, "visibility": r.visibility.as_str() })
                    }
                    None => json!({ "replyId": reply_id, "visibility": r.visibility.as_str() }),
                });
                if let Some(e) = r.answer {
                    self.entry_uses[e] += 1;
                }
                let row = reply::Model {
                    id: reply_id,
                    inquiry_id: id,
                    officer_id: self.dir.officers[r.officer].id,
                    department_id: self.dir.departments[r.dept].id,
                    visibility: r.visibility,
                    body: r.body,
                    answer_entry_id: r.answer.map(|e| self.plan.answer_entries[e].id),
                    answer_entry_version: r.answer.map(|_| 1),
                    corrects_reply_id: corrects,
                    correction_reason: r.correction_reason,
                    created_at: step.at,
                    updated_at: step.at,
                };
                if row.corrects_reply_id.is_some() {
                    self.plan.correcting_replies.push(row);
                } else {
                    if row.visibility != ReplyVisibility::Internal {
                        last_reply = Some(reply_id);
                    }
                    self.plan.replies.push(row);
                }
            }
            if let Some(f) = step.feedback {
                let feedback_id = self.id(step.at);
                data = Some(
                    json!({ "feedbackId": feedback_id, "satisfaction": f.satisfaction.as_str() }),
                );
                self.plan.feedback.push(feedback::Model {
                    id: feedback_id,
                    inquiry_id: id,
                    satisfaction: f.satisfaction,
                    reason: f.reason,
                    comment: f.comment,
                    rated_by: Some(submitter.label()),
                    created_at: step.at,
                    updated_at: step.at,
                });
            }
            let (actor_kind, actor_officer_id, actor_subject) = match step.who {
                Who::Submitter => (submitter.actor_kind(), None, Some(submitter.label())),
                Who::Officer(o) => (
                    ActorKind::Officer,
                    Some(self.dir.officers[o].id),
                    Some(self.officer_subject(o)),
                ),
                Who::System => (ActorKind::System, None, Some("system".to_owned())),
            };
            self.plan.events.push(inquiry_event::Model {
                id: event_id,
                inquiry_id: id,
                kind: step.kind,
                actor_kind,
                actor_officer_id,
                actor_subject,
                public,
                note: step.note,
                data,
                created_at: step.at,
                updated_at: step.at,
            });
        }
        // A reopened inquiry runs against a fresh deadline from the day it was reopened.
        let (clock_start, due_at) = match reopened_at {
            Some(at) => (at, self.deadlines(topic.kind, priority, at).1),
            None => (created, due),
        };
        let row = inquiry::Model {
            id,
            reference,
            tracking_code_hash: TrackingCodes::hash(&draft.reference, &self.ctx.codes.code_for(id)),
            kind: topic.kind,
            channel,
            external_ref,
            subject,
            body,
            category: Some(topic.category.to_owned()),
            district_id: self.dir.districts[district].id,
            location_text,
            latitude,
            longitude,
            citizen_name,
            citizen_phone,
            citizen_subject: match &submitter {
                Submitter::Citizen(s) => Some(s.clone()),
                _ => None,
            },
            submitter: submitter.label(),
            anonymous,
            protect_identity,
            status,
            priority,
            department_id,
            officer_id,
            pending_transfer_department_id: None,
            pending_transfer_district_id: None,
            pending_extension_days: None,
            first_response_due_at: Some(first_due),
            due_at: Some(due_at),
            due_soon_at: Some(due_soon_at(clock_start, due_at).trunc_subsecs(6)),
            paused_at: None,
            first_responded_at,
            resolved_at,
            closed_at,
            escalated_at,
            resolution,
            reopened_count: i32::from(reopened_at.is_some()),
            merged_into_id: merge_target.as_ref().map(|t| t.id),
            submitted_by_partner: matches!(submitter, Submitter::Partner)
                .then(|| DEMO_PARTNER.to_owned()),
            idempotency_key: None,
            request_hash: None,
            version,
            created_at: created,
            updated_at: last_at,
        };
        if merge_target.is_some() {
            self.plan.merged_inquiries.push(row);
        } else {
            self.drafts.push((self.plan.inquiries.len(), topic, place));
            self.plan.inquiries.push(row);
        }
    }

    /// Fits the history before now and adds the escalation of an overdue inquiry.
    fn fit_and_escalate(
        &mut self,
        q: &Draft,
        mut steps: Vec<Step>,
    ) -> (Vec<Step>, Option<DateTime<Utc>>) {
        let limit = self.ctx.now - Duration::minutes(10);
        let times: Vec<DateTime<Utc>> = steps.iter().map(|s| s.at).collect();
        for (step, at) in steps.iter_mut().zip(fit_before(q.created, &times, limit)) {
            step.at = at;
        }
        if matches!(q.status, InquiryStatus::Rejected | InquiryStatus::Merged) {
            return (steps, None);
        }
        let settled = steps
            .iter()
            .find(|s| s.kind == EventKind::Resolved)
            .map_or(self.ctx.now, |s| s.at);
        let at = (q.due + Duration::hours(1)).trunc_subsecs(6);
        if at >= settled || at >= limit {
            return (steps, None);
        }
        let supervisor = self.dir.supervisor_for(q.district);
        let step = Step::new(at, EventKind::Escalated, Who::System)
            .note(format!(
                "已超过办结期限，提请{}督办",
                self.dir.officers[supervisor].duty_name
            ))
            .data(json!({ "dueAt": q.due, "supervisorId": self.dir.officers[supervisor].id }));
        let pos = steps.iter().position(|s| s.at > at).unwrap_or(steps.len());
        steps.insert(pos, step);
        // Keep times strictly increasing around the inserted step.
        let times: Vec<DateTime<Utc>> = steps.iter().map(|s| s.at).collect();
        for (step, at) in steps
            .iter_mut()
            .zip(fit_before(q.created, &times, self.ctx.now))
        {
            step.at = at;
        }
        (steps, Some(at))
    }

    fn received(&self, q: &Draft) -> Step {
        Step::new(q.created, EventKind::Received, Who::Submitter)
            .data(json!({ "channel": q.channel.as_str(), "kind": q.topic.kind.as_str() }))
    }

    fn assigned(&self, at: DateTime<Utc>, by: usize, dept: usize) -> Step {
        let d = &self.dir.departments[dept];
        Step::new(at, EventKind::Assigned, Who::Officer(by))
            .note(format!("转{}办理", d.name))
            .data(json!({ "departmentId": d.id.to_string(), "departmentName": d.name }))
    }

    fn reply_step(
        &mut self,
        at: DateTime<Utc>,
        q: &Draft,
        officer: usize,
        visibility: ReplyVisibility,
        body: String,
    ) -> Step {
        let mut step = Step::new(at, EventKind::Replied, Who::Officer(officer));
        step.reply = Some(ReplyPlan {
            officer,
            dept: q.handler,
            visibility,
            body,
            answer: None,
            correction_reason: None,
        });
        step
    }

    fn fill_for(&self, template: &str, q: &Draft, officer: usize) -> String {
        let dept = &self.dir.departments[q.handler].name;
        let duty = &self.dir.officers[officer].duty_name;
        fill(
            template,
            &[
                ("place", q.place),
                ("district", DISTRICTS[q.district].name),
                ("department", dept),
                ("dutyName", duty),
                ("reference", &q.reference),
            ],
        )
    }

    /// The history of an inquiry up to its final status.
    fn history(&mut self, q: &Draft) -> Vec<Step> {
        let mut steps = vec![self.received(q)];
        let first_window = q.first_due - q.created;
        let mut t = q.created;
        let supervisor = self.dir.supervisor_for(q.district);
        match q.status {
            InquiryStatus::New => return steps,
            InquiryStatus::Rejected => {
                let reason = match q.topic.reject_reason {
                    Some(r) => r,
                    None => self.pick(&GENERIC_REJECT_REASONS),
                };
                t += frac(first_window, self.between(0.05, 0.5));
                steps.push(
                    Step::new(t, EventKind::Rejected, Who::Officer(supervisor))
                        .note(reason)
                        .data(json!({ "reason": reason })),
                );
                return steps;
            }
            _ => {}
        }

        // Routing: some go first to the county bureau and are transferred to the division.
        let transfer = q.handler < FIRST_BUREAU
            && q.handler != DEPT_PR
            && q.district != 0
            && matches!(
                q.status,
                InquiryStatus::Resolved | InquiryStatus::Closed | InquiryStatus::Answered
            )
            && self.chance(0.12);
        let first_dept = if transfer {
            bureau_of(q.district)
        } else {
            q.handler
        };
        let assigner = if first_dept >= FIRST_BUREAU {
            supervisor
        } else {
            self.dir.supervisor_for(0)
        };
        t += frac(first_window, self.between(0.02, 0.2));
        steps.push(self.assigned(t, assigner, first_dept));
        if q.status == InquiryStatus::Assigned {
            return steps;
        }
        if transfer {
            let from = self.pick(&self.dir.handlers(first_dept));
            let to = &self.dir.departments[q.handler];
            t += frac(first_window, self.between(0.05, 0.15));
            // A city division serves every county: the inquiry keeps its district.
            let district = &self.dir.districts[q.district];
            let moved = json!({
                "fromDistrictId": district.id.to_string(), "fromDistrictCode": district.code,
                "toDistrictId": district.id.to_string(), "toDistrictCode": district.code,
            });
            let with_move = |mut data: serde_json::Value| {
                if let (Some(d), Some(m)) = (data.as_object_mut(), moved.as_object()) {
                    d.extend(m.clone());
                }
                data
            };
            let from_id = self.dir.departments[first_dept].id.to_string();
            steps.push(
                Step::new(t, EventKind::TransferRequested, Who::Officer(from))
                    .note(format!("该事项属{}职责范围，申请转办", to.name))
                    .data(with_move(json!({
                        "fromDepartmentId": from_id,
                        "toDepartmentId": to.id.to_string(),
                        "toDepartment": to.name,
                    }))),
            );
            let accepter = self.pick(&self.dir.handlers(q.handler));
            t += frac(first_window, self.between(0.05, 0.15));
            steps.push(
                Step::new(t, EventKind::TransferAccepted, Who::Officer(accepter))
                    .note("已接收转办")
                    .data(with_move(json!({
                        "fromDepartmentId": from_id,
                        "toDepartmentId": to.id.to_string(),
                        "departmentId": to.id.to_string(),
                        "department": to.name,
                    }))),
            );
        }
        let officer = self.pick(&self.dir.handlers(q.handler));
        t += frac(first_window, self.between(0.03, 0.25));
        steps.push(
            Step::new(t, EventKind::WorkStarted, Who::Officer(officer))
                .data(json!({ "officerId": self.dir.officers[officer].id.to_string() })),
        );
        if q.status == InquiryStatus::InProgress {
            return steps;
        }

        // Replies.
        if self.chance(0.25) {
            t += frac(first_window, self.between(0.05, 0.2));
            let template = self.pick(&INTERNAL_NOTES);
            let note = self.fill_for(template, q, officer);
            steps.push(self.reply_step(t, q, officer, ReplyVisibility::Internal, note));
        }
        let private = q.protect_identity || self.chance(0.12);
        let visibility = if private {
            ReplyVisibility::Private
        } else {
            ReplyVisibility::Public
        };
        if matches!(q.topic.kind, InquiryKind::Complaint | InquiryKind::Report) && self.chance(0.4)
        {
            t += frac(first_window, self.between(0.05, 0.25));
            let template = self.pick(&ACKNOWLEDGEMENTS);
            let ack = self.fill_for(template, q, officer);
            steps.push(self.reply_step(t, q, officer, visibility, ack));
        }
        let late_reply = self.chance(0.1);
        t = if late_reply {
            t.max(q.first_due) + self.hours(1.0, 30.0)
        } else {
            t + frac(first_window, self.between(0.05, 0.3))
        };
        let entry = self
            .entry_for(q.topic)
            .filter(|_| self.rng.random_bool(0.55));
        let body = match entry {
            Some(e) => self.fill_for(ANSWERS[e].answer, q, officer),
            None => {
                let template = self.pick(q.topic.replies);
                self.fill_for(template, q, officer)
            }
        };
        let mut step = self.reply_step(t, q, officer, visibility, body);
        if let Some(r) = step.reply.as_mut() {
            r.answer = entry;
        }
        steps.push(step);
        if q.topic.kind == InquiryKind::Consultation
            && matches!(q.status, InquiryStatus::Closed | InquiryStatus::Resolved)
            && self.corrections_left > 0
        {
            self.corrections_left -= 1;
            t += self.hours(1.0, 6.0);
            let body = self.fill_for(CORRECTION_BODY, q, officer);
            let mut step = Step::new(t, EventKind::ReplyCorrected, Who::Officer(officer))
                .note(CORRECTION_REASON);
            step.reply = Some(ReplyPlan {
                officer,
                dept: q.handler,
                visibility,
                body,
                answer: None,
                correction_reason: Some(CORRECTION_REASON.to_owned()),
            });
            steps.push(step);
        }
        if q.status == InquiryStatus::Answered {
            return steps;
        }

        // Result.
        let late = self.chance(0.1);
        t = if late {
            t.max(q.due) + self.hours(2.0, 96.0)
        } else {
            let left = if q.due > t {
                q.due - t
            } else {
                Duration::hours(6)
            };
            t + frac(left, self.between(0.1, 0.7))
        };
        let resolution = self.pick(q.topic.resolutions);
        steps.push(
            Step::new(t, EventKind::Resolved, Who::Officer(officer))
                .note(self.fill_for(resolution, q, officer)),
        );

        match q.status {
            InquiryStatus::Resolved if self.chance(0.6) => {
                t += self.hours(1.0, 96.0);
                steps.push(self.rated(t, None));
            }
            InquiryStatus::Closed => {
                if self.chance(0.6) {
                    t += self.hours(1.0, 96.0);
                    steps.push(self.rated(t, None));
                    t += self.hours(0.2, 12.0);
                    steps.push(
                        Step::new(t, EventKind::Closed, Who::Officer(officer))
                            .note("群众已评价，办结归档"),
                    );
                } else {
                    t += Duration::days(15) + self.hours(0.0, 12.0);
                    steps.push(
                        Step::new(t, EventKind::Closed, Who::System)
                            .note("办结后15日内未评价，系统自动归档")
                            .data(json!({ "auto": true })),
                    );
                }
            }
            InquiryStatus::Reopened => {
                t += self.hours(2.0, 72.0);
                steps.push(self.rated(t, Some(Satisfaction::Unsatisfied)));
                t += self.hours(0.1, 2.0);
                let reason = self.pick(&REOPEN_REASONS);
                steps.push(
                    Step::new(t, EventKind::Reopened, Who::Submitter)
                        .note(reason)
                        .data(json!({ "reason": reason })),
                );
            }
            _ => {}
        }
        steps
    }

    fn rated(&mut self, at: DateTime<Utc>, forced: Option<Satisfaction>) -> Step {
        let satisfaction =
            forced.unwrap_or_else(|| match pick_weighted(&mut self.rng, &[62, 28, 10]) {
                0 => Satisfaction::Satisfied,
                1 => Satisfaction::BasicallySatisfied,
                _ => Satisfaction::Unsatisfied,
            });
        let (reason, comment) = match satisfaction {
            Satisfaction::Satisfied => (
                None,
                self.chance(0.7)
                    .then(|| self.pick(&SATISFIED_COMMENTS).to_owned()),
            ),
            Satisfaction::BasicallySatisfied => (
                None,
                self.chance(0.7)
                    .then(|| self.pick(&BASIC_COMMENTS).to_owned()),
            ),
            Satisfaction::Unsatisfied => {
                let (r, c) = self.pick(&UNSATISFIED);
                (Some(r.to_owned()), Some(c.to_owned()))
            }
        };
        let mut step = Step::new(at, EventKind::Rated, Who::Submitter);
        step.feedback = Some(FeedbackPlan {
            satisfaction,
            reason,
            comment,
        });
        step
    }

    /// A duplicate: received, maybe routed like its original, then merged into it.
    fn merged_history(&mut self, q: &Draft, target: &inquiry::Model) -> Vec<Step> {
        let mut steps = vec![self.received(q)];
        let supervisor = self.dir.supervisor_for(q.district);
        let mut t = q.created;
        if target.department_id.is_some() && self.chance(0.4) {
            let assigner = if q.handler >= FIRST_BUREAU {
                supervisor
            } else {
                self.dir.supervisor_for(0)
            };
            t += self.hours(0.2, 3.0);
            steps.push(self.assigned(t, assigner, q.handler));
        }
        t += self.hours(0.3, 8.0);
        let dept = target.department_id.map(|d| d.to_string());
        steps.push(
            Step::new(t, EventKind::Merged, Who::Officer(supervisor))
                .note(format!(
                    "与{}反映的是同一问题，已合并办理，处理结果将一并告知",
                    target.reference
                ))
                .data(json!({
                    "mergedIntoId": target.id.to_string(),
                    "mergedIntoReference": target.reference,
                    "departmentId": dept,
                })),
        );
        steps
    }

    /// (reference, tracking code) of a few inquiries in different states, for the README.
    fn pick_samples(&mut self) {
        for status in [
            InquiryStatus::Answered,
            InquiryStatus::Resolved,
            InquiryStatus::InProgress,
            InquiryStatus::Closed,
            InquiryStatus::Reopened,
            InquiryStatus::New,
        ] {
            if let Some(q) = self
                .plan
                .inquiries
                .iter()
                .rev()
                .find(|q| q.status == status && !q.protect_identity)
            {
                self.plan
                    .sample_tracking
                    .push((q.reference.clone(), self.ctx.codes.code_for(q.id)));
            }
        }
    }

    // --- duty rota ---------------------------------------------------------

    /// Morning (08:00-12:00) and evening (18:00-22:00) shifts in every county for
    /// the past and the next 7 days; past shifts checked in and out. One evening in
    /// Huaiji is left open (a rota gap) and one Duanzhou shift was swapped.
    fn plan_shifts(&mut self) {
        let now = self.ctx.now;
        let tz = self.ctx.tz;
        let today = now.with_timezone(&tz).date_naive();
        for (district, spec) in DISTRICTS.iter().enumerate().skip(1) {
            let staff = self.dir.staff(bureau_of(district), None);
            if staff.is_empty() {
                continue;
            }
            for offset in -7i64..=7 {
                let date = today + Duration::days(offset);
                let day_index = usize::try_from(offset + 7).unwrap_or(0);
                for (kind, start_hour, end_hour, turn) in [
                    (ShiftKind::Morning, 8, 12, 0usize),
                    (ShiftKind::Evening, 18, 22, 1usize),
                ] {
                    if spec.code == "441224" && offset == 3 && kind == ShiftKind::Evening {
                        continue; // a gap for rotaGaps to find
                    }
                    let officer = staff[(day_index * 2 + turn) % staff.len()];
                    let starts_at = local_at(tz, date, start_hour, 0);
                    let ends_at = local_at(tz, date, end_hour, 0);
                    let created = (starts_at.min(now) - Duration::days(10)).trunc_subsecs(6);
                    let checked_in_at = (starts_at <= now).then(|| {
                        let t = starts_at + Duration::minutes(self.rng.random_range(-15..8));
                        t.min(now).trunc_subsecs(6)
                    });
                    let checked_out_at = (ends_at <= now).then(|| {
                        let t = ends_at + Duration::minutes(self.rng.random_range(0..20));
                        t.min(now).trunc_subsecs(6)
                    });
                    let swap = spec.code == "441202" && offset == 1 && kind == ShiftKind::Evening;
                    let id = self.id(created);
                    let row = duty_shift::Model {
                        id,
                        officer_id: self.dir.officers[officer].id,
                        district_id: self.dir.districts[district].id,
                        starts_at,
                        ends_at,
                        kind,
                        checked_in_at,
                        checked_out_at,
                        swapped_from_id: None,
                        swap_reason: None,
                        cancelled_at: swap.then_some((now - Duration::hours(5)).trunc_subsecs(6)),
                        created_at: created,
                        updated_at: if swap {
                            (now - Duration::hours(5)).trunc_subsecs(6)
                        } else {
                            created
                        },
                    };
                    if swap {
                        let other = staff[(day_index * 2 + turn + 1) % staff.len()];
                        let at = (now - Duration::hours(5)).trunc_subsecs(6);
                        let swapped = duty_shift::Model {
                            id: self.id(at),
                            officer_id: self.dir.officers[other].id,
                            swapped_from_id: Some(id),
                            swap_reason: Some(format!(
                                "{}家中有事，与{}调班",
                                self.dir.officers[officer].duty_name,
                                self.dir.officers[other].duty_name
                            )),
                            cancelled_at: None,
                            created_at: at,
                            updated_at: at,
                            ..row.clone()
                        };
                        self.plan.swapped_shifts.push(swapped);
                    }
                    self.plan.shifts.push(row);
                }
            }
        }
    }

    // --- announcements -----------------------------------------------------

    fn plan_announcements(&mut self) {
        let now = self.ctx.now;
        let tz = self.ctx.tz;
        // (index in ANNOUNCEMENTS, id, the date its text refers to)
        let mut originals: Vec<(usize, Uuid, String)> = Vec::new();
        for (i, spec) in ANNOUNCEMENTS.iter().enumerate() {
            let published =
                (now - Duration::days(spec.days_ago) - self.hours(0.0, 6.0)).trunc_subsecs(6);
            let original = spec
                .corrects
                .and_then(|c| originals.iter().find(|(j, _, _)| *j == c));
            let corrects_id = original.map(|(_, id, _)| *id);
            let date = match original {
                Some((_, _, date)) => date.clone(),
                None => month_day(tz, published + Duration::days(spec.date_offset)),
            };
            let district = DISTRICTS
                .iter()
                .position(|d| d.code == spec.district_code)
                .unwrap_or(0);
            let id = self.id(published);
            let author = if spec.corrects.is_some() {
                SPOKESPERSON
            } else {
                ADMIN
            };
            let row = announcement::Model {
                id,
                title: spec.title.to_owned(),
                body: fill(spec.body, &[("date", &date)]),
                category: spec.category,
                district_id: self.dir.districts[district].id,
                published_at: published,
                author_id: self.dir.officers[author].id,
                corrects_id,
                correction_reason: spec.correction_reason.map(str::to_owned),
                created_at: published,
                updated_at: published,
            };
            if corrects_id.is_some() {
                self.plan.corrections.push(row);
            } else {
                originals.push((i, id, date));
                self.plan.announcements.push(row);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Content: the jurisdiction, the bureau, and what citizens write
// ---------------------------------------------------------------------------

const CITY_CODE: &str = "441200";

struct DistrictSpec {
    code: &'static str,
    name: &'static str,
    lat: f64,
    lon: f64,
    /// Relative share of the demo inquiries.
    weight: u32,
    /// Places citizens name (used as "在{{place}}附近", "{{place}}一带").
    places: &'static [&'static str],
}

/// The city first, then its eight county-level units.
const DISTRICTS: [DistrictSpec; 9] = [
    DistrictSpec {
        code: CITY_CODE,
        name: "肇庆市",
        lat: 23.047,
        lon: 112.465,
        weight: 0,
        places: &[
            "肇庆新区体育中心",
            "肇庆东站",
            "肇庆高新区大旺",
            "肇庆火车站",
        ],
    },
    DistrictSpec {
        code: "441202",
        name: "端州区",
        lat: 23.051,
        lon: 112.484,
        weight: 22,
        places: &[
            "端州区星湖大道",
            "端州区天宁北路",
            "端州区端州路",
            "端州区黄岗街道",
            "端州区城东街道",
            "端州区睦岗街道",
            "端州区牌坊广场",
            "端州区七星岩东门",
        ],
    },
    DistrictSpec {
        code: "441203",
        name: "鼎湖区",
        lat: 23.158,
        lon: 112.567,
        weight: 9,
        places: &[
            "鼎湖区坑口街道",
            "鼎湖区桂城街道",
            "鼎湖山景区门口",
            "鼎湖区广利街道",
            "鼎湖区永安镇",
            "鼎湖区沙浦镇",
        ],
    },
    DistrictSpec {
        code: "441204",
        name: "高要区",
        lat: 23.025,
        lon: 112.458,
        weight: 14,
        places: &[
            "高要区南岸街道",
            "高要区金渡镇",
            "高要区白土镇",
            "高要区回龙镇",
            "高要区蛟塘镇",
            "高要区金利镇",
        ],
    },
    DistrictSpec {
        code: "441223",
        name: "广宁县",
        lat: 23.634,
        lon: 112.441,
        weight: 8,
        places: &[
            "广宁县南街街道",
            "广宁县排沙镇",
            "广宁县古水镇",
            "广宁县石涧镇",
            "广宁县江屯镇",
        ],
    },
    DistrictSpec {
        code: "441224",
        name: "怀集县",
        lat: 23.911,
        lon: 112.184,
        weight: 11,
        places: &[
            "怀集县怀城街道",
            "怀集县冷坑镇",
            "怀集县梁村镇",
            "怀集县岗坪镇",
            "怀集县甘洒镇",
        ],
    },
    DistrictSpec {
        code: "441225",
        name: "封开县",
        lat: 23.424,
        lon: 111.512,
        weight: 7,
        places: &[
            "封开县江口街道",
            "封开县长岗镇",
            "封开县南丰镇",
            "封开县渔涝镇",
            "封开县杏花镇",
        ],
    },
    DistrictSpec {
        code: "441226",
        name: "德庆县",
        lat: 23.143,
        lon: 111.786,
        weight: 8,
        places: &[
            "德庆县德城街道",
            "德庆县悦城镇",
            "德庆县官圩镇",
            "德庆县马圩镇",
            "德庆县新圩镇",
        ],
    },
    DistrictSpec {
        code: "441284",
        name: "四会市",
        lat: 23.327,
        lon: 112.734,
        weight: 13,
        places: &[
            "四会市东城街道",
            "四会市城中街道",
            "四会市贞山街道",
            "四会市大沙镇",
            "四会市地豆镇",
            "四会市江谷镇",
        ],
    },
];

struct DepartmentSpec {
    name: &'static str,
    kind: DepartmentKind,
    district_code: &'static str,
}

const DEPT_PR: usize = 0;
const DEPT_EXIT: usize = 1;
const DEPT_HUKOU: usize = 2;
const DEPT_TRAFFIC: usize = 3;
const DEPT_DRUG: usize = 4;
const DEPT_ECON: usize = 5;
const DEPT_CUSTODY: usize = 6;
const DEPT_LEGAL: usize = 7;
const DEPT_110: usize = 8;
/// The county bureaus follow, in the order of the counties in [`DISTRICTS`].
const FIRST_BUREAU: usize = 9;

const fn city_division(name: &'static str) -> DepartmentSpec {
    DepartmentSpec {
        name,
        kind: DepartmentKind::Division,
        district_code: CITY_CODE,
    }
}

const fn bureau(name: &'static str, district_code: &'static str) -> DepartmentSpec {
    DepartmentSpec {
        name,
        kind: DepartmentKind::DistrictBureau,
        district_code,
    }
}

const DEPARTMENTS: [DepartmentSpec; 17] = [
    DepartmentSpec {
        name: "警察公共关系科",
        kind: DepartmentKind::PublicRelations,
        district_code: CITY_CODE,
    },
    city_division("出入境管理支队"),
    city_division("户政管理支队"),
    city_division("交通警察支队"),
    city_division("禁毒支队"),
    city_division("经济犯罪侦查支队"),
    city_division("监管支队"),
    city_division("法制支队"),
    city_division("110报警服务台"),
    bureau("端州分局", "441202"),
    bureau("鼎湖分局", "441203"),
    bureau("高要分局", "441204"),
    bureau("广宁县公安局", "441223"),
    bureau("怀集县公安局", "441224"),
    bureau("封开县公安局", "441225"),
    bureau("德庆县公安局", "441226"),
    bureau("四会市公安局", "441284"),
];

struct OfficerSpec {
    dept: usize,
    real_name: &'static str,
    duty_name: &'static str,
    role: Role,
    /// Set for members of the expert panel (微博专家团).
    specialty: Option<&'static str>,
    spokesperson: bool,
    active: bool,
}

const fn officer(dept: usize, real_name: &'static str, duty_name: &'static str) -> OfficerSpec {
    OfficerSpec {
        dept,
        real_name,
        duty_name,
        role: Role::Officer,
        specialty: None,
        spokesperson: false,
        active: true,
    }
}

const fn expert(
    dept: usize,
    real_name: &'static str,
    duty_name: &'static str,
    specialty: &'static str,
) -> OfficerSpec {
    OfficerSpec {
        specialty: Some(specialty),
        ..officer(dept, real_name, duty_name)
    }
}

const fn supervisor(dept: usize, real_name: &'static str, duty_name: &'static str) -> OfficerSpec {
    OfficerSpec {
        role: Role::Supervisor,
        ..officer(dept, real_name, duty_name)
    }
}

/// Index in [`OFFICERS`] of the administrator (head of public relations, spokesperson).
const ADMIN: usize = 0;
/// Index in [`OFFICERS`] of the second spokesperson.
const SPOKESPERSON: usize = 1;

const OFFICERS: [OfficerSpec; 41] = [
    OfficerSpec {
        role: Role::Admin,
        spokesperson: true,
        ..officer(DEPT_PR, "梁志明", "平安肇庆发言人老梁")
    },
    OfficerSpec {
        spokesperson: true,
        ..officer(DEPT_PR, "陈晓琳", "平安肇庆小琳")
    },
    officer(DEPT_PR, "何嘉欣", "平安肇庆小何"),
    expert(DEPT_EXIT, "陈嘉怡", "出入境小陈", "出入境证件"),
    officer(DEPT_EXIT, "李婉婷", "出入境小李"),
    expert(DEPT_HUKOU, "冯少华", "户政小冯", "户籍迁移"),
    officer(DEPT_HUKOU, "黄惠珍", "户政阿珍"),
    expert(DEPT_TRAFFIC, "何耀华", "交警阿华", "交通违法处理"),
    officer(DEPT_TRAFFIC, "潘伟杰", "交警小潘"),
    expert(DEPT_DRUG, "罗振宇", "禁毒小罗", "禁毒宣传"),
    expert(DEPT_ECON, "苏文斌", "经侦小苏", "经济犯罪"),
    expert(DEPT_ECON, "谭志豪", "反诈小谭", "电信网络诈骗防范"),
    expert(DEPT_CUSTODY, "叶建新", "监管老叶", "羁押监管"),
    expert(DEPT_LEGAL, "吴慧敏", "法制小吴", "行政复议"),
    supervisor(DEPT_110, "邓国强", "110指挥长老邓"),
    expert(DEPT_110, "黄丽萍", "110小黄", "报警求助"),
    supervisor(FIRST_BUREAU, "陈国栋", "端州分局值班长老陈"),
    officer(FIRST_BUREAU, "李俊峰", "端州警官小李"),
    officer(FIRST_BUREAU, "梁嘉豪", "端州警官阿豪"),
    OfficerSpec {
        active: false,
        ..officer(FIRST_BUREAU, "钟伟明", "端州警官老钟")
    },
    supervisor(FIRST_BUREAU + 1, "冯建华", "鼎湖分局值班长老冯"),
    officer(FIRST_BUREAU + 1, "邓志明", "鼎湖警官阿明"),
    officer(FIRST_BUREAU + 1, "欧阳婷", "鼎湖警官小欧"),
    supervisor(FIRST_BUREAU + 2, "梁永坚", "高要分局值班长老梁"),
    officer(FIRST_BUREAU + 2, "黄晓东", "高要警官小黄"),
    officer(FIRST_BUREAU + 2, "区家文", "高要警官阿文"),
    supervisor(FIRST_BUREAU + 3, "江海生", "广宁公安值班长老江"),
    officer(FIRST_BUREAU + 3, "邓丽华", "广宁警官小邓"),
    officer(FIRST_BUREAU + 3, "刘振南", "广宁警官阿南"),
    supervisor(FIRST_BUREAU + 4, "莫德明", "怀集公安值班长老莫"),
    officer(FIRST_BUREAU + 4, "陆秋萍", "怀集警官小陆"),
    officer(FIRST_BUREAU + 4, "邱志坚", "怀集警官阿坚"),
    supervisor(FIRST_BUREAU + 5, "侯伟强", "封开公安值班长老侯"),
    officer(FIRST_BUREAU + 5, "植嘉敏", "封开警官小植"),
    officer(FIRST_BUREAU + 5, "岑国良", "封开警官阿良"),
    supervisor(FIRST_BUREAU + 6, "伍振华", "德庆公安值班长老伍"),
    officer(FIRST_BUREAU + 6, "彭晓玲", "德庆警官小彭"),
    officer(FIRST_BUREAU + 6, "孔令杰", "德庆警官阿杰"),
    supervisor(FIRST_BUREAU + 7, "麦建勋", "四会公安值班长老麦"),
    officer(FIRST_BUREAU + 7, "何雪梅", "四会警官小何"),
    officer(FIRST_BUREAU + 7, "陈锦华", "四会警官小陈"),
];

/// Which department handles a topic.
#[derive(Clone, Copy)]
enum Handler {
    /// A city division (index into [`DEPARTMENTS`]).
    Division(usize),
    /// The county bureau of the inquiry's district.
    Bureau,
}

/// What citizens raise, with the wording of their messages and of the replies.
/// Placeholders: `{{place}}`, `{{district}}`, `{{department}}`, `{{dutyName}}`, `{{reference}}`.
struct Topic {
    kind: InquiryKind,
    category: &'static str,
    handler: Handler,
    weight: u32,
    subjects: &'static [&'static str],
    bodies: &'static [&'static str],
    replies: &'static [&'static str],
    resolutions: &'static [&'static str],
    /// Key of the answer-library entry replies may quote.
    answer: Option<&'static str>,
    /// Set for matters outside police duties (used for REJECTED demo inquiries).
    reject_reason: Option<&'static str>,
}

const TOPIC: Topic = Topic {
    kind: InquiryKind::Consultation,
    category: "",
    handler: Handler::Bureau,
    weight: 1,
    subjects: &[],
    bodies: &[],
    replies: &[],
    resolutions: &["已按规定答复群众，问题已办结。"],
    answer: None,
    reject_reason: None,
};

const TOPICS: &[Topic] = &[
    // ---- consultations (咨询) ----
    Topic {
        category: "出入境",
        handler: Handler::Division(DEPT_EXIT),
        weight: 10,
        answer: Some("passport_renewal"),
        subjects: &[
            "护照快过期了，换发需要什么材料？",
            "请问外地户口可以在{{district}}换发护照吗",
            "老人的护照过期了，能由子女代办吗？",
        ],
        bodies: &[
            "您好，我的护照还有五个多月到期，下个月要去泰国旅游，听说有效期不足六个月可能不让入境。请问现在可以换发吗？需要带什么材料？我住在{{place}}附近，就近在哪里办？",
            "请问换发护照要不要预约？我户口是外省的，在{{district}}上班交社保两年了，可以在肇庆直接办吗？大概多少个工作日能拿到？",
            "家里老人的护照过期了，老人腿脚不方便，能不能由子女代办？需要准备什么资料？谢谢！",
        ],
        replies: &[
            "您好！护照换发已实行全国通办，无需回户籍地办理。请本人携带居民身份证和原护照，到{{district}}出入境接待大厅现场采集照片和指纹，一般7个工作日内制证完成，可选择邮寄到家。出行在即的，可凭行程证明申请加急。如有疑问请留言，{{dutyName}}为您解答。",
            "您好，护照有效期不足六个月即可申请换发。申请人须本人到场采集指纹，建议先通过“移民局”APP预约再前往办理，可大大减少排队时间。老人行动确有困难的，可私信留下联系方式，我们与您沟通预约时段。感谢您关注平安肇庆！",
        ],
        resolutions: &[
            "已答复换发所需材料及办理地点，群众已按指引预约办理。",
            "已电话回访，群众表示已清楚办理流程并顺利递交申请。",
        ],
        ..TOPIC
    },
    Topic {
        category: "出入境",
        handler: Handler::Division(DEPT_EXIT),
        weight: 8,
        answer: Some("hk_macau_endorsement"),
        subjects: &[
            "港澳通行证签注在哪里可以自助办理？",
            "下周去澳门，签注现在续还来得及吗",
            "小孩的港澳通行证签注能家长代办吗？",
        ],
        bodies: &[
            "您好，我在{{place}}附近上班，想给港澳通行证办一次香港个人旅游签注，听说有自助签注机，{{district}}哪里有？周末可以办吗？",
            "下周要去澳门，港澳通行证的签注上个月用完了，现在续签来得及吗？能不能当场拿到？",
            "请问小孩的港澳通行证签注能不能家长代办？孩子在读书，平时没时间过去。",
        ],
        replies: &[
            "您好！持电子往来港澳通行证且已留存指纹的，可在全市各出入境接待大厅及部分派出所的自助签注机办理再次签注，即时生效，周末照常开放。首次申请或证件为旧版本的，需到窗口办理。祝您旅途愉快！",
            "您好，再次签注可通过自助签注机即时办理；如需窗口办理，一般5个工作日完成。未满16周岁的申请人可由监护人代为办理，请携带户口簿、监护关系证明及孩子的通行证。",
        ],
        resolutions: &["已告知自助签注机位置及开放时间，群众已办理签注。"],
        ..TOPIC
    },
    Topic {
        category: "户政",
        handler: Handler::Division(DEPT_HUKOU),
        weight: 8,
        answer: Some("hukou_purchase"),
        subjects: &[
            "在{{district}}买了房，户口怎么迁过来？",
            "户口迁移还需要回原籍开准迁证吗",
            "小孩读书需要把户口迁到肇庆",
        ],
        bodies: &[
            "您好，我在{{place}}买了商品房，已经拿到不动产权证，想把户口从广西迁过来，老婆和小孩也一起迁，请问需要哪些材料？要去哪个派出所办？",
            "听说现在户口迁移可以“跨省通办”，不用回老家开准迁证了，是真的吗？我是湖南人，在{{district}}工作三年了。",
            "小孩明年读小学，学位要求本地户籍，现在把户口迁到{{place}}这边还来得及吗？",
        ],
        replies: &[
            "您好！在我市拥有合法产权住房的，本人及其配偶、未成年子女可申请在房屋所在地落户。请携带居民户口簿、居民身份证、不动产权证书、结婚证（随迁配偶）及出生医学证明（随迁子女），到房屋所在地派出所户籍窗口申请。目前省内迁移及部分跨省迁移已实行“一站式”办理，无需回迁出地开具准迁证。",
            "您好，户口迁移已推行“一站式”服务，符合条件的由迁入地派出所受理，迁出手续由系统内部流转办理。入户时间与学位政策的衔接问题，建议同时向教育部门咨询。如需进一步帮助，请私信留下联系方式，{{dutyName}}会与您联系。",
        ],
        resolutions: &[
            "已答复购房入户条件及材料，群众已到派出所递交迁入申请。",
            "已电话联系群众详细解释迁移流程，群众表示满意。",
        ],
        ..TOPIC
    },
    Topic {
        category: "户政",
        handler: Handler::Bureau,
        weight: 9,
        answer: Some("id_card_reissue"),
        subjects: &[
            "身份证丢了，补办要多久？能办临时身份证吗？",
            "外地户口可以在{{district}}补领身份证吗",
            "身份证被偷了，补办需要报案回执吗？",
        ],
        bodies: &[
            "昨天在{{place}}附近不小心把身份证弄丢了，下周要坐高铁去广州办事，请问补办要多久？能不能先办一张临时身份证？",
            "我是外省户籍，在{{district}}打工，身份证丢了不想回老家，可以在这边补办吗？",
            "钱包连身份证一起被偷了，已经报了案，请问补办身份证还需要报案回执吗？",
        ],
        replies: &[
            "您好！居民身份证已实行全国异地补领，请本人携带户口簿（异地补领只需本人到场）到{{district}}任一派出所户籍窗口办理，一般15个工作日可领取。急需乘车的，可同时申请临时居民身份证；乘坐火车也可在车站公安制证窗口办理临时乘车身份证明。",
            "您好，补领身份证无需提供报案回执，本人到户籍窗口现场采集照片和指纹即可。{{department}}各派出所户籍窗口周一至周六上午均可办理，建议避开月底高峰。",
        ],
        resolutions: &[
            "已告知补领流程及临时身份证办理方式。",
            "群众已在派出所户籍窗口补领身份证并领取临时身份证。",
        ],
        ..TOPIC
    },
    Topic {
        category: "交通管理",
        handler: Handler::Division(DEPT_TRAFFIC),
        weight: 7,
        answer: Some("licence_renewal"),
        subjects: &[
            "驾驶证快到期了，换证要体检吗？",
            "驾驶证过期两个月没及时换怎么办？",
            "{{district}}哪里可以办驾驶证换证？",
        ],
        bodies: &[
            "我的C1驾驶证下个月到期，第一次换证，请问要去医院体检吗？可以在手机上办吗？",
            "驾驶证已经过期两个多月了，一直在外地忘了换，现在还能直接换吗？会不会被注销？",
            "请问在{{district}}哪里可以办驾驶证换证？车管所人太多，有没有别的网点？",
        ],
        replies: &[
            "您好！驾驶证有效期满前90日内可申请换证。请先到具备资质的医疗机构体检（部分医院可将体检信息联网上传），再通过“交管12123”APP在线申请换证，新证邮寄到家，无需到窗口。超过有效期未满一年的，仍可按期满换证办理；超过一年的需参加科目一考试恢复驾驶资格。",
            "您好，{{district}}除车管所外，各交警大队车管服务站和部分邮政网点均可办理期满换证，携带身份证、驾驶证和体检证明即可。推荐使用“交管12123”APP全程网办，更省时。",
        ],
        resolutions: &["已答复换证流程，群众已通过“交管12123”APP完成换证申请。"],
        ..TOPIC
    },
    Topic {
        category: "交通管理",
        handler: Handler::Division(DEPT_TRAFFIC),
        weight: 6,
        answer: Some("ebike_plate"),
        subjects: &[
            "电动自行车上牌需要带什么资料？",
            "网购的电动车能上牌吗",
            "电动车没有发票怎么上牌？",
        ],
        bodies: &[
            "刚在{{place}}附近的车行买了一辆电动自行车，请问上牌需要带什么资料？要本人去吗？",
            "在网上买的电动车，合格证有，但车行说不符合新国标，能不能上牌？",
            "旧电动车是亲戚送的，没有发票，请问还能登记上牌吗？",
        ],
        replies: &[
            "您好！电动自行车登记上牌需车主本人携带身份证、购车发票、产品合格证及车辆，到就近的登记点办理，现场查验合格后即时发放号牌。不符合《电动自行车安全技术规范》（GB17761-2018）的车辆不予登记。",
            "您好，无购车发票的，可提供车辆来历承诺书及产品合格证办理；没有合格证的车辆无法确认是否符合国家标准，不予登记。登记点分布可关注“肇庆交警”公众号查询。",
        ],
        resolutions: &["已告知上牌所需材料及登记点，群众已完成上牌。"],
        ..TOPIC
    },
    Topic {
        category: "交通管理",
        handler: Handler::Division(DEPT_TRAFFIC),
        weight: 6,
        answer: Some("violation_handling"),
        subjects: &[
            "外地车牌的违章能在肇庆处理吗？",
            "闯红灯被拍了想申诉",
            "车借给朋友开产生了违章怎么办",
        ],
        bodies: &[
            "我的车是粤A牌，在{{place}}被拍了违停，能在肇庆本地处理吗？还是要回广州？",
            "上周经过{{place}}路口，黄灯的时候过了线被拍，显示闯红灯，想问可以申诉吗？",
            "车借给朋友开产生了违章，扣分可以扣朋友的驾驶证吗？",
        ],
        replies: &[
            "您好！机动车交通违法实行全国联网处理，您可通过“交管12123”APP或到任一交警违法处理窗口办理，无需回车辆登记地。对违法记录有异议的，可在APP内提交申诉，或携带证据到违法发生地交警大队申请复核，我们将调取原始图像核查。",
            "您好，非本人驾驶产生的违法，实际驾驶人可持本人驾驶证通过“交管12123”APP或到窗口办理，记分记录在实际驾驶人名下。请勿买卖、代替他人消分，此行为属违法。",
        ],
        resolutions: &[
            "已答复违法处理方式，群众已在线处理完毕。",
            "经调取原始图像复核，该违法记录已依法处理并告知群众。",
        ],
        ..TOPIC
    },
    Topic {
        category: "户政",
        handler: Handler::Bureau,
        weight: 5,
        answer: Some("no_crime_certificate"),
        subjects: &[
            "无犯罪记录证明可以委托家人代开吗？",
            "出国留学要开无犯罪记录证明",
            "无犯罪记录证明可以网上申请吗",
        ],
        bodies: &[
            "单位入职要无犯罪记录证明，我户籍在{{district}}，人在深圳，可以委托家人去开吗？",
            "孩子出国留学需要开无犯罪记录证明，需要翻译吗？在{{place}}附近哪个派出所能开？",
            "请问无犯罪记录证明能不能在“粤省事”上直接申请电子版？",
        ],
        replies: &[
            "您好！无犯罪记录证明可通过“粤省事”小程序在线申请，也可到户籍地或居住地派出所申请，符合条件的当场或3个工作日内出具。委托他人代办的，需提供委托书及双方身份证件。用于出国的，如需公证请持证明到公证处办理。",
        ],
        resolutions: &["已答复办理途径，群众已在线申请并取得证明。"],
        ..TOPIC
    },
    Topic {
        category: "户政",
        handler: Handler::Bureau,
        weight: 4,
        answer: Some("residence_permit"),
        subjects: &["办居住证要住满半年吗？", "居住证到期怎么签注"],
        bodies: &[
            "我在{{place}}租房住了四个月，想办居住证给孩子上学用，是不是要满半年才能办？",
            "居住证快到期了，每年都要去派出所签注吗？能不能网上办？",
        ],
        replies: &[
            "您好！在居住地居住半年以上，并有合法稳定就业、合法稳定住所、连续就读条件之一的，可申领居住证；未满半年的可先办理居住登记，满半年后即可申领。居住证每年签注一次，可在“粤省事”小程序办理。",
        ],
        resolutions: &["已答复居住证申领条件，群众已先行办理居住登记。"],
        ..TOPIC
    },
    Topic {
        category: "报警求助",
        handler: Handler::Division(DEPT_110),
        weight: 4,
        answer: Some("missing_person"),
        subjects: &[
            "家里老人走失，是不是要等24小时才能报警？",
            "不方便打电话的时候怎么报警？",
        ],
        bodies: &[
            "奶奶有轻度老年痴呆，昨晚在{{place}}附近走散了，家里人找了一晚上，听说要满24小时才能报失踪，是这样吗？",
            "请问如果遇到不方便说话的情况，比如被人跟踪，能不能发短信报警？",
        ],
        replies: &[
            "您好！报警不需要等满24小时。发现家人走失，特别是老人、儿童，请立即拨打110报警，并提供走失人员照片、衣着特征及最后出现地点，越早报警越有利于寻找。",
            "您好，不方便语音通话时，可编辑短信发送至12110报警，写明所在位置和情况，聋哑人士也可使用此方式。紧急情况请务必第一时间报警。",
        ],
        resolutions: &[
            "已答复报警方式，群众表示清楚。",
            "走失老人已由民警协助找到并安全送回家中。",
        ],
        ..TOPIC
    },
    Topic {
        category: "法制",
        handler: Handler::Division(DEPT_LEGAL),
        weight: 3,
        answer: Some("admin_review"),
        subjects: &[
            "对公安罚款决定不服，怎么申请行政复议？",
            "行政复议的期限是多久",
        ],
        bodies: &[
            "上个月因为在{{place}}和人发生纠纷被派出所罚款五百元，我觉得处罚不公平，请问怎么申请复议？",
            "交警开的罚单我不认可，是申请复议还是直接起诉？有没有时间限制？",
        ],
        replies: &[
            "您好！对公安机关作出的行政处罚决定不服的，可自知道该行政行为之日起六十日内依法申请行政复议，也可依法直接向人民法院提起行政诉讼。申请时请携带处罚决定书等材料，具体受理机关以处罚决定书上告知的为准。",
        ],
        resolutions: &["已告知行政复议的申请期限及受理机关。"],
        ..TOPIC
    },
    Topic {
        category: "监管",
        handler: Handler::Division(DEPT_CUSTODY),
        weight: 3,
        answer: Some("detention_visit"),
        subjects: &["家属怎么给看守所里的人存钱送衣服？", "看守所可以家属会见吗"],
        bodies: &[
            "我弟弟上周被刑事拘留，关在看守所，家里想给他送几件换洗衣服，再存点生活费，请问怎么办理？",
            "家人被羁押在看守所，家属可以去探视吗？律师会见要预约吗？",
        ],
        replies: &[
            "您好！被羁押人员家属可携带本人身份证件和亲属关系证明，在工作日到看守所家属接待室办理存款和衣物转交，衣物不得带有金属扣件、绳带。侦查阶段家属一般不能会见，律师可凭律师执业证书、委托书等材料预约会见。",
        ],
        resolutions: &["已告知存款、送物及会见规定，家属已按规定办理。"],
        ..TOPIC
    },
    Topic {
        category: "禁毒",
        handler: Handler::Division(DEPT_DRUG),
        weight: 2,
        answer: Some("drug_education"),
        subjects: &["学校想请禁毒民警来上一堂课", "禁毒教育基地可以预约参观吗？"],
        bodies: &[
            "我是{{place}}附近一所小学的老师，国际禁毒日前后想请禁毒民警到学校给高年级学生上一堂禁毒课，请问怎么联系？",
            "单位想组织员工去禁毒教育基地参观，需要提前多久预约？",
        ],
        replies: &[
            "您好！感谢您对禁毒工作的支持！学校、单位可通过平安肇庆私信或致电禁毒支队预约禁毒宣传进校园、进单位活动，请提前一周告知单位名称、时间、人数及联系人，我们将安排禁毒民警前往。",
        ],
        resolutions: &["已与学校对接，禁毒民警已到校开展禁毒宣传课。"],
        ..TOPIC
    },
    // ---- complaints (投诉) ----
    Topic {
        kind: InquiryKind::Complaint,
        category: "治安",
        handler: Handler::Bureau,
        weight: 8,
        subjects: &[
            "{{place}}夜宵档深夜噪音扰民",
            "楼下KTV每晚唱到凌晨",
            "广场舞音响太大影响休息",
        ],
        bodies: &[
            "{{place}}一带的大排档每晚营业到凌晨两三点，划拳声、音响声很吵，家里老人小孩都睡不着。打过110，民警来了就安静一会儿，走了又照旧，希望能彻底管一管。",
            "住在{{place}}附近，楼下的KTV每天晚上唱到凌晨一两点，低音炮震得窗户都响，投诉过很多次都没有改善，请派出所管一管。",
            "{{place}}附近小区门口的广场舞音响开得特别大，晚上九点半以后还在跳，家里孩子要高考，希望能协调一下。",
        ],
        replies: &[
            "您好！您反映的问题已转交{{department}}处理。辖区派出所已派员到场，对经营者进行批评教育并责令降低音量、按时收档，后续将加强夜间巡查。如再遇扰民情况，请及时拨打110报警。",
            "您好，收到您的反映后，{{department}}民警已约谈相关场所负责人，督促其加装隔音设施、控制营业时间，并会同城管、市场监管部门联合整治。感谢您的监督！",
        ],
        resolutions: &[
            "派出所已约谈经营者并责令整改，连续三晚回访巡查，噪音问题明显改善。",
            "已协调社区与广场舞队伍约定音量和结束时间，经回访群众反映已改善。",
        ],
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Complaint,
        category: "窗口服务",
        handler: Handler::Bureau,
        weight: 4,
        answer: Some("complaint_process"),
        subjects: &[
            "派出所户籍窗口排队太久",
            "办事窗口工作人员态度不好",
            "户籍窗口中午不开门",
        ],
        bodies: &[
            "今天上午去辖区派出所办身份证，只开了一个窗口，排了两个多小时，很多上班族是请假来的，建议多开窗口。",
            "昨天去派出所开证明，窗口工作人员一直在看手机，问问题也爱理不理，希望加强管理。",
            "户籍窗口中午十二点到两点半不办事，上班族只能请假去，能不能中午错时办公？",
        ],
        replies: &[
            "您好！非常抱歉给您带来不便。{{department}}已核实情况，当天因系统升级导致办理速度变慢。现已增开窗口，并推行预约办理和中午错时服务，欢迎您继续监督。",
            "您好，感谢您的批评指正！{{department}}已对涉及的窗口工作人员进行批评教育，并在全局通报，举一反三加强窗口作风建设。欢迎继续监督我们的工作。",
        ],
        resolutions: &[
            "已约谈窗口负责人，增设预约和午间错时服务。",
            "已对当事工作人员批评教育并通报，向群众致歉。",
        ],
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Complaint,
        category: "交通管理",
        handler: Handler::Division(DEPT_TRAFFIC),
        weight: 5,
        subjects: &[
            "{{place}}路口长期乱停车",
            "人行道被违停车辆占满",
            "学校门口接送车辆堵路",
        ],
        bodies: &[
            "{{place}}路口两边长期停满车，早晚高峰堵成一锅粥，公交车都过不去，希望交警加强执法。",
            "{{place}}一带的人行道被小车停满，推婴儿车只能走机动车道，太危险了。",
            "{{place}}附近学校门口每天放学时家长车辆乱停，堵住整条路，希望交警来疏导。",
        ],
        replies: &[
            "您好！您反映的问题已转交交警部门处理。我们已在该路段加派警力开展违停整治，并协调增设禁停标志和电子抓拍设备。感谢您对道路交通秩序的关注！",
            "您好，交警部门已将该学校门口纳入“护学岗”点位，上下学高峰安排民警、辅警现场疏导，对违停车辆依法处理。",
        ],
        resolutions: &["已开展违停专项整治并增设禁停标志，经回访通行秩序好转。"],
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Complaint,
        category: "报警求助",
        handler: Handler::Division(DEPT_110),
        weight: 3,
        answer: Some("complaint_process"),
        subjects: &["报警后等了很久才有民警到场", "打110一直占线"],
        bodies: &[
            "昨晚十点多在{{place}}和人发生争执报警，等了四十多分钟才有民警过来，如果是紧急情况怎么办？",
            "前天晚上拨打110一直提示占线，打了三次才打通，希望增加接警人员。",
        ],
        replies: &[
            "您好！感谢您的反馈。经调取接处警记录核实，当晚该片区同一时段有多起警情，处警民警在处置一起交通事故后才赶到现场，到场时间较长。我们已优化片区巡逻警力部署，提高出警效率。给您带来的不便深表歉意。",
        ],
        resolutions: &["已核查接处警记录并向群众说明情况，相关片区已调整巡逻警力部署。"],
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Complaint,
        category: "治安",
        handler: Handler::Bureau,
        weight: 3,
        subjects: &["电动车被偷报案一个月没消息", "报案后一直没人联系我"],
        bodies: &[
            "上个月我的电动车在{{place}}附近被偷，当时报了案，到现在一个多月没人联系我，想问问案件进展怎么样了。",
            "家里被盗报案后，派出所说会调查，但之后一直没有回音，请问可以怎么查询进度？",
        ],
        replies: &[
            "您好！您反映的情况已转交{{department}}核查，办案民警已与您电话联系并告知目前的侦查进展。案件正在侦办中，如有新线索请及时与办案民警联系。",
        ],
        resolutions: &["办案民警已向群众通报案件进展，并留下联系方式便于后续沟通。"],
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Complaint,
        category: "交通管理",
        handler: Handler::Division(DEPT_TRAFFIC),
        weight: 3,
        subjects: &["泥头车夜间超速闯红灯", "渣土车沿路撒漏很严重"],
        bodies: &[
            "每天晚上十一点以后，{{place}}一带的泥头车开得飞快，还经常闯红灯，太吓人了。",
            "{{place}}路段渣土车沿路撒漏泥土，下雨后路面非常滑，已经有骑电动车的人摔倒了。",
        ],
        replies: &[
            "您好！交警部门已联合住建、城管部门对该路段渣土车开展夜间专项整治，依法查处超速、闯红灯、撒漏等违法行为。感谢您的反映。",
        ],
        resolutions: &["已开展夜间专项整治，查处渣土车交通违法行为多宗。"],
        ..TOPIC
    },
    // ---- tip-offs (举报) ----
    Topic {
        kind: InquiryKind::Report,
        category: "治安",
        handler: Handler::Bureau,
        weight: 6,
        subjects: &[
            "举报{{place}}出租屋有人聚众赌博",
            "举报{{place}}附近麻将馆赌博",
            "举报{{place}}附近铁皮房聚众赌博",
        ],
        bodies: &[
            "{{place}}一带有一间出租屋（具体门牌私信告知），每天下午有十几个人聚集赌钱，进出车辆很多，门口还有人放哨，请警方核查。",
            "{{place}}附近有一家麻将馆，表面上是棋牌室，实际上打得很大，一晚输赢上万，不少人因此家庭破裂，希望警方查处。",
            "我家附近鱼塘边的一间铁皮房，晚上经常有人聚集赌博，摩托车停了一大片，就在{{place}}附近。",
        ],
        replies: &[
            "您好！感谢您提供的线索，{{department}}已安排民警核查。为保护举报人，具体处理情况不在此公开。如发现新的线索，可继续通过私信或拨打110反映，我们将严格为您保密。",
        ],
        resolutions: &[
            "经核查，已依法查处该赌博窝点，对涉赌人员依法作出行政处罚。",
            "经多次蹲守核查，暂未发现赌博行为，已将该处列为重点巡查点位。",
        ],
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Report,
        category: "禁毒",
        handler: Handler::Division(DEPT_DRUG),
        weight: 4,
        answer: Some("drug_tipoff"),
        subjects: &["举报出租屋疑似有人吸毒", "举报有人贩卖毒品"],
        bodies: &[
            "{{place}}附近一栋出租屋经常有陌生人进出，半夜有奇怪的味道，还看到有人在楼道扔针头，怀疑有人吸毒。",
            "听说{{place}}一带有人通过微信卖“开心水”，专门卖给年轻人，请警方调查。",
        ],
        replies: &[
            "您好！感谢您对禁毒工作的支持。您提供的线索已转禁毒部门核查，我们将依法严格为举报人保密。举报线索经查证属实的，将按规定给予奖励。",
        ],
        resolutions: &[
            "禁毒部门已根据线索依法查处吸毒人员。",
            "线索已核查，相关情况已依法处理。",
        ],
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Report,
        category: "电信诈骗",
        handler: Handler::Division(DEPT_ECON),
        weight: 6,
        answer: Some("anti_fraud"),
        subjects: &[
            "接到冒充公检法的诈骗电话",
            "举报一个诈骗投资网站",
            "被刷单诈骗骗了三千元",
        ],
        bodies: &[
            "今天上午接到自称“肇庆市公安局”的电话，说我涉嫌洗钱，要我把钱转到“安全账户”，号码是+00开头的。我没有转账，但担心别人上当，请警方提醒大家。",
            "在朋友圈看到一个投资理财网站，说稳赚不赔，我同事已经投了五万元提不了现，怀疑是诈骗平台。",
            "前天在网上做兼职刷单，前几单返了佣金，后来要求连续做任务，被骗了三千元，对方已经把我拉黑了，请问怎么办？",
        ],
        replies: &[
            "您好！公检法机关不会通过电话办案，更不存在所谓“安全账户”，凡是要求转账到“安全账户”的都是诈骗。您提供的号码已报送反诈中心处置。如已被骗转账，请立即拨打110或96110报警，并保留聊天记录、转账凭证。",
            "您好，您反映的线索已转交经济犯罪侦查支队和反诈中心核查处置。网络刷单本身就是违法行为，凡是要求先垫付资金的兼职都是诈骗。请携带身份证和转账记录到就近派出所报案。",
        ],
        resolutions: &[
            "诈骗号码已报送反诈中心封停，已提醒群众加强防范。",
            "已指引群众到派出所报案，案件已受理并移交侦查。",
        ],
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Report,
        category: "经济犯罪",
        handler: Handler::Division(DEPT_ECON),
        weight: 2,
        answer: Some("illegal_fundraising"),
        subjects: &["举报有人以养老项目名义非法集资", "举报商铺高息吸收存款"],
        bodies: &[
            "{{place}}有一家“养老服务中心”，每天组织老人听讲座、送鸡蛋，动员老人投钱，承诺年息20%，我妈已经投了三万元。",
            "{{place}}附近一家商铺以“分红入股”名义向街坊吸收资金，说月息3分，怀疑是非法集资。",
        ],
        replies: &[
            "您好！感谢您的举报。承诺高额回报、面向社会公众吸收资金的，涉嫌非法集资。线索已转交经济犯罪侦查支队核查。请提醒家中老人不要继续投钱，并保留好相关合同、收据。",
        ],
        resolutions: &["线索已移交经侦部门立案调查，已提醒群众保留证据。"],
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Report,
        category: "治安",
        handler: Handler::Bureau,
        weight: 5,
        subjects: &[
            "{{place}}一带电动车接连被盗",
            "电动车电瓶被偷",
            "停在楼下的电动车不见了",
        ],
        bodies: &[
            "{{place}}附近的小区最近一个月接连丢了好几辆电动车，小区监控很多是坏的，请派出所加强巡逻。",
            "昨晚停在{{place}}附近楼下的电动车电瓶被人撬走了，这已经是今年第二次了。",
            "今天早上发现停在{{place}}附近的电动车不见了，车是新买的，有上牌，请帮忙找找。",
        ],
        replies: &[
            "您好！您的报警信息已转交{{department}}处理，辖区派出所已受案并调取周边视频，同时加强该小区周边夜间巡逻，并建议物业维修监控、设置集中充电停放点。有进展会及时联系您。",
        ],
        resolutions: &[
            "派出所已立案侦查，并加强小区周边巡逻防范。",
            "经侦查已抓获盗窃嫌疑人，追回被盗车辆并发还失主。",
        ],
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Report,
        category: "交通管理",
        handler: Handler::Division(DEPT_TRAFFIC),
        weight: 2,
        subjects: &["举报有人经常酒后驾车", "举报深夜飙车炸街"],
        bodies: &[
            "{{place}}附近一个饭店门口，每晚都有人喝完酒直接开车走，希望交警在这边设卡查一查。",
            "最近每天深夜都有改装摩托车在{{place}}一带飙车炸街，声音巨大，非常危险。",
        ],
        replies: &[
            "您好！感谢您的举报。交警部门已将该区域纳入夜查重点，近期将开展酒驾醉驾、非法改装“炸街”车辆专项整治。请广大群众自觉做到“开车不喝酒，喝酒不开车”。",
        ],
        resolutions: &["已在该区域开展夜查行动，查处酒驾及非法改装车辆。"],
        ..TOPIC
    },
    // ---- suggestions (建议) ----
    Topic {
        kind: InquiryKind::Suggestion,
        category: "交通管理",
        handler: Handler::Division(DEPT_TRAFFIC),
        weight: 5,
        subjects: &[
            "建议{{place}}路口增设左转红绿灯",
            "{{place}}路口行人绿灯时间太短",
            "建议在学校附近增设人行横道",
        ],
        bodies: &[
            "{{place}}路口没有左转专用灯，左转车和直行车经常抢道，早上堵得很厉害，建议增设左转信号灯。",
            "{{place}}路口行人绿灯只有15秒，老人根本走不过去，建议延长行人过街时间。",
            "{{place}}附近有两所学校，但几百米内都没有斑马线，孩子们只能横穿马路，建议增设人行横道和减速带。",
        ],
        replies: &[
            "您好！感谢您的宝贵建议。交警部门已派员到现场勘查，将结合车流量数据优化该路口信号灯配时方案，相关调整将在完成评估后实施。",
            "您好，您的建议已收悉。经现场调研，该路口已列入近期交通组织优化计划，将增设左转待转区并调整信号相位。欢迎继续为肇庆交通出谋划策！",
        ],
        resolutions: &[
            "已优化该路口信号配时，行人过街时间延长至30秒。",
            "建议已采纳，相关设施已列入本年度交通设施建设计划。",
        ],
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Suggestion,
        category: "户政",
        handler: Handler::Division(DEPT_HUKOU),
        weight: 2,
        subjects: &["建议户籍窗口周末也开放", "建议身份证办好后可以邮寄"],
        bodies: &[
            "上班族平时很难请假，建议户籍窗口周六周日也能办业务，哪怕只开半天。",
            "补办身份证要跑两次，建议增加邮寄到家服务。",
        ],
        replies: &[
            "您好！感谢您的建议。目前全市已有部分派出所户籍窗口推行周六上午延时服务，身份证补换领也已支持邮寄送达，办理时可选择。我们将继续优化便民措施。",
        ],
        resolutions: &["已答复现有便民措施，建议已转相关部门研究。"],
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Suggestion,
        category: "电信诈骗",
        handler: Handler::Division(DEPT_ECON),
        weight: 2,
        subjects: &["建议在菜市场多做反诈宣传", "建议给老年人多开防诈骗讲座"],
        bodies: &[
            "身边好几位老人都接过诈骗电话，他们不怎么看手机新闻，建议民警到{{place}}附近的菜市场、社区摆摊宣传。",
            "建议社区定期开防诈骗讲座，用真实案例来讲，老年人更容易听进去。",
        ],
        replies: &[
            "您好！感谢您的建议！我们将联合社区、街道在菜市场、公园等老年人聚集的场所开展反诈宣传“进社区、进市场”活动，也欢迎您关注平安肇庆，把反诈提示转发给家人。",
        ],
        resolutions: &["已在相关社区和菜市场开展反诈宣传活动。"],
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Suggestion,
        category: "治安",
        handler: Handler::Bureau,
        weight: 3,
        subjects: &[
            "建议上学高峰在{{place}}学校门口增派警力",
            "建议加强{{place}}一带夜间巡逻",
        ],
        bodies: &[
            "{{place}}附近小学门口早上人车混行，希望上学高峰能有民警或辅警维持秩序。",
            "{{place}}一带路灯少，晚上下班回家有点害怕，建议加强夜间巡逻。",
        ],
        replies: &[
            "您好！感谢您的建议。{{department}}已将该点位纳入巡逻防控路线，在上下学高峰和夜间重点时段提高见警率，也欢迎您随时通过平安肇庆反映治安问题。",
        ],
        resolutions: &["已将该点位纳入巡逻路线，上下学高峰设置护学岗。"],
        ..TOPIC
    },
    // ---- praise (表扬) ----
    Topic {
        kind: InquiryKind::Praise,
        category: "表扬",
        handler: Handler::Bureau,
        weight: 4,
        subjects: &[
            "感谢民警帮我找回丢失的钱包",
            "感谢民警帮忙找回走失的孩子",
            "点赞{{district}}的巡逻民警",
        ],
        bodies: &[
            "前天在{{place}}把钱包落在出租车上，里面有证件和现金，派出所民警调监控帮我找了回来，真心感谢！",
            "我家孩子在{{place}}附近玩耍时走失，民警接警后十几分钟就帮我们找到了，非常感谢人民警察！",
            "昨天深夜车在{{place}}附近抛锚，巡逻民警帮忙推车、联系拖车，服务很暖心，点赞！",
        ],
        replies: &[
            "您好！感谢您对公安工作的肯定和支持！您的表扬我们已转达{{department}}的民警，为人民服务是我们应尽的职责。平安肇庆，与您同行！",
        ],
        resolutions: &["表扬已转达相关民警及所在单位。"],
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Praise,
        category: "表扬",
        handler: Handler::Division(DEPT_TRAFFIC),
        weight: 2,
        subjects: &["感谢交警冒雨指挥交通", "点赞交警高考期间护送考生"],
        bodies: &[
            "今天在{{place}}看到交警冒雨指挥交通，浑身都湿透了，真的辛苦了，点赞！",
            "孩子高考当天差点迟到，是交警骑摩托车把他送到考场的，太感谢了！",
        ],
        replies: &[
            "您好！谢谢您的点赞！护航群众出行是交警的职责，您的鼓励我们已转达执勤民警。祝您出行平安！",
        ],
        resolutions: &["表扬已转达执勤民警。"],
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Praise,
        category: "表扬",
        handler: Handler::Division(DEPT_EXIT),
        weight: 2,
        subjects: &["感谢出入境窗口加急帮我办好护照"],
        bodies: &[
            "家里老人在国外病危，急需回去探望，出入境窗口的民警了解情况后帮我加急办理，两天就拿到了护照，非常感谢！",
        ],
        replies: &[
            "您好！感谢您的肯定，也祝愿您的家人早日康复。急群众之所急是我们的本分，您的表扬已转达出入境窗口的同事。",
        ],
        resolutions: &["表扬已转达出入境窗口民警。"],
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Praise,
        category: "表扬",
        handler: Handler::Division(DEPT_110),
        weight: 1,
        subjects: &["感谢民警帮忙把突发疾病的老人送医"],
        bodies: &[
            "在{{place}}遇到一位老人突然晕倒，打110后民警几分钟就到了，还开警车把老人送到医院，太感谢了！",
        ],
        replies: &[
            "您好！感谢您的及时报警和热心帮助！老人经救治已脱离危险，您的表扬已转达处警民警。",
        ],
        resolutions: &["表扬已转达处警民警。"],
        ..TOPIC
    },
];

/// Matters for other agencies, refused with a pointer to the right one.
const OUT_OF_SCOPE: &[Topic] = &[
    Topic {
        kind: InquiryKind::Complaint,
        category: "其他",
        subjects: &["小区物业乱收停车费"],
        bodies: &["{{place}}附近小区物业把停车费涨到每月三百元，没有经过业主大会，请警察管一管。"],
        reject_reason: Some(
            "该事项属物业服务纠纷，不属于公安机关职责范围，已告知可通过12345政务服务便民热线或向住建部门反映。",
        ),
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Complaint,
        category: "其他",
        subjects: &["楼下餐馆油烟太大"],
        bodies: &["{{place}}附近楼下新开的餐馆油烟直排，家里窗户都不敢开，请处理一下。"],
        reject_reason: Some("餐饮油烟污染属生态环境部门职责，已告知通过12345热线反映。"),
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Consultation,
        category: "其他",
        subjects: &["社保卡丢了怎么补办"],
        bodies: &["社保卡不见了，请问在{{district}}哪里可以补办？"],
        reject_reason: Some("社保卡补办属人力资源和社会保障部门业务，已告知可拨打12333咨询。"),
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Complaint,
        category: "其他",
        subjects: &["菜市场有摊贩缺斤少两"],
        bodies: &["在{{place}}附近的菜市场买菜，回家一称少了快二两，请有关部门查一查。"],
        reject_reason: Some("计量作弊问题属市场监管部门职责，已告知拨打12315投诉。"),
        ..TOPIC
    },
    Topic {
        kind: InquiryKind::Consultation,
        category: "其他",
        subjects: &["你好"],
        bodies: &["你好，在吗？"],
        reject_reason: Some("内容不完整，无法受理。如有需要请补充具体事项后重新提交。"),
        ..TOPIC
    },
];

const GENERIC_REJECT_REASONS: [&str; 2] = [
    "经核实，该问题已通过110接处警依法处理完毕，属重复反映，不再重复受理。",
    "该事项已进入诉讼程序，依法应由人民法院处理，公安机关不再受理。",
];

const INTERNAL_NOTES: [&str; 5] = [
    "已电话联系当事人核实情况，拟按口径答复。",
    "已调取周边视频，正在核查。",
    "已与辖区派出所对接，请其于期限内反馈核查结果。",
    "涉及其他部门职责，已同步抄告相关单位。",
    "群众情绪较急，已优先处理，请值班长审核答复内容。",
];

const ACKNOWLEDGEMENTS: [&str; 2] = [
    "您好，您反映的问题已收悉，已转交{{department}}核查处理，请耐心等待。问政编号：{{reference}}。",
    "您好！收到您的信息，{{department}}正在核实，处理结果将第一时间回复您。",
];

const CORRECTION_REASON: &str = "原回复中的办理地点有误";

const CORRECTION_BODY: &str = "【更正】此前回复中的办理地点有误，现更正为：{{district}}政务服务中心公安窗口。给您带来不便，深表歉意。——{{dutyName}}";

const REOPEN_REASONS: [&str; 3] = [
    "问题仍未解决，申请重新处理。",
    "回复说已经整改，但情况和原来一样，请再派人来看看。",
    "答复与实际情况不符，申请复查。",
];

const SATISFIED_COMMENTS: [&str; 5] = [
    "回复很及时，问题解决了，谢谢！",
    "民警很耐心，点赞平安肇庆！",
    "按照指引很快就办好了。",
    "当天就有回复，效率很高。",
    "处理得很好，感谢民警同志。",
];

const BASIC_COMMENTS: [&str; 3] = [
    "问题基本解决了，就是等的时间有点长。",
    "回复有用，但希望能说得更具体一点。",
    "还可以，希望后续继续跟进。",
];

const UNSATISFIED: [(&str, &str); 4] = [
    (
        "处理时间过长",
        "等了一个多星期才有回复，问题还是没彻底解决。",
    ),
    ("问题未解决", "情况还是照旧，民警来过一次就没下文了。"),
    ("答复不具体", "回复都是套话，没有说具体怎么处理。"),
    (
        "答复与实际不符",
        "说已经整改了，但我每天经过都看到还是一样。",
    ),
];

const SURNAMES: [&str; 30] = [
    "陈", "李", "黄", "梁", "何", "张", "罗", "林", "邓", "冯", "吴", "刘", "谭", "苏", "叶", "莫",
    "欧阳", "区", "麦", "植", "彭", "杨", "周", "钟", "郭", "伍", "卢", "曾", "蔡", "潘",
];

const GIVEN_NAMES: [&str; 30] = [
    "伟明", "丽娟", "志强", "嘉欣", "晓峰", "美玲", "国华", "秀英", "子豪", "慧敏", "家乐", "少芬",
    "文杰", "艳红", "俊杰", "海燕", "锦华", "婉仪", "振东", "桂芳", "永康", "淑贤", "浩然", "雪梅",
    "建平", "小燕", "伟强", "玉兰", "泽楷", "颖诗",
];

/// An answer-library entry (口径库).
struct AnswerSpec {
    key: &'static str,
    dept: usize,
    category: &'static str,
    title: &'static str,
    question: &'static str,
    answer: &'static str,
    keywords: &'static str,
    status: AnswerStatus,
}

const ANSWER: AnswerSpec = AnswerSpec {
    key: "",
    dept: DEPT_PR,
    category: "",
    title: "",
    question: "",
    answer: "",
    keywords: "",
    status: AnswerStatus::Approved,
};

const ANSWERS: &[AnswerSpec] = &[
    AnswerSpec {
        key: "passport_renewal",
        dept: DEPT_EXIT,
        category: "出入境",
        title: "护照换发所需材料及办理地点",
        question: "护照快到期或已过期，如何换发？需要哪些材料？",
        answer: "您好！护照有效期不足六个月、签证页即将用完或护照损毁的，可申请换发。全国范围内均可就近办理，无需回户籍地。请携带本人居民身份证和原护照，到出入境接待大厅现场采集照片、指纹，一般7个工作日内制证完成，可选择邮寄送达。急需出境的，可凭相关证明申请加急。您的问政编号为{{reference}}，如有疑问请留言，{{department}}{{dutyName}}为您解答。",
        keywords: "护照,换发,到期,过期,出入境,材料,预约",
        ..ANSWER
    },
    AnswerSpec {
        key: "hk_macau_endorsement",
        dept: DEPT_EXIT,
        category: "出入境",
        title: "往来港澳通行证自助签注",
        question: "港澳通行证签注用完了，可以自助办理再次签注吗？",
        answer: "您好！持电子往来港澳通行证且已留存指纹的，可在全市出入境接待大厅及部分派出所的自助签注机办理再次签注，即时生效，节假日照常开放。首次申请签注或证件为旧版本的，请到窗口办理，一般5个工作日完成。——{{department}}{{dutyName}}",
        keywords: "港澳通行证,签注,续签,自助签注,香港,澳门",
        ..ANSWER
    },
    AnswerSpec {
        key: "express_documents",
        dept: DEPT_EXIT,
        category: "出入境",
        title: "出入境证件加急办理条件",
        question: "什么情况下可以申请加急办理出入境证件？",
        answer: "您好！因出国奔丧、探望危重病人、出国就医、留学报到时间紧急等原因急需出境的，可凭相关证明材料申请加急办理，符合条件的一般在5个工作日内制证。请在申请时向窗口民警说明情况并提交证明。",
        keywords: "加急,护照,奔丧,探病,就医,留学,急需出境",
        ..ANSWER
    },
    AnswerSpec {
        key: "hukou_purchase",
        dept: DEPT_HUKOU,
        category: "户政",
        title: "购房入户条件及材料",
        question: "在肇庆购买了住房，本人及家属如何把户口迁入？",
        answer: "您好！在我市拥有合法产权住房的，本人及其配偶、未成年子女可申请在房屋所在地落户。请携带居民户口簿、居民身份证、不动产权证书、结婚证（随迁配偶）及出生医学证明（随迁子女），到房屋所在地派出所户籍窗口申请。省内及部分跨省迁移已实行“一站式”办理，无需回迁出地开具准迁证。",
        keywords: "户口,迁入,落户,购房入户,准迁证,随迁,跨省通办",
        ..ANSWER
    },
    AnswerSpec {
        key: "newborn_hukou",
        dept: DEPT_HUKOU,
        category: "户政",
        title: "新生儿入户办理",
        question: "小孩出生后怎么报户口？",
        answer: "您好！新生儿可随父或随母申报常住户口。请携带《出生医学证明》、父母双方的居民户口簿和居民身份证、结婚证，到拟落户地派出所户籍窗口办理；已开通“出生一件事”联办的，也可通过“粤省事”小程序在线申请。",
        keywords: "新生儿,出生,入户,报户口,出生医学证明,随父随母",
        ..ANSWER
    },
    AnswerSpec {
        key: "id_card_reissue",
        dept: DEPT_HUKOU,
        category: "户政",
        title: "居民身份证补领及临时身份证",
        question: "身份证丢了怎么补办？能不能异地补领、先办临时身份证？",
        answer: "您好！居民身份证已实现全国异地补领，本人到任一派出所户籍窗口现场采集照片即可申请，一般15个工作日可领取，也可选择邮寄。急需使用的，可同时申领临时居民身份证。乘坐火车的，可在车站公安制证窗口办理临时乘车身份证明。",
        keywords: "身份证,补办,补领,丢失,临时身份证,异地,乘车证明",
        ..ANSWER
    },
    AnswerSpec {
        key: "residence_permit",
        dept: DEPT_HUKOU,
        category: "户政",
        title: "居住证申领及签注",
        question: "外地人在肇庆怎么办居住证？居住证怎么签注？",
        answer: "您好！在居住地居住半年以上，并有合法稳定就业、合法稳定住所、连续就读条件之一的，可在居住地派出所申领居住证；未满半年的可先办理居住登记。居住证每年签注一次，可通过“粤省事”小程序办理。",
        keywords: "居住证,居住登记,签注,半年,外来人员",
        ..ANSWER
    },
    AnswerSpec {
        key: "no_crime_certificate",
        dept: DEPT_HUKOU,
        category: "户政",
        title: "无犯罪记录证明开具",
        question: "入职、出国需要无犯罪记录证明，在哪里开？",
        answer: "您好！无犯罪记录证明可通过“粤省事”小程序在线申请，也可到户籍地或居住地派出所申请，符合条件的当场或3个工作日内出具。委托他人代办的，需提供委托书及双方身份证件。用于出国的，如需公证请另行到公证处办理。",
        keywords: "无犯罪记录证明,开证明,入职,出国,粤省事",
        ..ANSWER
    },
    AnswerSpec {
        key: "licence_renewal",
        dept: DEPT_TRAFFIC,
        category: "交通管理",
        title: "驾驶证期满换证",
        question: "驾驶证快到期了，怎么换证？要不要体检？",
        answer: "您好！驾驶证有效期满前90日内可申请换证。请先到具备资质的医疗机构体检，再通过“交管12123”APP在线申请，新证邮寄到家；也可到车管所或交警大队车管服务站办理。超过有效期未满一年的仍可换证，超过一年的需参加科目一考试。",
        keywords: "驾驶证,换证,到期,期满,体检,12123",
        ..ANSWER
    },
    AnswerSpec {
        key: "ebike_plate",
        dept: DEPT_TRAFFIC,
        category: "交通管理",
        title: "电动自行车登记上牌",
        question: "电动自行车怎么上牌？需要什么资料？",
        answer: "您好！电动自行车登记上牌需车主本人携带身份证、购车发票（或来历承诺书）、产品合格证及车辆，到就近登记点办理，现场查验合格后即时发放号牌。不符合《电动自行车安全技术规范》（GB17761-2018）的车辆不予登记。",
        keywords: "电动车,电动自行车,上牌,登记,号牌,新国标",
        ..ANSWER
    },
    AnswerSpec {
        key: "violation_handling",
        dept: DEPT_TRAFFIC,
        category: "交通管理",
        title: "交通违法异地处理及申诉",
        question: "外地车在肇庆违章怎么处理？对违章记录有异议怎么申诉？",
        answer: "您好！机动车交通违法已全国联网，可通过“交管12123”APP或任一交警违法处理窗口办理，无需回车辆登记地。对违法记录有异议的，可在APP内提交申诉，或携带证据到违法发生地交警大队申请复核。请勿买卖驾驶证记分。",
        keywords: "违章,交通违法,违法处理,扣分,申诉,异地,12123",
        ..ANSWER
    },
    AnswerSpec {
        key: "accident_quick",
        dept: DEPT_TRAFFIC,
        category: "交通管理",
        title: "轻微交通事故快处快赔",
        question: "发生轻微剐蹭事故怎么处理？需要等交警到场吗？",
        answer: "您好！发生无人员伤亡、车辆能够移动的轻微财产损失事故，双方应立即在确保安全的前提下拍照取证并撤离现场，通过“交管12123”APP或“粤省事”快处快赔功能在线定责，再向保险公司报案理赔，无需等待交警到场。",
        keywords: "交通事故,快处快赔,剐蹭,撤离现场,保险理赔",
        ..ANSWER
    },
    AnswerSpec {
        key: "drug_tipoff",
        dept: DEPT_DRUG,
        category: "禁毒",
        title: "涉毒线索举报途径及奖励",
        question: "发现有人吸毒贩毒，怎么举报？会不会泄露举报人信息？",
        answer: "您好！涉毒线索可拨打110、通过平安肇庆私信或到就近派出所举报。公安机关对举报人信息严格保密，经查证属实的，按照有关规定给予举报奖励。感谢您对禁毒工作的支持！",
        keywords: "吸毒,贩毒,毒品,举报,奖励,保密",
        ..ANSWER
    },
    AnswerSpec {
        key: "drug_education",
        dept: DEPT_DRUG,
        category: "禁毒",
        title: "禁毒宣传进校园、进单位预约",
        question: "学校或单位想请民警开展禁毒宣传，怎么预约？",
        answer: "您好！学校、单位、社区可通过平安肇庆私信或致电禁毒支队预约禁毒宣传活动，请提前一周告知单位名称、活动时间、人数及联系人，我们将安排禁毒民警和宣讲员前往。",
        keywords: "禁毒,宣传,讲座,进校园,禁毒教育基地,预约",
        ..ANSWER
    },
    AnswerSpec {
        key: "anti_fraud",
        dept: DEPT_ECON,
        category: "电信诈骗",
        title: "防范冒充公检法诈骗",
        question: "接到自称公安、检察院的电话说我涉嫌犯罪，要转账到安全账户，怎么办？",
        answer: "您好！公检法机关不会通过电话、网络办案，更不存在所谓“安全账户”，凡是要求转账到“安全账户”的都是诈骗。请立即挂断电话，不要转账、不要透露验证码。已经转账的，请立即拨打110或96110报警，并保留通话记录和转账凭证。",
        keywords: "诈骗,电信诈骗,公检法,安全账户,反诈,96110,冒充",
        ..ANSWER
    },
    AnswerSpec {
        key: "brushing_fraud",
        dept: DEPT_ECON,
        category: "电信诈骗",
        title: "刷单返利类诈骗报案指引",
        question: "网上兼职刷单被骗了，怎么报案？钱能追回来吗？",
        answer: "您好！所有刷单都是诈骗，网络刷单本身也属违法行为。被骗后请立即拨打110或到就近派出所报案，携带身份证、银行卡以及聊天记录、转账记录等证据。公安机关将依法开展侦查和涉案资金止付冻结工作。",
        keywords: "刷单,兼职,返利,诈骗,报案,追回",
        ..ANSWER
    },
    AnswerSpec {
        key: "illegal_fundraising",
        dept: DEPT_ECON,
        category: "经济犯罪",
        title: "识别和举报非法集资",
        question: "有人承诺高额回报让我投资，是不是非法集资？",
        answer: "您好！未经依法许可，以承诺还本付息、高额回报为诱饵向社会公众吸收资金的，涉嫌非法集资。请牢记“高收益意味着高风险”，不轻信“稳赚不赔”。发现相关线索，可向公安机关或地方金融监管部门举报，并保留合同、收据等证据。",
        keywords: "非法集资,高息,理财,投资,养老,分红",
        ..ANSWER
    },
    AnswerSpec {
        key: "detention_visit",
        dept: DEPT_CUSTODY,
        category: "监管",
        title: "看守所家属存款、送物及会见",
        question: "家人被羁押在看守所，家属怎么存钱、送衣物？能不能会见？",
        answer: "您好！家属可携带本人身份证件和亲属关系证明，在工作日到看守所家属接待室办理存款和衣物转交，衣物不得带有金属扣件、绳带等。侦查阶段家属一般不能会见，辩护律师可凭律师执业证书、律师事务所证明和委托书预约会见。",
        keywords: "看守所,羁押,存款,送衣物,会见,律师会见",
        ..ANSWER
    },
    AnswerSpec {
        key: "admin_review",
        dept: DEPT_LEGAL,
        category: "法制",
        title: "对公安行政处罚不服的救济途径",
        question: "对公安机关的罚款、拘留决定不服，怎么办？",
        answer: "您好！对公安机关作出的行政处罚决定不服的，可自知道该行政行为之日起六十日内依法申请行政复议，也可依法向人民法院提起行政诉讼。复议机关和起诉期限以处罚决定书上告知的为准。申请复议期间，处罚决定原则上不停止执行。",
        keywords: "行政复议,行政诉讼,罚款,拘留,处罚决定,六十日",
        ..ANSWER
    },
    AnswerSpec {
        key: "information_disclosure",
        dept: DEPT_LEGAL,
        category: "法制",
        title: "向公安机关申请政府信息公开",
        question: "想向公安机关申请公开某项信息，怎么申请？",
        answer: "您好！公民可以书面形式向公安机关申请获取政府信息，写明申请人姓名、联系方式、所需信息的名称或内容描述及获取方式，通过信函、当面提交或政务服务网办理。公安机关将在法定期限内予以答复。",
        keywords: "政府信息公开,信息公开申请,依申请公开",
        ..ANSWER
    },
    AnswerSpec {
        key: "emergency_110",
        dept: DEPT_110,
        category: "报警求助",
        title: "110报警须知",
        question: "什么情况可以打110？不方便说话时怎么报警？",
        answer: "您好！遇到违法犯罪、危及人身财产安全的紧急情况以及需要紧急救助的，请立即拨打110。报警时请讲清事发地点、情况和您的联系方式。不方便语音通话的，可发送短信至12110报警。非紧急的咨询、投诉请通过平安肇庆或12345热线反映，请勿占用110线路。",
        keywords: "110,报警,求助,紧急,短信报警,12110",
        ..ANSWER
    },
    AnswerSpec {
        key: "missing_person",
        dept: DEPT_110,
        category: "报警求助",
        title: "人员走失报警无需等24小时",
        question: "家人走失，是不是要等24小时才能报警？",
        answer: "您好！报警不需要等满24小时。发现家人走失，特别是老人、儿童或精神障碍患者，请立即拨打110报警，并提供走失人员照片、衣着特征和最后出现的地点，越早报警越有利于查找。",
        keywords: "走失,失踪,24小时,老人,儿童,报警,寻人",
        ..ANSWER
    },
    AnswerSpec {
        key: "inquiry_deadline",
        dept: DEPT_PR,
        category: "问政服务",
        title: "平安肇庆网络问政办理时限",
        question: "在平安肇庆反映问题后，多久能有回复？怎么查进度？",
        answer: "您好！您的问政编号为{{reference}}。平安肇庆对群众的咨询、投诉、举报件件有回复、有结果：一般咨询3个工作日内办结，投诉5个工作日内办结，举报线索15个工作日内反馈核查情况。您可凭问政编号和查询码随时查看办理进度。",
        keywords: "问政,办理时限,多久回复,进度,查询码,问政编号",
        ..ANSWER
    },
    AnswerSpec {
        key: "complaint_process",
        dept: DEPT_PR,
        category: "问政服务",
        title: "投诉民警的受理与反馈",
        question: "对民警的执法或服务态度不满意，怎么投诉？",
        answer: "您好！感谢您的监督。您反映的问题已转交{{department}}核查，核查结果将在5个工作日内回复您。经查属实的，将依规依纪严肃处理并向您反馈。您也可拨打12389公安机关举报投诉电话反映。",
        keywords: "投诉,民警,态度,执法,督察,12389",
        ..ANSWER
    },
    AnswerSpec {
        key: "hk_taiwan_residence",
        dept: DEPT_HUKOU,
        category: "户政",
        title: "港澳台居民居住证申领",
        question: "港澳台居民在肇庆怎么申领居住证？",
        answer: "（草稿）港澳台居民在内地居住半年以上，符合有合法稳定就业、合法稳定住所、连续就读条件之一的，可申领港澳台居民居住证。具体材料待与出入境部门核对后补充。",
        keywords: "港澳台居民,居住证,港澳居民,台湾居民",
        status: AnswerStatus::Draft,
    },
    AnswerSpec {
        key: "licence_remote_exam",
        dept: DEPT_TRAFFIC,
        category: "交通管理",
        title: "驾驶证异地考试",
        question: "外省户籍能在肇庆考驾照吗？",
        answer: "（草稿）持有本地居住证的外省户籍人员可在肇庆报名参加机动车驾驶人考试。跨省异地考试的具体条件待核实后补充。",
        keywords: "驾驶证,异地考试,考驾照,外省户籍",
        status: AnswerStatus::Draft,
    },
    AnswerSpec {
        key: "hk_macau_old_rule",
        dept: DEPT_EXIT,
        category: "出入境",
        title: "港澳通行证签注须回户籍地办理（已失效）",
        question: "港澳通行证签注可以在肇庆办吗？",
        answer: "您好！往来港澳通行证签注须回户籍所在地出入境管理部门办理。（该口径已随“全国通办”政策调整失效，请使用“往来港澳通行证自助签注”。）",
        keywords: "港澳通行证,签注,户籍地",
        status: AnswerStatus::Retired,
    },
];

/// A published notice (信息公开). `{{date}}` is the day the notice refers to.
struct AnnouncementSpec {
    title: &'static str,
    body: &'static str,
    category: AnnouncementCategory,
    district_code: &'static str,
    days_ago: i64,
    /// Days from publication to the date the text mentions.
    date_offset: i64,
    /// Index in [`ANNOUNCEMENTS`] of the notice this one corrects.
    corrects: Option<usize>,
    correction_reason: Option<&'static str>,
}

const ANNOUNCEMENTS: [AnnouncementSpec; 7] = [
    AnnouncementSpec {
        title: "出入境证件“全市通办”及周末延时服务的通知",
        body: "自{{date}}起，市民在全市任一出入境接待大厅均可申请办理护照、往来港澳通行证、往来台湾通行证及签注，无需回户籍地。市出入境接待大厅逢周六上午9:00至12:00提供延时服务。请通过“移民局”APP预约，减少等候时间。",
        category: AnnouncementCategory::ServiceNotice,
        district_code: CITY_CODE,
        days_ago: 30,
        date_offset: 3,
        corrects: None,
        correction_reason: None,
    },
    AnnouncementSpec {
        title: "关于肇庆马拉松赛事期间部分路段实施交通管制的通告",
        body: "为保障{{date}}肇庆马拉松赛事顺利进行，当日6:00至13:00，星湖大道、端州路、天宁北路、信安大道等赛道沿线路段将分时段实施交通管制，禁止机动车、非机动车通行。请广大市民提前规划出行路线，绕行期间服从交警指挥。给您带来的不便，敬请谅解。",
        category: AnnouncementCategory::Traffic,
        district_code: CITY_CODE,
        days_ago: 20,
        date_offset: 10,
        corrects: None,
        correction_reason: None,
    },
    AnnouncementSpec {
        title: "警惕！冒充“电商客服”退款诈骗高发",
        body: "近期，我市发生多起冒充电商、快递客服，以“商品质量问题”“快递丢失”为由主动联系群众退款理赔的诈骗案件。骗子诱导受害人下载会议软件、开启屏幕共享，进而骗取银行卡信息和验证码。平安肇庆提醒：正规客服不会要求开启屏幕共享，退款请通过官方平台操作；如遇可疑情况，请拨打96110咨询或110报警。",
        category: AnnouncementCategory::SafetyTip,
        district_code: CITY_CODE,
        days_ago: 12,
        date_offset: 0,
        corrects: None,
        correction_reason: None,
    },
    AnnouncementSpec {
        title: "关于高要区金渡镇一起交通事故的情况通报",
        body: "{{date}}17时许，高要区金渡镇G321国道路段发生一起小型客车与重型货车碰撞的交通事故，造成3人受伤，伤者已送医救治，均无生命危险。事故原因正在进一步调查中。请广大驾驶人雨天路滑减速慢行，保持安全车距。",
        category: AnnouncementCategory::CaseNotice,
        district_code: "441204",
        days_ago: 8,
        date_offset: -1,
        corrects: None,
        correction_reason: None,
    },
    AnnouncementSpec {
        title: "【更正】关于高要区金渡镇一起交通事故的情况通报",
        body: "经进一步核实，{{date}}高要区金渡镇G321国道交通事故造成2人受伤（原通报为3人），伤者均无生命危险。特此更正，并对原通报中的不准确信息致歉。事故原因仍在调查中。",
        category: AnnouncementCategory::CaseNotice,
        district_code: "441204",
        days_ago: 7,
        date_offset: 0,
        corrects: Some(3),
        correction_reason: Some("原通报受伤人数有误，经医院核实为2人受伤"),
    },
    AnnouncementSpec {
        title: "端州警方破获系列盗窃电动自行车案",
        body: "近日，端州分局经连续侦查，在黄岗街道一出租屋内抓获盗窃电动自行车嫌疑人2名，破获系列盗窃案件17宗，追回被盗电动自行车12辆。目前两名嫌疑人已被依法刑事拘留。请失主携带购车凭证到黄岗派出所认领。提醒：停放电动车请加装车锁，尽量停放在有监控的地方。",
        category: AnnouncementCategory::CaseNotice,
        district_code: "441202",
        days_ago: 4,
        date_offset: 0,
        corrects: None,
        correction_reason: None,
    },
    AnnouncementSpec {
        title: "电动自行车防盗防火安全提示",
        body: "近期四会市部分小区发生电动自行车被盗、充电起火事件。四会市公安局提醒：电动自行车请停放在有监控的集中停放点，加装防盗锁；严禁在楼道、楼梯间停放充电，严禁私拉电线“飞线”充电；充电时间不宜过长，发现电池鼓包、异味请立即停止使用。",
        category: AnnouncementCategory::SafetyTip,
        district_code: "441284",
        days_ago: 2,
        date_offset: 0,
        corrects: None,
        correction_reason: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn directory() -> Directory {
        plan_directory(utc("2025-11-01T00:00:00Z"))
    }

    fn demo(now: DateTime<Utc>) -> (Directory, DemoPlan) {
        let dir = directory();
        let rules = HashMap::new();
        let calendar = WorkingCalendar::default();
        let codes = TrackingCodes::new(b"0123456789abcdef0123456789abcdef");
        let plan = plan_demo(
            &dir,
            DemoContext {
                rules: &rules,
                calendar: &calendar,
                tz: chrono_tz::Asia::Shanghai,
                now,
                codes: &codes,
            },
        );
        (dir, plan)
    }

    #[test]
    fn fill_replaces_every_known_placeholder_and_keeps_the_rest() {
        let out = fill(
            "您好，{{dutyName}}代表{{department}}答复{{reference}}；{{other}}",
            &[
                ("dutyName", "出入境小陈"),
                ("department", "出入境管理支队"),
                ("reference", "ZQ2611-7K3M9Q"),
            ],
        );
        assert_eq!(
            out,
            "您好，出入境小陈代表出入境管理支队答复ZQ2611-7K3M9Q；{{other}}"
        );
    }

    #[test]
    fn pick_weighted_never_picks_a_zero_weight() {
        let mut rng = StdRng::seed_from_u64(1);
        for _ in 0..1000 {
            assert_ne!(pick_weighted(&mut rng, &[3, 0, 5, 0]) % 2, 1);
        }
        assert_eq!(pick_weighted(&mut rng, &[0, 0]), 0);
    }

    #[test]
    fn fit_before_compresses_a_history_that_would_end_in_the_future() {
        let anchor = utc("2026-01-01T00:00:00Z");
        let limit = utc("2026-01-01T10:00:00Z");
        let times: Vec<_> = [0, 5, 5, 20]
            .iter()
            .map(|h| anchor + Duration::hours(*h))
            .collect();
        let fitted = fit_before(anchor, &times, limit);
        assert_eq!(fitted[0], anchor);
        assert!(fitted.windows(2).all(|w| w[0] < w[1]), "{fitted:?}");
        assert!(*fitted.last().unwrap() <= limit + Duration::milliseconds(5));
        // A history already in the past keeps its times (only ties are broken).
        let past: Vec<_> = [0, 1, 2]
            .iter()
            .map(|h| anchor + Duration::hours(*h))
            .collect();
        assert_eq!(fit_before(anchor, &past, limit), past);
    }

    #[test]
    fn mobile_numbers_are_valid_mainland_numbers() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..200 {
            let m = mobile(&mut rng);
            assert_eq!(m.len(), 11, "{m}");
            assert!(
                m.starts_with('1') && (b'3'..=b'9').contains(&m.as_bytes()[1]),
                "{m}"
            );
            assert!(m.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn the_directory_has_the_structure_the_bureau_works_with() {
        let dir = directory();
        assert_eq!(dir.districts.len(), 9);
        assert_eq!(dir.districts[0].code, "441200");
        assert!(dir.districts[0].parent_id.is_none());
        assert!(
            dir.districts[1..]
                .iter()
                .all(|d| d.parent_id == Some(dir.districts[0].id))
        );
        assert_eq!(dir.departments.len(), 17);
        assert!(dir.officers.len() >= 34);

        let badges: HashSet<_> = dir
            .officers
            .iter()
            .map(|o| o.badge_number.clone())
            .collect();
        assert_eq!(badges.len(), dir.officers.len());
        assert!(
            badges.iter().all(|b| b.len() == 6
                && b.starts_with('0')
                && b.bytes().all(|c| c.is_ascii_digit()))
        );

        let admin = &dir.officers[ADMIN];
        assert_eq!(
            (admin.role, admin.spokesperson, admin.department_id),
            (Role::Admin, true, dir.departments[DEPT_PR].id)
        );
        let spokespeople: Vec<_> = dir.officers.iter().filter(|o| o.spokesperson).collect();
        assert_eq!(spokespeople.len(), 2);
        assert!(
            spokespeople
                .iter()
                .all(|o| o.department_id == dir.departments[DEPT_PR].id)
        );
        assert_eq!(dir.officers.iter().filter(|o| !o.active).count(), 1);

        for district in 1..=8 {
            let b = bureau_of(district);
            assert_eq!(dir.departments[b].kind, DepartmentKind::DistrictBureau);
            assert_eq!(dir.departments[b].district_id, dir.districts[district].id);
            assert_eq!(
                dir.staff(b, Some(Role::Supervisor)).len(),
                1,
                "{}",
                dir.departments[b].name
            );
            assert!(
                dir.staff(b, Some(Role::Officer)).len() >= 2,
                "{}",
                dir.departments[b].name
            );
        }
        for division in DEPT_EXIT..=DEPT_110 {
            assert_eq!(dir.departments[division].kind, DepartmentKind::Division);
            assert!(
                dir.staff(division, None)
                    .iter()
                    .any(|&o| dir.officers[o].expert && dir.officers[o].specialty.is_some()),
                "{} has no expert",
                dir.departments[division].name
            );
        }
        let city_supervisor = dir.supervisor_for(0);
        assert_eq!(
            dir.officers[city_supervisor].department_id,
            dir.departments[DEPT_110].id
        );
        assert_eq!(dir.officers[city_supervisor].role, Role::Supervisor);
        // Deterministic: same badges and names on every run.
        let again = directory();
        assert!(
            dir.officers
                .iter()
                .zip(&again.officers)
                .all(|(a, b)| a.badge_number == b.badge_number && a.real_name == b.real_name)
        );
    }

    #[test]
    fn every_topic_can_be_written_and_answered() {
        for t in TOPICS {
            assert!(
                !t.subjects.is_empty()
                    && !t.bodies.is_empty()
                    && !t.replies.is_empty()
                    && !t.resolutions.is_empty()
            );
            assert!(t.reject_reason.is_none());
            assert_eq!(
                t.subjects.len(),
                t.bodies.len(),
                "subjects and bodies go in pairs: {:?}",
                t.subjects
            );
            if let Some(key) = t.answer {
                assert!(
                    ANSWERS
                        .iter()
                        .any(|a| a.key == key && a.status == AnswerStatus::Approved),
                    "{key}"
                );
            }
        }
        for t in OUT_OF_SCOPE {
            assert!(t.reject_reason.is_some() && !t.subjects.is_empty() && !t.bodies.is_empty());
        }
        let keys: HashSet<_> = ANSWERS.iter().map(|a| a.key).collect();
        assert_eq!(keys.len(), ANSWERS.len());
    }

    #[test]
    fn the_demo_is_a_consistent_three_months_of_work() {
        let now = utc("2026-11-20T03:00:00Z");
        let (dir, plan) = demo(now);
        let all: Vec<&inquiry::Model> = plan
            .inquiries
            .iter()
            .chain(&plan.merged_inquiries)
            .collect();
        assert_eq!(all.len(), 300);

        let statuses: HashSet<_> = all.iter().map(|q| q.status).collect();
        assert_eq!(statuses.len(), 9, "{statuses:?}");
        let channels: HashSet<_> = all.iter().map(|q| q.channel).collect();
        assert_eq!(channels.len(), 8, "{channels:?}");
        let kinds: HashSet<_> = all.iter().map(|q| q.kind).collect();
        assert_eq!(kinds.len(), 5);
        let districts: HashSet<_> = all.iter().map(|q| q.district_id).collect();
        assert_eq!(districts.len(), 9, "every county and the city");

        let references: HashSet<_> = all.iter().map(|q| q.reference.as_str()).collect();
        assert_eq!(references.len(), all.len());
        let partner = all
            .iter()
            .filter(|q| q.submitted_by_partner.is_some())
            .count();
        assert!((25..=70).contains(&partner), "{partner}");
        let external: HashSet<_> = all.iter().filter_map(|q| q.external_ref.clone()).collect();
        assert_eq!(external.len(), partner);
        assert!(all.iter().any(|q| q.protect_identity) && all.iter().any(|q| q.anonymous));
        assert!(all.iter().all(|q| !q.anonymous || q.citizen_name.is_none()));
        assert!(
            all.iter()
                .all(|q| !q.protect_identity || q.kind == InquiryKind::Report)
        );

        let codes = TrackingCodes::new(b"0123456789abcdef0123456789abcdef");
        let by_id: HashMap<Uuid, &inquiry::Model> = all.iter().map(|q| (q.id, *q)).collect();
        for q in &all {
            assert!(TrackingCodes::matches(
                &q.tracking_code_hash,
                &q.reference,
                &codes.code_for(q.id)
            ));
            let (soon, due) = (q.due_soon_at.unwrap(), q.due_at.unwrap());
            assert!(
                q.created_at < soon
                    && soon < due
                    && q.first_response_due_at.unwrap() > q.created_at
            );
            assert!(q.created_at < now && q.updated_at <= now && q.created_at <= q.updated_at);
            let events: Vec<_> = plan
                .events
                .iter()
                .filter(|e| e.inquiry_id == q.id)
                .collect();
            assert_eq!(q.version as usize, events.len(), "{}", q.reference);
            assert_eq!(events[0].kind, EventKind::Received);
            assert!(events.windows(2).all(|w| w[0].created_at < w[1].created_at));
            assert_eq!(events.last().unwrap().created_at, q.updated_at);
            let replies: Vec<_> = plan
                .replies
                .iter()
                .filter(|r| r.inquiry_id == q.id)
                .collect();
            let answered = replies
                .iter()
                .any(|r| r.visibility != ReplyVisibility::Internal);
            match q.status {
                InquiryStatus::New => assert!(q.department_id.is_none() && events.len() <= 2),
                InquiryStatus::Assigned => {
                    assert!(q.department_id.is_some() && q.officer_id.is_none())
                }
                InquiryStatus::InProgress => assert!(q.officer_id.is_some() && !answered),
                InquiryStatus::Answered => {
                    assert!(answered && q.first_responded_at.is_some() && q.resolved_at.is_none())
                }
                InquiryStatus::Resolved => {
                    assert!(answered && q.resolved_at.is_some() && q.closed_at.is_none())
                }
                InquiryStatus::Closed => {
                    assert!(answered && q.resolved_at.is_some() && q.closed_at.is_some())
                }
                InquiryStatus::Reopened => {
                    assert!(answered && q.reopened_count == 1 && q.resolved_at.is_none());
                    let f = plan.feedback.iter().find(|f| f.inquiry_id == q.id).unwrap();
                    assert_eq!(f.satisfaction, Satisfaction::Unsatisfied);
                }
                InquiryStatus::Rejected => assert!(q.resolution.is_some()),
                InquiryStatus::Merged => {
                    let target = by_id[&q.merged_into_id.unwrap()];
                    assert_eq!(target.district_id, q.district_id);
                    assert!(target.merged_into_id.is_none() && target.created_at < q.created_at);
                }
            }
            if let Some(officer) = q.officer_id {
                let o = dir.officers.iter().find(|o| o.id == officer).unwrap();
                assert_eq!(Some(o.department_id), q.department_id);
            }
        }
        assert!(
            plan.events
                .iter()
                .all(|e| by_id.contains_key(&e.inquiry_id))
        );
        let rated = all
            .iter()
            .filter(|q| matches!(q.status, InquiryStatus::Resolved | InquiryStatus::Closed))
            .count();
        assert!(
            plan.feedback.len() * 100 >= rated * 45,
            "{} of {rated}",
            plan.feedback.len()
        );
        assert_eq!(plan.correcting_replies.len(), 2);
        assert!(plan.correcting_replies.iter().all(|r| {
            plan.replies
                .iter()
                .any(|o| Some(o.id) == r.corrects_reply_id)
        }));
        assert!(plan.replies.iter().any(|r| r.answer_entry_id.is_some()));
        assert!(
            plan.replies
                .iter()
                .any(|r| r.visibility == ReplyVisibility::Internal)
        );
        assert!(plan.replies.iter().all(|r| !r.body.contains("{{")));

        assert!(plan.answer_entries.len() >= 24);
        let count = |s| plan.answer_entries.iter().filter(|a| a.status == s).count();
        assert_eq!(
            (count(AnswerStatus::Draft), count(AnswerStatus::Retired)),
            (2, 1)
        );
        assert_eq!(plan.answer_versions.len(), plan.answer_entries.len());

        // 8 counties × 15 days × 2 shifts, less one gap; one swap adds a row.
        assert_eq!(plan.shifts.len(), 8 * 15 * 2 - 1);
        assert_eq!(plan.swapped_shifts.len(), 1);
        assert!(
            plan.shifts
                .iter()
                .filter(|s| s.ends_at <= now)
                .all(|s| s.checked_in_at.is_some() && s.checked_out_at.is_some())
        );
        assert!(
            plan.shifts
                .iter()
                .filter(|s| s.starts_at > now)
                .all(|s| s.checked_in_at.is_none())
        );

        assert_eq!(plan.announcements.len(), 6);
        assert_eq!(plan.corrections.len(), 1);
        let correction = &plan.corrections[0];
        let original = plan
            .announcements
            .iter()
            .find(|a| Some(a.id) == correction.corrects_id)
            .unwrap();
        assert!(original.published_at < correction.published_at);
        assert!(plan.sample_tracking.len() >= 5);
    }

    #[test]
    fn the_demo_reads_the_same_on_every_run() {
        let now = utc("2026-11-20T03:00:00Z");
        let (_, a) = demo(now);
        let (_, b) = demo(now);
        // Ids are fresh on every run, so compare what the rows say, not their order.
        let texts = |p: &DemoPlan| {
            let mut rows: Vec<_> = p
                .inquiries
                .iter()
                .chain(&p.merged_inquiries)
                .map(|q| {
                    (
                        q.created_at,
                        q.subject.clone(),
                        q.body.clone(),
                        q.status.as_str(),
                        q.citizen_phone.clone(),
                    )
                })
                .collect();
            rows.sort();
            rows
        };
        assert_eq!(texts(&a), texts(&b));
        assert_eq!(a.events.len(), b.events.len());
        assert_eq!(a.replies.len(), b.replies.len());
    }
}
