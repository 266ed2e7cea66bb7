//! The demo's duty rota (值班) from `data/rota.toml`: every listed desk's slots around
//! the seed's day, held by its staff in turn, with the gap and the swap the data asks
//! for so `rotaGaps` and swapped shifts have something to show.

use chrono::{Duration, SubsecRound};
use entity::duty_shift;
use rand::Rng;

use super::{
    draw::{fill, local_at},
    planner::Planner,
};

impl Planner<'_> {
    /// Past shifts were checked in and out; later ones not yet.
    pub(super) fn plan_shifts(&mut self) {
        let now = self.ctx.now;
        let tz = self.ctx.tz;
        let dir = self.dir;
        let rota = &dir.data.rota;
        let today = now.with_timezone(&tz).date_naive();
        for code in &rota.districts {
            let district = dir.district(code);
            let staff = dir.staff(dir.desk(district), None);
            if staff.is_empty() {
                continue;
            }
            for offset in -rota.days_back..=rota.days_ahead {
                let date = today + Duration::days(offset);
                let day_index = usize::try_from(offset + rota.days_back).unwrap_or(0);
                for (turn, slot) in rota.slot.iter().enumerate() {
                    let Some((starts, ends)) = slot.times() else {
                        continue;
                    };
                    if rota.gap.iter().any(|g| g.is(code, offset, slot.kind)) {
                        continue; // a gap for rotaGaps to find
                    }
                    let turns = rota.slot.len();
                    let officer = staff[(day_index * turns + turn) % staff.len()];
                    let starts_at = local_at(tz, date, starts);
                    let ends_at = local_at(tz, date, ends);
                    let created = (starts_at.min(now) - Duration::days(10)).trunc_subsecs(6);
                    let checked_in_at = (starts_at <= now).then(|| {
                        let t = starts_at + Duration::minutes(self.rng.random_range(-15..8));
                        t.min(now).trunc_subsecs(6)
                    });
                    let checked_out_at = (ends_at <= now).then(|| {
                        let t = ends_at + Duration::minutes(self.rng.random_range(0..20));
                        t.min(now).trunc_subsecs(6)
                    });
                    let swap = rota.swap.iter().find(|s| s.is(code, offset, slot.kind));
                    let swapped_at =
                        swap.map(|s| (now - Duration::hours(s.hours_ago)).trunc_subsecs(6));
                    let id = self.id(created);
                    let row = duty_shift::Model {
                        id,
                        officer_id: dir.officers[officer].id,
                        district_id: dir.districts[district].id,
                        starts_at,
                        ends_at,
                        kind: slot.kind,
                        checked_in_at,
                        checked_out_at,
                        swapped_from_id: None,
                        swap_reason: None,
                        cancelled_at: swapped_at,
                        created_at: created,
                        updated_at: swapped_at.unwrap_or(created),
                    };
                    if let Some(at) = swapped_at {
                        let other = staff[(day_index * turns + turn + 1) % staff.len()];
                        let reason = fill(
                            &dir.data.wording.rota.swap_reason,
                            &[
                                ("from", &dir.officers[officer].duty_name),
                                ("to", &dir.officers[other].duty_name),
                            ],
                        );
                        let swapped = duty_shift::Model {
                            id: self.id(at),
                            officer_id: dir.officers[other].id,
                            swapped_from_id: Some(id),
                            swap_reason: Some(reason),
                            cancelled_at: None,
                            created_at: at,
                            updated_at: at,
                            ..row.clone()
                        };
                        self.plan.swapped_shifts.push(swapped);
                    }
                    self.plan.shifts.push(row);
                }
            }
        }
    }
}
