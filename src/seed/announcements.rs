//! The demo's published notices (信息公开) from `data/announcements.toml`: originals by
//! the administrator, corrections by the other spokesperson, made in the open.

use chrono::{Duration, SubsecRound};
use entity::announcement;
use uuid::Uuid;

use super::{
    draw::{fill, month_day},
    planner::Planner,
};

impl Planner<'_> {
    pub(super) fn plan_announcements(&mut self) {
        let now = self.ctx.now;
        let tz = self.ctx.tz;
        let dir = self.dir;
        // (key, id, the date its text refers to) of the originals so far
        let mut originals: Vec<(&str, Uuid, String)> = Vec::new();
        for spec in &dir.data.announcements {
            let published =
                (now - Duration::days(spec.days_ago) - self.hours(0.0, 6.0)).trunc_subsecs(6);
            let original = spec
                .corrects
                .as_deref()
                .and_then(|c| originals.iter().find(|(k, _, _)| *k == c));
            let corrects_id = original.map(|(_, id, _)| *id);
            let date = match original {
                Some((_, _, date)) => date.clone(),
                None => month_day(tz, published + Duration::days(spec.date_offset)),
            };
            let id = self.id(published);
            let author = if spec.corrects.is_some() {
                dir.spokesperson()
            } else {
                dir.admin()
            };
            let row = announcement::Model {
                id,
                title: spec.title.clone(),
                body: fill(&spec.body, &[("date", &date)]),
                category: spec.category,
                district_id: dir.districts[dir.district(&spec.district)].id,
                published_at: published,
                author_id: dir.officers[author].id,
                corrects_id,
                correction_reason: spec.correction_reason.clone(),
                created_at: published,
                updated_at: published,
            };
            if corrects_id.is_some() {
                self.plan.corrections.push(row);
            } else {
                originals.push((&spec.key, id, date));
                self.plan.announcements.push(row);
            }
        }
    }
}
