//! After the result: the citizen's rating, closing, and the reopening an UNSATISFIED
//! rating brings. The live `rate` command reopens an inquiry rated UNSATISFIED within
//! the reopening window, so such a rating is always followed by the reopening and,
//! unless the inquiry is to stay REOPENED, by a second round of work and a new result.

use chrono::{DateTime, Duration, Utc};
use entity::{InquiryStatus, ReplyVisibility, Satisfaction};
use serde_json::json;

use super::{
    draw::pick_weighted,
    history::{FeedbackPlan, Step, Who},
    inquiries::Draft,
    planner::Planner,
};
use crate::domain::transitions::Action;

impl Planner<'_> {
    /// What follows the result at `t`, up to the draft's final status.
    pub(super) fn after_result(
        &mut self,
        steps: &mut Vec<Step>,
        mut t: DateTime<Utc>,
        q: &Draft,
        officer: usize,
        visibility: ReplyVisibility,
    ) {
        let notes = &self.dir.data.wording.notes;
        match q.status {
            InquiryStatus::Resolved if self.chance(0.6) => {
                t += self.hours(1.0, 96.0);
                if self.rate(steps, t, None) == Satisfaction::Unsatisfied {
                    self.rehandle(steps, t, q, officer, visibility);
                }
            }
            InquiryStatus::Closed => {
                if self.chance(0.6) {
                    t += self.hours(1.0, 96.0);
                    if self.rate(steps, t, None) == Satisfaction::Unsatisfied {
                        t = self.rehandle(steps, t, q, officer, visibility);
                        t += self.hours(1.0, 96.0);
                        let content = self.content();
                        self.rate(steps, t, Some(content));
                    }
                    t += self.hours(0.2, 12.0);
                    steps.push(
                        Step::act(t, Action::Close, Who::Officer(officer))
                            .note(&notes.closed_after_rating),
                    );
                } else {
                    t += Duration::days(15) + self.hours(0.0, 12.0);
                    steps.push(
                        Step::act(t, Action::Close, Who::System)
                            .note(&notes.auto_closed)
                            .data(json!({ "auto": true })),
                    );
                }
            }
            InquiryStatus::Reopened => {
                t += self.hours(2.0, 72.0);
                self.rate(steps, t, Some(Satisfaction::Unsatisfied));
                self.reopen(steps, t);
            }
            _ => {}
        }
    }

    /// The citizen's rating at `at`, drawn unless `forced`; returns it.
    fn rate(
        &mut self,
        steps: &mut Vec<Step>,
        at: DateTime<Utc>,
        forced: Option<Satisfaction>,
    ) -> Satisfaction {
        let citizens = &self.dir.data.citizens;
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
                    .then(|| self.pick_text(&citizens.satisfied_comments).to_owned()),
            ),
            Satisfaction::BasicallySatisfied => (
                None,
                self.chance(0.7).then(|| {
                    self.pick_text(&citizens.basically_satisfied_comments)
                        .to_owned()
                }),
            ),
            Satisfaction::Unsatisfied => {
                let u = self.pick_ref(&citizens.unsatisfied);
                (Some(u.reason.clone()), Some(u.comment.clone()))
            }
        };
        let mut step = Step::act(at, Action::Rate, Who::Submitter);
        step.feedback = Some(FeedbackPlan {
            satisfaction,
            reason,
            comment,
        });
        steps.push(step);
        satisfaction
    }

    /// A rating of a second result, after re-handling: not UNSATISFIED again.
    fn content(&mut self) -> Satisfaction {
        match pick_weighted(&mut self.rng, &[62, 28]) {
            0 => Satisfaction::Satisfied,
            _ => Satisfaction::BasicallySatisfied,
        }
    }

    /// The citizen's UNSATISFIED rating at `t` reopens the inquiry.
    fn reopen(&mut self, steps: &mut Vec<Step>, mut t: DateTime<Utc>) -> DateTime<Utc> {
        t += self.hours(0.1, 2.0);
        let reason = self.pick_text(&self.dir.data.citizens.reopen_reasons);
        steps.push(
            Step::act(t, Action::Reopen, Who::Submitter)
                .note(reason)
                .data(json!({ "reason": reason })),
        );
        t
    }

    /// Reopened after an UNSATISFIED rating at `t`, the inquiry is worked again by the
    /// same officer, answered and resolved anew; returns the time of the new result.
    fn rehandle(
        &mut self,
        steps: &mut Vec<Step>,
        t: DateTime<Utc>,
        q: &Draft,
        officer: usize,
        visibility: ReplyVisibility,
    ) -> DateTime<Utc> {
        let wording = &self.dir.data.wording.rehandling;
        let mut t = self.reopen(steps, t);
        t += self.hours(2.0, 48.0);
        steps.push(
            Step::act(t, Action::StartWork, Who::Officer(officer))
                .data(json!({ "officerId": self.dir.officers[officer].id.to_string() })),
        );
        t += self.hours(2.0, 72.0);
        let template = self.pick_text(&wording.replies);
        let body = self.fill_for(template, q, officer);
        steps.push(self.reply_step(t, q, officer, visibility, body));
        t += self.hours(4.0, 96.0);
        let template = self.pick_text(&wording.resolutions);
        steps.push(
            Step::act(t, Action::Resolve, Who::Officer(officer))
                .note(self.fill_for(template, q, officer)),
        );
        t
    }
}
