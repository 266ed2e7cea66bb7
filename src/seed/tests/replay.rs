//! The demo's histories against the lifecycle: read back from the timeline rows the
//! seed writes, every history replays through the transition table and ends in the
//! status written on its inquiry.

use std::collections::HashMap;

use entity::{InquiryStatus, inquiry, inquiry_event};
use uuid::Uuid;

use super::{demo_with, moments};
use crate::{
    seed::{
        history::{Move, Refused, replay},
        planner::DemoPlan,
    },
    service::lifecycle::transitions::{self, Action},
};

/// Every inquiry of the plan with its timeline, oldest entry first.
fn timelines(plan: &DemoPlan) -> Vec<(&inquiry::Model, Vec<&inquiry_event::Model>)> {
    let mut by_inquiry: HashMap<Uuid, Vec<&inquiry_event::Model>> = HashMap::new();
    for e in &plan.events {
        by_inquiry.entry(e.inquiry_id).or_default().push(e);
    }
    plan.inquiries
        .iter()
        .chain(&plan.merged_inquiries)
        .map(|q| {
            let mut events = by_inquiry.remove(&q.id).unwrap_or_default();
            events.sort_by_key(|e| (e.created_at, e.id));
            (q, events)
        })
        .collect()
}

fn moves(q: &inquiry::Model, events: &[&inquiry_event::Model]) -> Vec<Move> {
    events
        .iter()
        .map(|e| {
            Move::of_event(e.kind, e.data.as_ref())
                .unwrap_or_else(|| panic!("{}: the demo wrote {:?}", q.reference, e.kind))
        })
        .collect()
}

#[test]
fn every_planned_history_is_allowed_by_the_transition_table() {
    for (now, with_rules) in moments() {
        let (_, plan) = demo_with(now, with_rules);
        let timelines = timelines(&plan);
        assert_eq!(timelines.len(), 300);
        for (q, events) in &timelines {
            let moves = moves(q, events);
            let statuses = replay(moves.iter().copied()).unwrap_or_else(|r| {
                panic!("{} ({}) at {now}: {r}", q.reference, q.status.as_str())
            });
            assert_eq!(
                statuses.last(),
                Some(&q.status),
                "{} at {now}: {moves:?}",
                q.reference
            );
            // Step by step, the table's own check agrees with the replay.
            for (i, m) in moves.iter().enumerate().skip(1) {
                if let Move::Act(action) = m {
                    assert_eq!(
                        transitions::check(statuses[i - 1], *action).ok(),
                        Some(statuses[i]),
                        "{} step {i}",
                        q.reference
                    );
                }
            }
        }
    }
}

#[test]
fn replay_refuses_what_the_lifecycle_refuses() {
    use Action as A;
    let act = Move::Act;
    let ok = [
        Move::Submit,
        act(A::Assign),
        act(A::StartWork),
        act(A::ReplyToCitizen),
        act(A::Resolve),
        act(A::Rate),
        act(A::Reopen),
    ];
    assert_eq!(replay(ok).unwrap().last(), Some(&InquiryStatus::Reopened));
    let cases: [(&[Move], usize); 5] = [
        (&[act(A::Assign)], 0),
        (&[Move::Submit, Move::Submit], 1),
        (&[Move::Submit, act(A::Resolve)], 1),
        (&[Move::Submit, act(A::Reject), Move::CorrectReply], 2),
        (
            &[
                Move::Submit,
                act(A::Assign),
                act(A::StartWork),
                act(A::ReplyToCitizen),
                act(A::Resolve),
                Move::Escalate,
            ],
            5,
        ),
    ];
    for (moves, at) in cases {
        let refused: Refused = replay(moves.iter().copied()).unwrap_err();
        assert_eq!(refused.index, at, "{moves:?}");
    }
}
