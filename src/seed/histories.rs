//! What the desk did with each demo inquiry: its history as lifecycle moves, from
//! receipt to the status the plan gave it, timed against its deadlines. Every history
//! is replayed through the transition table before it is written.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use entity::{DepartmentKind, InquiryKind, InquiryStatus, ReplyVisibility, inquiry};
use rand::Rng;
use serde_json::json;

use super::{
    draw::{fill, fit_before, frac},
    history::{Move, ReplyPlan, Step, Who, replay},
    inquiries::Draft,
    planner::Planner,
};
use crate::{
    domain::transitions::Action,
    error::{AppError, AppResult},
};

impl Planner<'_> {
    /// Plans what happened to a draft, checks every move against the lifecycle and
    /// writes the inquiry down.
    pub(super) fn plan_history(&mut self, q: Draft) -> AppResult<()> {
        let steps = match &q.merge_target {
            Some(target) => self.merged_history(&q, target),
            None => self.history(&q),
        };
        let steps = self.fit_and_escalate(&q, steps);
        let location_text = self.chance(0.85).then(|| q.place.to_owned());
        let refused = |why: String| {
            AppError::Internal(format!(
                "demo inquiry {} ({}, {}): {why}",
                q.reference,
                q.topic.kind.as_str(),
                q.status.as_str()
            ))
        };
        let statuses = replay(steps.iter().map(|s| s.to_do)).map_err(|r| refused(r.to_string()))?;
        if statuses.last() != Some(&q.status) {
            return Err(refused(format!("the history ends {statuses:?}")));
        }
        self.write_inquiry(q, steps, location_text);
        Ok(())
    }

    fn received(&self, q: &Draft) -> Step {
        Step::new(q.created, Move::Submit, Who::Submitter)
            .data(json!({ "channel": q.channel.as_str(), "kind": q.topic.kind.as_str() }))
    }

    fn assigned(&self, at: DateTime<Utc>, by: usize, dept: usize) -> Step {
        let d = &self.dir.departments[dept];
        let note = fill(
            &self.dir.data.wording.notes.assigned,
            &[("department", &d.name)],
        );
        Step::act(at, Action::Assign, Who::Officer(by))
            .note(note)
            .data(json!({ "departmentId": d.id.to_string(), "departmentName": d.name }))
    }

    pub(super) fn reply_step(
        &self,
        at: DateTime<Utc>,
        q: &Draft,
        officer: usize,
        visibility: ReplyVisibility,
        body: String,
    ) -> Step {
        let action = match visibility {
            ReplyVisibility::Internal => Action::ReplyInternally,
            ReplyVisibility::Public | ReplyVisibility::Private => Action::ReplyToCitizen,
        };
        let mut step = Step::act(at, action, Who::Officer(officer));
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

    /// A reply template filled in for the inquiry and the officer who signs it.
    pub(super) fn fill_for(&self, template: &str, q: &Draft, officer: usize) -> String {
        let dept = &self.dir.departments[q.handler].name;
        let duty = &self.dir.officers[officer].duty_name;
        fill(
            template,
            &[
                ("place", q.place),
                ("district", &self.dir.data.districts[q.district].name),
                ("department", dept),
                ("dutyName", duty),
                ("reference", &q.reference),
            ],
        )
    }

    /// The history of an inquiry up to its final status.
    fn history(&mut self, q: &Draft) -> Vec<Step> {
        let data = self.dir.data;
        let mut steps = vec![self.received(q)];
        let first_window = q.first_due - q.created;
        let mut t = q.created;
        let supervisor = self.dir.supervisor_for(q.district);
        match q.status {
            InquiryStatus::New => return steps,
            InquiryStatus::Rejected => {
                let reason = match &q.topic.reject_reason {
                    Some(r) => r.as_str(),
                    None => self.pick_text(&data.wording.generic_reject_reasons),
                };
                t += frac(first_window, self.between(0.05, 0.5));
                steps.push(
                    Step::act(t, Action::Reject, Who::Officer(supervisor))
                        .note(reason)
                        .data(json!({ "reason": reason })),
                );
                return steps;
            }
            _ => {}
        }

        // Routing: some go first to the county bureau and are transferred to the division.
        let transfer = self.dir.kind(q.handler) == DepartmentKind::Division
            && q.district != self.dir.city()
            && matches!(
                q.status,
                InquiryStatus::Resolved | InquiryStatus::Closed | InquiryStatus::Answered
            )
            && self.chance(0.12);
        let first_dept = if transfer {
            self.dir.desk(q.district)
        } else {
            q.handler
        };
        let assigner = self.dir.router_of(first_dept, q.district);
        t += frac(first_window, self.between(0.02, 0.2));
        steps.push(self.assigned(t, assigner, first_dept));
        if q.status == InquiryStatus::Assigned {
            return steps;
        }
        if transfer {
            t = self.transfer(&mut steps, t, first_window, q, first_dept);
        }
        let officer = self.pick(&self.dir.handlers(q.handler));
        t += frac(first_window, self.between(0.03, 0.25));
        steps.push(
            Step::act(t, Action::StartWork, Who::Officer(officer))
                .data(json!({ "officerId": self.dir.officers[officer].id.to_string() })),
        );
        if q.status == InquiryStatus::InProgress {
            return steps;
        }

        // Replies.
        if self.chance(0.25) {
            t += frac(first_window, self.between(0.05, 0.2));
            let template = self.pick_text(&data.wording.internal_notes);
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
            let template = self.pick_text(&data.wording.acknowledgements);
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
            Some(e) => self.fill_for(&data.answers[e].answer, q, officer),
            None => {
                let template = self.pick_text(&q.topic.replies);
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
            let correction = &data.wording.correction;
            let body = self.fill_for(&correction.body, q, officer);
            let mut step = Step::new(t, Move::Act(Action::CorrectReply), Who::Officer(officer))
                .note(&correction.reason);
            step.reply = Some(ReplyPlan {
                officer,
                dept: q.handler,
                visibility,
                body,
                answer: None,
                correction_reason: Some(correction.reason.clone()),
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
        let resolution = self.pick_text(&q.topic.resolutions);
        steps.push(
            Step::act(t, Action::Resolve, Who::Officer(officer))
                .note(self.fill_for(resolution, q, officer)),
        );
        self.after_result(&mut steps, t, q, officer, visibility);
        steps
    }

    /// The county bureau offers the inquiry to the division that handles it, which
    /// accepts. A city division serves every county: the inquiry keeps its district.
    fn transfer(
        &mut self,
        steps: &mut Vec<Step>,
        mut t: DateTime<Utc>,
        first_window: Duration,
        q: &Draft,
        first_dept: usize,
    ) -> DateTime<Utc> {
        let notes = &self.dir.data.wording.notes;
        let from = self.pick(&self.dir.handlers(first_dept));
        let to = &self.dir.departments[q.handler];
        t += frac(first_window, self.between(0.05, 0.15));
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
            Step::act(t, Action::Transfer, Who::Officer(from))
                .note(fill(&notes.transfer_requested, &[("department", &to.name)]))
                .data(with_move(json!({
                    "fromDepartmentId": from_id,
                    "toDepartmentId": to.id.to_string(),
                    "toDepartment": to.name,
                }))),
        );
        let accepter = self.pick(&self.dir.handlers(q.handler));
        t += frac(first_window, self.between(0.05, 0.15));
        steps.push(
            Step::act(t, Action::AcceptTransfer, Who::Officer(accepter))
                .note(&notes.transfer_accepted)
                .data(with_move(json!({
                    "fromDepartmentId": from_id,
                    "toDepartmentId": to.id.to_string(),
                    "departmentId": to.id.to_string(),
                    "department": to.name,
                }))),
        );
        t
    }

    /// A duplicate: received, maybe routed like its original, then merged into it.
    fn merged_history(&mut self, q: &Draft, target: &inquiry::Model) -> Vec<Step> {
        let mut steps = vec![self.received(q)];
        let supervisor = self.dir.supervisor_for(q.district);
        let mut t = q.created;
        if target.department_id.is_some() && self.chance(0.4) {
            let assigner = self.dir.router_of(q.handler, q.district);
            t += self.hours(0.2, 3.0);
            steps.push(self.assigned(t, assigner, q.handler));
        }
        t += self.hours(0.3, 8.0);
        let dept = target.department_id.map(|d| d.to_string());
        let note = fill(
            &self.dir.data.wording.notes.merged,
            &[("reference", &target.reference)],
        );
        steps.push(
            Step::act(t, Action::Merge, Who::Officer(supervisor))
                .note(note)
                .data(json!({
                    "mergedIntoId": target.id.to_string(),
                    "mergedIntoReference": target.reference,
                    "departmentId": dept,
                })),
        );
        steps
    }

    /// Fits the history before now and adds the escalation of an inquiry left overdue.
    fn fit_and_escalate(&mut self, q: &Draft, mut steps: Vec<Step>) -> Vec<Step> {
        let limit = self.ctx.now - Duration::minutes(10);
        let times: Vec<DateTime<Utc>> = steps.iter().map(|s| s.at).collect();
        for (step, at) in steps.iter_mut().zip(fit_before(q.created, &times, limit)) {
            step.at = at;
        }
        if matches!(q.status, InquiryStatus::Rejected | InquiryStatus::Merged) {
            return steps;
        }
        let settled = steps
            .iter()
            .find(|s| s.to_do == Move::Act(Action::Resolve))
            .map_or(self.ctx.now, |s| s.at);
        let at = (q.due + Duration::hours(1)).trunc_subsecs(6);
        if at >= settled || at >= limit {
            return steps;
        }
        let supervisor = &self.dir.officers[self.dir.supervisor_for(q.district)];
        let note = fill(
            &self.dir.data.wording.notes.escalated,
            &[("dutyName", &supervisor.duty_name)],
        );
        let step = Step::new(at, Move::Escalate, Who::System)
            .note(note)
            .data(json!({ "dueAt": q.due, "supervisorId": supervisor.id }));
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
        steps
    }
}
