use chrono::Duration;
use rand::{SeedableRng, rngs::StdRng};

use super::utc;
use crate::seed::draw::{fill, fit_before, mobile, pick_weighted};

#[test]
fn fill_replaces_every_known_placeholder_and_keeps_the_rest() {
    let out = fill(
        "您好，{{dutyName}}代表{{department}}答复{{reference}}；{{other}}",
        &[
            ("dutyName", "出入境小陈"),
            ("department", "出入境管理支队"),
            ("reference", "ZQ2611-7K3M9Q"),
        ],
    );
    assert_eq!(
        out,
        "您好，出入境小陈代表出入境管理支队答复ZQ2611-7K3M9Q；{{other}}"
    );
}

#[test]
fn pick_weighted_never_picks_a_zero_weight() {
    let mut rng = StdRng::seed_from_u64(1);
    for _ in 0..1000 {
        assert_ne!(pick_weighted(&mut rng, &[3, 0, 5, 0]) % 2, 1);
    }
    assert_eq!(pick_weighted(&mut rng, &[0, 0]), 0);
}

#[test]
fn fit_before_compresses_a_history_that_would_end_in_the_future() {
    let anchor = utc("2026-01-01T00:00:00Z");
    let limit = utc("2026-01-01T10:00:00Z");
    let times: Vec<_> = [0, 5, 5, 20]
        .iter()
        .map(|h| anchor + Duration::hours(*h))
        .collect();
    let fitted = fit_before(anchor, &times, limit);
    assert_eq!(fitted[0], anchor);
    assert!(fitted.windows(2).all(|w| w[0] < w[1]), "{fitted:?}");
    assert!(*fitted.last().unwrap() <= limit + Duration::milliseconds(5));
    // A history already in the past keeps its times (only ties are broken).
    let past: Vec<_> = [0, 1, 2]
        .iter()
        .map(|h| anchor + Duration::hours(*h))
        .collect();
    assert_eq!(fit_before(anchor, &past, limit), past);
}

#[test]
fn mobile_numbers_are_valid_mainland_numbers() {
    let prefixes = &crate::seed::data::load().unwrap().citizens.mobile_prefixes;
    let mut rng = StdRng::seed_from_u64(7);
    for _ in 0..200 {
        let m = mobile(&mut rng, prefixes);
        assert_eq!(m.len(), 11, "{m}");
        assert!(
            m.starts_with('1') && (b'3'..=b'9').contains(&m.as_bytes()[1]),
            "{m}"
        );
        assert!(m.bytes().all(|b| b.is_ascii_digit()));
    }
}
