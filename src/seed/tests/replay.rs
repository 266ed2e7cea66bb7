//! The demo's histories against the lifecycle: read back from the timeline rows the
//! seed writes, every history replays through the transition table and ends in the
//! status written on its inquiry.

use std::collections::HashMap;

use entity::{EventKind, InquiryStatus, inquiry, inquiry_event};
use uuid::Uuid;

use super::{demo_with, moments};
use crate::{
    domain::transitions::{self, Action},
    seed::{
        history::{Move, Refused, replay},
        planner::DemoPlan,
    },
    service::lifecycle::results::REOPEN_WINDOW_DAYS,
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
        (&[Move::Submit, act(A::Reject), act(A::CorrectReply)], 2),
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

/// The status of an inquiry just before `at`, from its timeline.
fn status_before(
    q: &inquiry::Model,
    events: &[&inquiry_event::Model],
    at: chrono::DateTime<chrono::Utc>,
) -> InquiryStatus {
    let before: Vec<&inquiry_event::Model> = events
        .iter()
        .copied()
        .filter(|e| e.created_at < at)
        .collect();
    *replay(moves(q, &before)).unwrap().last().unwrap()
}

#[test]
fn the_rules_around_the_table_hold_too() {
    for (now, with_rules) in moments() {
        let (_, plan) = demo_with(now, with_rules);
        let timelines = timelines(&plan);
        let by_id: HashMap<Uuid, &(&inquiry::Model, Vec<&inquiry_event::Model>)> =
            timelines.iter().map(|t| (t.0.id, t)).collect();
        for (q, events) in &timelines {
            let moves = moves(q, events);
            // A merge's target is open or resolved at the time (lifecycle::routing::merge).
            if let Some(target) = q.merged_into_id {
                let merged_at = events.last().unwrap().created_at;
                let (t, t_events) = by_id[&target];
                let s = status_before(t, t_events, merged_at);
                assert!(
                    transitions::OPEN.contains(&s) || s == InquiryStatus::Resolved,
                    "{} merged into {} while it was {} ({now})",
                    q.reference,
                    t.reference,
                    s.as_str()
                );
            }
            // An UNSATISFIED rating within the window of its result reopens the inquiry
            // (lifecycle::results::rate).
            let mut resolved_at = None;
            for (i, e) in events.iter().enumerate() {
                match moves[i] {
                    Move::Act(Action::Resolve) => resolved_at = Some(e.created_at),
                    Move::Act(Action::Rate) => {
                        let unsatisfied = e
                            .data
                            .as_ref()
                            .and_then(|d| d.get("satisfaction"))
                            .and_then(|v| v.as_str())
                            == Some("UNSATISFIED");
                        let within = resolved_at.is_some_and(|r| {
                            e.created_at - r <= chrono::Duration::days(REOPEN_WINDOW_DAYS)
                        });
                        if unsatisfied && within {
                            assert_eq!(
                                moves.get(i + 1),
                                Some(&Move::Act(Action::Reopen)),
                                "{} ({now}): {moves:?}",
                                q.reference
                            );
                        }
                    }
                    _ => {}
                }
            }
            // The escalator does not save the inquiry; every other move does.
            let saves = moves.iter().filter(|m| m.saves()).count();
            assert_eq!(q.version as usize, saves, "{} ({now})", q.reference);
            // A reopening withdraws the escalation and restarts both deadlines.
            let reopened = events.iter().rposition(|e| e.kind == EventKind::Reopened);
            let escalated = events.iter().rposition(|e| e.kind == EventKind::Escalated);
            let expected = match (escalated, reopened) {
                (Some(x), Some(r)) if x < r => None,
                (Some(x), _) => Some(events[x].created_at),
                (None, _) => None,
            };
            assert_eq!(q.escalated_at, expected, "{} ({now})", q.reference);
            assert_eq!(
                q.reopened_count as usize,
                moves
                    .iter()
                    .filter(|m| **m == Move::Act(Action::Reopen))
                    .count()
            );
            if let Some(r) = reopened {
                let at = events[r].created_at;
                assert!(
                    q.first_response_due_at.unwrap() > at && q.due_at.unwrap() > at,
                    "{} ({now})",
                    q.reference
                );
            }
        }
    }
}
