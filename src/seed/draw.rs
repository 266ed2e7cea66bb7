//! Pure helpers of the planner: templates, weighted draws, times and ids. No data,
//! no database, so the tests can pin their behaviour down.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, SubsecRound, TimeZone, Utc};
use chrono_tz::Tz;
use rand::{Rng, seq::IndexedRandom};
use uuid::Uuid;

/// Replaces `{{key}}` placeholders (the answer library's syntax) with values.
pub(super) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (key, value) in values {
        out = out.replace(&format!("{{{{{key}}}}}"), value);
    }
    out
}

/// Index drawn with probability proportional to its weight (all-zero: index 0).
pub(super) fn pick_weighted(rng: &mut impl Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    if total == 0 {
        return 0;
    }
    let mut roll = rng.random_range(0..total);
    for (i, w) in weights.iter().enumerate() {
        if roll < *w {
            return i;
        }
        roll -= w;
    }
    weights.len() - 1
}

/// Moves the times of a history that would end after `limit` towards `anchor`
/// proportionally (order and relative spacing kept), then makes them strictly
/// increasing by at least a millisecond, so timelines sort the same by time and id.
pub(super) fn fit_before(
    anchor: DateTime<Utc>,
    times: &[DateTime<Utc>],
    limit: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let last = times.iter().copied().max().unwrap_or(anchor);
    let span = (last - anchor).num_milliseconds();
    let room = (limit - anchor).num_milliseconds().max(0);
    let mut out: Vec<DateTime<Utc>> = times
        .iter()
        .map(|t| {
            if last > limit && span > 0 {
                let offset = (*t - anchor).num_milliseconds() as f64 * room as f64 / span as f64;
                anchor + Duration::milliseconds(offset as i64)
            } else {
                *t
            }
        })
        .collect();
    let mut previous: Option<DateTime<Utc>> = None;
    for t in &mut out {
        if let Some(p) = previous
            && *t <= p
        {
            *t = p + Duration::milliseconds(1);
        }
        *t = t.trunc_subsecs(6);
        previous = Some(*t);
    }
    out
}

/// A fraction of a duration.
pub(super) fn frac(d: Duration, f: f64) -> Duration {
    Duration::milliseconds((d.num_milliseconds().max(0) as f64 * f) as i64)
}

/// A local wall-clock time in the bureau's time zone, in UTC.
pub(super) fn local_at(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let naive = date.and_time(time);
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&naive))
}

/// [`local_at`] for an hour and minute.
pub(super) fn local_hm(tz: Tz, date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    local_at(
        tz,
        date,
        NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default(),
    )
}

/// `11月3日`, as dates are written in notices.
pub(super) fn month_day(tz: Tz, at: DateTime<Utc>) -> String {
    let d = at.with_timezone(&tz);
    format!("{}月{}日", d.month(), d.day())
}

/// A UUIDv7 whose time part is `at` (random bits from the OS, as for live rows, so
/// ids stay unique across databases; only the content is reproducible).
pub(super) fn id_at(at: DateTime<Utc>) -> Uuid {
    let secs = u64::try_from(at.timestamp()).unwrap_or(0);
    Uuid::new_v7(uuid::Timestamp::from_unix(
        uuid::NoContext,
        secs,
        at.timestamp_subsec_nanos(),
    ))
}

/// A mainland mobile number: one of `prefixes`, then eight digits.
pub(super) fn mobile(rng: &mut impl Rng, prefixes: &[String]) -> String {
    let prefix = prefixes.choose(rng).map_or("138", String::as_str);
    format!("{prefix}{:08}", rng.random_range(0..100_000_000u32))
}
