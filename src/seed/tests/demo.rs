use std::collections::{HashMap, HashSet};

use entity::{
    AnswerStatus, EventKind, InquiryKind, InquiryStatus, ReplyVisibility, Satisfaction, inquiry,
};
use uuid::Uuid;

use super::{SECRET, demo, utc};
use crate::{seed::planner::DemoPlan, service::reference::TrackingCodes};

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

    let codes = TrackingCodes::new(SECRET);
    let by_id: HashMap<Uuid, &inquiry::Model> = all.iter().map(|q| (q.id, *q)).collect();
    for q in &all {
        assert!(TrackingCodes::matches(
            &q.tracking_code_hash,
            &q.reference,
            &codes.code_for(q.id)
        ));
        let (soon, due) = (q.due_soon_at.unwrap(), q.due_at.unwrap());
        assert!(
            q.created_at < soon && soon < due && q.first_response_due_at.unwrap() > q.created_at
        );
        assert!(q.created_at < now && q.updated_at <= now && q.created_at <= q.updated_at);
        let events: Vec<_> = plan
            .events
            .iter()
            .filter(|e| e.inquiry_id == q.id)
            .collect();
        // Escalations are recorded without a new version.
        let escalations = events
            .iter()
            .filter(|e| e.kind == EventKind::Escalated)
            .count();
        assert_eq!(
            q.version as usize + escalations,
            events.len(),
            "{}",
            q.reference
        );
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
