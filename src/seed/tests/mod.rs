//! Unit tests of the seed: the data files, the pure helpers, the directory, and the
//! demo plan (its consistency, its reproducibility, and its histories replayed through
//! the lifecycle's transition table). None touches a database.

mod data_files;
mod demo;
mod directory;
mod draw;
mod replay;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{InquiryKind, Priority, ResolutionUnit};

use super::{
    data,
    directory::Directory,
    planner::{DemoContext, DemoPlan, plan_demo},
};
use crate::service::{
    deadline::{SlaRule, WorkingCalendar},
    reference::TrackingCodes,
};

const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn directory() -> Directory {
    Directory::plan(data::load().unwrap(), utc("2025-11-01T00:00:00Z"))
}

/// SLA rules like the migration's: hours for urgent matters, working days otherwise.
fn rules() -> HashMap<(InquiryKind, Priority), SlaRule> {
    let kinds = [
        InquiryKind::Consultation,
        InquiryKind::Complaint,
        InquiryKind::Report,
        InquiryKind::Suggestion,
        InquiryKind::Praise,
    ];
    let priorities = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ];
    let mut rules = HashMap::new();
    for kind in kinds {
        for (i, priority) in priorities.into_iter().enumerate() {
            let rule = if priority == Priority::Urgent {
                SlaRule {
                    first_response_hours: 2,
                    resolution_amount: 24,
                    resolution_unit: ResolutionUnit::Hours,
                }
            } else {
                SlaRule {
                    first_response_hours: 48 / (i as i64 + 1),
                    resolution_amount: 7 - i as i64,
                    resolution_unit: ResolutionUnit::WorkingDays,
                }
            };
            rules.insert((kind, priority), rule);
        }
    }
    rules
}

/// The demo planned at `now`, with the planner's fallback rule or with [`rules`].
fn demo_with(now: DateTime<Utc>, with_rules: bool) -> (Directory, DemoPlan) {
    let dir = directory();
    let rules = if with_rules { rules() } else { HashMap::new() };
    let calendar = WorkingCalendar::default();
    let codes = TrackingCodes::new(SECRET);
    let ctx = DemoContext {
        rules: &rules,
        calendar: &calendar,
        tz: chrono_tz::Asia::Shanghai,
        now,
        codes: &codes,
    };
    let plan = plan_demo(&dir, ctx).unwrap();
    (dir, plan)
}

fn demo(now: DateTime<Utc>) -> (Directory, DemoPlan) {
    demo_with(now, false)
}

/// Moments the demo is planned at in the tests: seasons, a Chinese New Year, a
/// weekend, both with and without SLA rules.
fn moments() -> Vec<(DateTime<Utc>, bool)> {
    [
        ("2026-11-20T03:00:00Z", false),
        ("2026-02-10T15:30:00Z", true),
        ("2026-02-17T01:00:00Z", false),
        ("2025-07-05T09:45:00Z", true),
        ("2027-01-02T22:10:00Z", true),
    ]
    .into_iter()
    .map(|(t, r)| (utc(t), r))
    .collect()
}
