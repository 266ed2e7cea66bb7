//! Writes a planned inquiry down: its timeline entries, replies and ratings, and the
//! inquiry row whose fields follow from that history the way the live commands set them.

use chrono::SubsecRound;
use entity::{ActorKind, EventKind, ReplyVisibility, feedback, inquiry, inquiry_event, reply};
use serde_json::json;
use uuid::Uuid;

use super::{
    history::{Step, Who},
    inquiries::{DEMO_PARTNER, Draft, Submitter},
    planner::{Planned, Planner},
};
use crate::service::{lifecycle::clock::due_soon_at, reference::TrackingCodes};

impl Planner<'_> {
    /// The rows of an inquiry whose history has been checked.
    pub(super) fn write_inquiry(
        &mut self,
        q: Draft,
        steps: Vec<Step>,
        location_text: Option<String>,
    ) {
        let dir = self.dir;
        let id = q.id;
        let mut first_responded_at = None;
        let mut resolved_at = None;
        let mut closed_at = None;
        let mut reopened_at = None;
        let mut escalated_at = None;
        let mut reopened_count = 0;
        let mut department_id = None;
        let mut officer_id = None;
        let mut resolution = None;
        let mut last_reply: Option<Uuid> = None;
        let last_at = steps.last().map_or(q.created, |s| s.at);
        // One version per saved move: the escalator does not save (see `Move::saves`).
        let saves = steps.iter().filter(|s| s.to_do.saves()).count();
        let version = i32::try_from(saves).unwrap_or(i32::MAX);
        for step in steps {
            let event_id = self.id(step.at);
            let kind = step.kind();
            let mut data = step.data;
            let mut public = step.to_do.is_public();
            match kind {
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
                        officer_id = Some(dir.officers[o].id);
                    }
                }
                EventKind::Resolved => {
                    resolved_at = Some(step.at);
                    resolution = step.note.clone();
                }
                EventKind::Closed => closed_at = Some(step.at),
                EventKind::Rejected => resolution = step.note.clone(),
                EventKind::Reopened => {
                    // As `lifecycle::results` reopens: the result's times and the
                    // escalation are withdrawn, its wording stays until the next one.
                    reopened_at = Some(step.at);
                    reopened_count += 1;
                    resolved_at = None;
                    closed_at = None;
                    escalated_at = None;
                }
                EventKind::Escalated => escalated_at = Some(step.at),
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
                    officer_id: dir.officers[r.officer].id,
                    department_id: dir.departments[r.dept].id,
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
                    rated_by: Some(q.submitter.label()),
                    created_at: step.at,
                    updated_at: step.at,
                });
            }
            let (actor_kind, actor_officer_id, actor_subject) = match step.who {
                Who::Submitter => (q.submitter.actor_kind(), None, Some(q.submitter.label())),
                Who::Officer(o) => (
                    ActorKind::Officer,
                    Some(dir.officers[o].id),
                    Some(self.officer_subject(o)),
                ),
                Who::System => (ActorKind::System, None, Some("system".to_owned())),
            };
            self.plan.events.push(inquiry_event::Model {
                id: event_id,
                inquiry_id: id,
                kind,
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
        // A reopened inquiry runs against fresh deadlines from the day it was reopened.
        let (clock_start, (first_due, due_at)) = match reopened_at {
            Some(at) => (at, self.deadlines(q.topic.kind, q.priority, at)),
            None => (q.created, (q.first_due, q.due)),
        };
        let row = inquiry::Model {
            id,
            tracking_code_hash: TrackingCodes::hash(&q.reference, &self.ctx.codes.code_for(id)),
            reference: q.reference,
            kind: q.topic.kind,
            channel: q.channel,
            external_ref: q.external_ref,
            subject: q.subject,
            body: q.body,
            category: Some(q.topic.category.clone()),
            district_id: dir.districts[q.district].id,
            location_text,
            latitude: q.latitude,
            longitude: q.longitude,
            citizen_name: q.citizen_name,
            citizen_phone: q.citizen_phone,
            citizen_subject: match &q.submitter {
                Submitter::Citizen(s) => Some(s.clone()),
                _ => None,
            },
            submitter: q.submitter.label(),
            anonymous: q.anonymous,
            protect_identity: q.protect_identity,
            status: q.status,
            priority: q.priority,
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
            reopened_count,
            merged_into_id: q.merge_target.as_ref().map(|t| t.id),
            submitted_by_partner: matches!(q.submitter, Submitter::Partner)
                .then(|| DEMO_PARTNER.to_owned()),
            idempotency_key: None,
            request_hash: None,
            version,
            created_at: q.created,
            updated_at: last_at,
        };
        if q.merge_target.is_some() {
            self.plan.merged_inquiries.push(row);
        } else {
            self.planned.push(Planned {
                row: self.plan.inquiries.len(),
                topic: q.topic,
                place: q.place,
            });
            self.plan.inquiries.push(row);
        }
    }
}
