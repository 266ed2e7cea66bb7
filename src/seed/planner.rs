//! Plans three months of demo activity in memory, as rows ready to insert: pure (no
//! database), drawn with a fixed-seed RNG, so the same data and `now` give the same
//! names, wording and histories on every run while ids, references and tracking codes
//! are fresh. The parts live in sibling modules: `library`, `inquiries`, `histories`,
//! `rows`, `rota` and `announcements`.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, SubsecRound, Utc};
use chrono_tz::Tz;
use entity::{
    InquiryKind, InquiryStatus, Priority, announcement, answer_entry, answer_entry_version,
    duty_shift, feedback, inquiry, inquiry_event, reply,
};
use rand::{Rng, SeedableRng, rngs::StdRng, seq::IndexedRandom, seq::SliceRandom};
use uuid::Uuid;

use super::{data::Topic, directory::Directory, draw::id_at};
use crate::{
    error::AppResult,
    service::{
        deadline::{self, SlaRule, WorkingCalendar},
        reference::{TrackingCodes, new_reference},
    },
};

/// Seed of the content RNG: change it to get a different (still reproducible) demo.
const DEMO_SEED: u64 = 0x5A51_2010_0758;

/// How far back the demo inquiries go.
pub(super) const DEMO_DAYS: i64 = 90;

/// Inquiries per final status (300 in all); MERGED ones are duplicates of earlier ones.
pub(super) const STATUS_PLAN: [(InquiryStatus, usize); 9] = [
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

/// How many closed or resolved consultations get a corrected reply.
const CORRECTIONS: usize = 2;

/// Everything the demo planner reads besides the directory.
#[derive(Clone, Copy)]
pub(super) struct DemoContext<'a> {
    pub rules: &'a HashMap<(InquiryKind, Priority), SlaRule>,
    pub calendar: &'a WorkingCalendar,
    pub tz: Tz,
    pub now: DateTime<Utc>,
    pub codes: &'a TrackingCodes,
}

/// Rows to insert, in an order that satisfies every foreign key.
#[derive(Default)]
pub(super) struct DemoPlan {
    pub answer_entries: Vec<answer_entry::Model>,
    pub answer_versions: Vec<answer_entry_version::Model>,
    pub inquiries: Vec<inquiry::Model>,
    /// Duplicates: they point at rows of `inquiries`, so they go in a later statement.
    pub merged_inquiries: Vec<inquiry::Model>,
    pub events: Vec<inquiry_event::Model>,
    pub replies: Vec<reply::Model>,
    /// Corrections point at `replies`.
    pub correcting_replies: Vec<reply::Model>,
    pub feedback: Vec<feedback::Model>,
    pub shifts: Vec<duty_shift::Model>,
    /// Swapped shifts point at `shifts`.
    pub swapped_shifts: Vec<duty_shift::Model>,
    pub announcements: Vec<announcement::Model>,
    /// Corrections point at `announcements`.
    pub corrections: Vec<announcement::Model>,
    /// A few (reference, tracking code) pairs of demo inquiries to try `trackInquiry` with.
    pub sample_tracking: Vec<(String, String)>,
}

/// A planned (not merged) inquiry, for picking merge targets.
pub(super) struct Planned {
    /// Index into [`DemoPlan::inquiries`].
    pub row: usize,
    pub topic: &'static Topic,
    pub place: &'static str,
}

/// The planner's state while it draws.
pub(super) struct Planner<'a> {
    pub rng: StdRng,
    pub dir: &'a Directory,
    pub ctx: DemoContext<'a>,
    pub references: HashSet<String>,
    pub partner_seq: u32,
    /// Replies of the demo that quoted each answer-library entry.
    pub entry_uses: Vec<i32>,
    pub plan: DemoPlan,
    pub planned: Vec<Planned>,
    pub corrections_left: usize,
}

/// The demo's rows for `dir`. Fails only if a planned history breaks the lifecycle,
/// which the unit tests rule out for the data as shipped.
pub(super) fn plan_demo(dir: &Directory, ctx: DemoContext<'_>) -> AppResult<DemoPlan> {
    let mut p = Planner {
        rng: StdRng::seed_from_u64(DEMO_SEED),
        dir,
        ctx,
        references: HashSet::new(),
        partner_seq: 0,
        entry_uses: vec![0; dir.data.answers.len()],
        plan: DemoPlan::default(),
        planned: Vec::new(),
        corrections_left: CORRECTIONS,
    };
    p.plan_answer_entries();
    let mut statuses: Vec<InquiryStatus> = STATUS_PLAN
        .iter()
        .filter(|(s, _)| *s != InquiryStatus::Merged)
        .flat_map(|(s, n)| std::iter::repeat_n(*s, *n))
        .collect();
    statuses.shuffle(&mut p.rng);
    for status in statuses {
        p.plan_inquiry(status)?;
    }
    let merged = STATUS_PLAN
        .iter()
        .find(|(s, _)| *s == InquiryStatus::Merged)
        .map_or(0, |(_, n)| *n);
    for _ in 0..merged {
        p.plan_merged()?;
    }
    p.finish_answer_entries();
    p.plan_shifts();
    p.plan_announcements();
    p.plan.inquiries.sort_by_key(|q| (q.created_at, q.id));
    p.plan.events.sort_by_key(|e| (e.created_at, e.id));
    p.pick_samples();
    Ok(p.plan)
}

impl Planner<'_> {
    pub fn id(&mut self, at: DateTime<Utc>) -> Uuid {
        id_at(at)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    pub fn between(&mut self, lo: f64, hi: f64) -> f64 {
        if hi <= lo {
            lo
        } else {
            self.rng.random_range(lo..hi)
        }
    }

    pub fn hours(&mut self, lo: f64, hi: f64) -> Duration {
        Duration::seconds((self.between(lo, hi) * 3600.0) as i64)
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        *items.choose(&mut self.rng).unwrap_or(&items[0])
    }

    /// One of the data's items, drawn like [`Planner::pick`].
    pub fn pick_ref<T>(&mut self, items: &'static [T]) -> &'static T {
        items.choose(&mut self.rng).unwrap_or(&items[0])
    }

    /// One of the data's texts.
    pub fn pick_text(&mut self, items: &'static [String]) -> &'static str {
        self.pick_ref::<String>(items)
    }

    pub fn officer_subject(&self, idx: usize) -> String {
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

    /// First-response and resolution deadlines of an inquiry received at `at`.
    pub fn deadlines(
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

    pub fn unique_reference(&mut self, at: DateTime<Utc>) -> String {
        loop {
            let r = new_reference(at);
            if self.references.insert(r.clone()) {
                return r;
            }
        }
    }

    /// (reference, tracking code) of a few inquiries in different states.
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
}
