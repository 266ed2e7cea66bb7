//! The demo's answer library (口径库): the entries of `data/answers.toml`, written by a
//! department's expert and approved by the administrator, with use counts that agree
//! with the replies quoting them.

use chrono::{Duration, SubsecRound};
use entity::{AnswerStatus, answer_entry, answer_entry_version};
use rand::Rng;

use super::{data::Topic, planner::Planner};

impl Planner<'_> {
    pub(super) fn plan_answer_entries(&mut self) {
        let now = self.ctx.now;
        let dir = self.dir;
        for spec in &dir.data.answers {
            let dept = dir.department(&spec.department);
            let author = dir
                .staff(dept, None)
                .into_iter()
                .find(|&i| dir.officers[i].specialty.is_some())
                .unwrap_or_else(|| dir.spokesperson());
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
                title: spec.title.clone(),
                question: spec.question.clone(),
                answer: spec.answer.clone(),
                category: spec.category.clone(),
                keywords: spec.keywords.clone(),
                department_id: dir.departments[dept].id,
                status: spec.status,
                version: 1,
                approved_version: approved.then_some(1),
                author_id: dir.officers[author].id,
                approved_by_id: approved.then(|| dir.officers[dir.admin()].id),
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
                title: spec.title.clone(),
                question: spec.question.clone(),
                answer: spec.answer.clone(),
                category: spec.category.clone(),
                keywords: spec.keywords.clone(),
                author_id: dir.officers[author].id,
                created_at: created,
                updated_at: created,
            });
        }
    }

    /// Use counts: replies of the demo that quoted the entry, plus earlier use.
    pub(super) fn finish_answer_entries(&mut self) {
        for (i, spec) in self.dir.data.answers.iter().enumerate() {
            let earlier = match spec.status {
                AnswerStatus::Approved => self.rng.random_range(6..90),
                AnswerStatus::Retired => self.rng.random_range(40..160),
                _ => 0,
            };
            self.plan.answer_entries[i].use_count = self.entry_uses[i] + earlier;
        }
    }

    /// The approved library entry a topic's replies may quote (index into the answers).
    pub(super) fn entry_for(&self, topic: &Topic) -> Option<usize> {
        let key = topic.answer.as_deref()?;
        self.dir
            .data
            .answers
            .iter()
            .position(|a| a.key == key && a.status == AnswerStatus::Approved)
    }
}
