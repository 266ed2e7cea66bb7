//! The duty rota (值班): scheduling, swaps, check-in, gaps over a holiday week, the public
//! view of who is on duty, scoping by district, and intake offered to the officer on duty.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use entity::{ActorKind, EventKind, InquiryStatus, Role, ShiftKind, duty_shift, officer};
use futures::future::join_all;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::{Value, json};
use wenzheng::auth::issue::TokenRequest;

use crate::{
    both_backends,
    helpers::{TestApp, error_code, gid, uuid_of},
};

/// Active officers (role OFFICER, so never the supervisor a test token picks) of a county's
/// bureau, by badge number.
async fn officers_of(app: &TestApp, code: &str) -> Vec<officer::Model> {
    let bureau = app.bureau_of(code).await;
    officer::Entity::find()
        .filter(officer::Column::DepartmentId.eq(bureau.id))
        .filter(officer::Column::Active.eq(true))
        .filter(officer::Column::Role.eq(Role::Officer))
        .order_by_asc(officer::Column::BadgeNumber)
        .all(&app.state.db)
        .await
        .unwrap()
}

/// An active officer of a city division (city divisions serve every county's desk).
async fn city_officer(app: &TestApp) -> officer::Model {
    let city = app.state.directory.by_code("441200").unwrap().id;
    let divisions: Vec<uuid::Uuid> = entity::department::Entity::find()
        .filter(entity::department::Column::DistrictId.eq(city))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    officer::Entity::find()
        .filter(officer::Column::DepartmentId.is_in(divisions))
        .filter(officer::Column::Active.eq(true))
        .filter(officer::Column::Role.eq(Role::Officer))
        .order_by_asc(officer::Column::BadgeNumber)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

async fn token_for(app: &TestApp, o: &officer::Model, code: &str) -> String {
    app.token_with(TokenRequest {
        role: Role::Officer,
        districts: vec![code.to_owned()],
        department: None,
        sub: Some(o.badge_number.clone()),
        partner: None,
        ttl_seconds: 600,
    })
    .await
}

/// A local wall-clock time in the bureau's zone.
fn local(date: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    Shanghai
        .from_local_datetime(&date.and_hms_opt(h, m, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

fn tomorrow() -> NaiveDate {
    Utc::now().with_timezone(&Shanghai).date_naive() + Duration::days(1)
}

const SCHEDULE: &str = r#"mutation($input: ScheduleShiftInput!) {
  scheduleShift(input: $input) { shift { id kind startsAt endsAt checkedInAt district { code } officer { dutyName } } }
}"#;
const SWAP: &str = r#"mutation($input: SwapShiftInput!) {
  swapShift(input: $input) { shift { id swappedFromId swapReason cancelledAt officer { id } } previous { id cancelledAt } }
}"#;
const CANCEL: &str =
    r#"mutation($id: ID!) { cancelShift(input: { shiftId: $id }) { shift { id cancelledAt } } }"#;
const CHECK_IN: &str =
    r#"mutation($id: ID!) { checkIn(input: { shiftId: $id }) { shift { id checkedInAt } } }"#;
const CHECK_OUT: &str =
    r#"mutation($id: ID!) { checkOut(input: { shiftId: $id }) { shift { id checkedOutAt } } }"#;
const GAPS: &str = r#"query($from: NaiveDate!, $to: NaiveDate!, $d: String!) {
  rotaGaps(from: $from, to: $to, districtCode: $d) { date slot holidayName daySource unattendedInquiries district { code } }
}"#;
const SHIFTS: &str = r#"query($from: NaiveDate!, $to: NaiveDate!, $d: String!) {
  dutyShifts(from: $from, to: $to, districtCode: $d) { id kind officer { badgeNumber } }
}"#;
const ON_DUTY: &str = r#"query($d: String!) {
  onDuty(districtCode: $d) { dutyName realName badgeNumber department { name } shift { kind } }
}"#;

/// Schedules a shift; returns the response body.
async fn schedule(
    app: &TestApp,
    token: &str,
    officer: &officer::Model,
    district: &str,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
    kind: &str,
) -> Value {
    app.gql(
        Some(token),
        SCHEDULE,
        json!({ "input": {
            "officerId": gid("Officer", officer.id), "districtCode": district,
            "startsAt": starts.to_rfc3339(), "endsAt": ends.to_rfc3339(), "kind": kind
        }}),
    )
    .await
}

/// The kind a shift starting at `starts` takes under the default slots (08:00-12:00 and
/// 18:00-22:00, bureau time): MORNING in the daytime, EVENING in the evening slot, NIGHT
/// otherwise.
pub fn kind_for(starts: DateTime<Utc>) -> &'static str {
    use chrono::Timelike;
    match starts.with_timezone(&Shanghai).hour() {
        8..=17 => "MORNING",
        18..=21 => "EVENING",
        _ => "NIGHT",
    }
}

/// Schedules a shift that must succeed, of the kind its hours take; returns its global id.
async fn scheduled(
    app: &TestApp,
    token: &str,
    officer: &officer::Model,
    district: &str,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
) -> String {
    let body = schedule(
        app,
        token,
        officer,
        district,
        starts,
        ends,
        kind_for(starts),
    )
    .await;
    assert!(body.get("errors").is_none(), "schedule failed: {body}");
    body["data"]["scheduleShift"]["shift"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn field(body: &Value) -> &str {
    body["errors"][0]["extensions"]["field"]
        .as_str()
        .unwrap_or("<none>")
}

both_backends!(
    a_shifts_kind_must_match_its_hours,
    |app: TestApp| async move {
        let sup = app.token(Role::Supervisor, &["441202"]).await;
        let staff = officers_of(&app, "441202").await;
        let day = tomorrow();
        let morning_at_six_pm = schedule(
            &app,
            &sup,
            &staff[0],
            "441202",
            local(day, 18, 0),
            local(day, 22, 0),
            "MORNING",
        )
        .await;
        assert_eq!(error_code(&morning_at_six_pm), "BAD_USER_INPUT");
        assert_eq!(field(&morning_at_six_pm), "kind");
        let message = morning_at_six_pm["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("18:00"), "{message}");
        let night_at_nine = schedule(
            &app,
            &sup,
            &staff[0],
            "441202",
            local(day, 9, 0),
            local(day, 12, 0),
            "NIGHT",
        )
        .await;
        assert_eq!(field(&night_at_nine), "kind");

        // The same hours as an EVENING shift are fine.
        let evening = schedule(
            &app,
            &sup,
            &staff[0],
            "441202",
            local(day, 18, 0),
            local(day, 22, 0),
            "EVENING",
        )
        .await;
        assert!(evening.get("errors").is_none(), "{evening}");
    }
);

both_backends!(
    an_overlapping_shift_for_one_officer_is_refused,
    |app: TestApp| async move {
        let sup = app.token(Role::Supervisor, &["441202"]).await;
        let staff = officers_of(&app, "441202").await;
        let (a, b) = (&staff[0], &staff[1]);
        let day = tomorrow();
        let body = schedule(
            &app,
            &sup,
            a,
            "441202",
            local(day, 8, 0),
            local(day, 12, 0),
            "MORNING",
        )
        .await;
        let shift = &body["data"]["scheduleShift"]["shift"];
        assert_eq!(shift["kind"], "MORNING");
        assert_eq!(shift["district"]["code"], "441202");
        assert_eq!(shift["officer"]["dutyName"], a.duty_name.as_str());
        assert_eq!(shift["checkedInAt"], Value::Null);

        let clash = schedule(
            &app,
            &sup,
            a,
            "441202",
            local(day, 11, 0),
            local(day, 15, 0),
            "MORNING",
        )
        .await;
        assert_eq!(error_code(&clash), "BAD_USER_INPUT", "{clash}");
        assert_eq!(field(&clash), "startsAt");
        // Back to back is not an overlap, and another officer is free at that time.
        let next = schedule(
            &app,
            &sup,
            a,
            "441202",
            local(day, 12, 0),
            local(day, 14, 0),
            "MORNING",
        )
        .await;
        assert!(next.get("errors").is_none(), "{next}");
        let other = schedule(
            &app,
            &sup,
            b,
            "441202",
            local(day, 11, 0),
            local(day, 15, 0),
            "MORNING",
        )
        .await;
        assert!(other.get("errors").is_none(), "{other}");

        let backwards = schedule(
            &app,
            &sup,
            b,
            "441202",
            local(day, 20, 0),
            local(day, 18, 0),
            "EVENING",
        )
        .await;
        assert_eq!(
            (error_code(&backwards), field(&backwards)),
            ("BAD_USER_INPUT", "endsAt")
        );
        let too_long = schedule(
            &app,
            &sup,
            b,
            "441202",
            local(day, 16, 0),
            local(day, 16, 0) + Duration::hours(17),
            "NIGHT",
        )
        .await;
        assert_eq!(
            (error_code(&too_long), field(&too_long)),
            ("BAD_USER_INPUT", "endsAt")
        );
        let over = schedule(
            &app,
            &sup,
            b,
            "441202",
            Utc::now() - Duration::hours(3),
            Utc::now() - Duration::hours(1),
            "MORNING",
        )
        .await;
        assert_eq!(
            (error_code(&over), field(&over)),
            ("BAD_USER_INPUT", "endsAt")
        );
        // A Gaoyao bureau officer does not hold the Duanzhou desk.
        let gaoyao = officers_of(&app, "441204").await;
        let foreign = schedule(
            &app,
            &sup,
            &gaoyao[0],
            "441202",
            local(day, 18, 0),
            local(day, 22, 0),
            "EVENING",
        )
        .await;
        assert_eq!(
            (error_code(&foreign), field(&foreign)),
            ("BAD_USER_INPUT", "officerId")
        );
        let officer_token = token_for(&app, b, "441202").await;
        let by_officer = schedule(
            &app,
            &officer_token,
            b,
            "441202",
            local(day, 18, 0),
            local(day, 22, 0),
            "EVENING",
        )
        .await;
        assert_eq!(error_code(&by_officer), "FORBIDDEN");

        let rows = duty_shift::Entity::find()
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(rows, 3);
        let announced = entity::outbox::Entity::find()
            .filter(entity::outbox::Column::Event.eq("duty_shift.scheduled"))
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(announced, 3);
    }
);

both_backends!(
    concurrent_overlapping_shifts_for_one_officer_book_only_one,
    |app: TestApp| async move {
        let sup = app.token(Role::Supervisor, &["441202"]).await;
        let officer = &officers_of(&app, "441202").await[0];
        let day = tomorrow();
        let attempts = (0..6).map(|i| {
            let (app, sup) = (&app, &sup);
            async move {
                let start = local(day, 8, 0) + Duration::minutes(10 * i);
                schedule(
                    app,
                    sup,
                    officer,
                    "441202",
                    start,
                    start + Duration::hours(4),
                    "MORNING",
                )
                .await
            }
        });
        let bodies = join_all(attempts).await;
        let booked = bodies.iter().filter(|b| b.get("errors").is_none()).count();
        let refused: Vec<&str> = bodies
            .iter()
            .filter_map(|b| b.get("errors").map(|_| error_code(b)))
            .collect();
        assert_eq!(booked, 1, "{bodies:?}");
        assert_eq!(refused, vec!["BAD_USER_INPUT"; 5]);
        let rows = duty_shift::Entity::find()
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(rows, 1);
    }
);

both_backends!(
    swaps_follow_who_asks_when_and_whether_the_new_officer_is_free,
    |app: TestApp| async move {
        let sup = app.token(Role::Supervisor, &["441202"]).await;
        let staff = officers_of(&app, "441202").await;
        let (a, b, c) = (&staff[0], &staff[1], &city_officer(&app).await);
        let day = tomorrow();
        let shift = scheduled(&app, &sup, a, "441202", local(day, 8, 0), local(day, 12, 0)).await;
        scheduled(
            &app,
            &sup,
            b,
            "441202",
            local(day, 10, 0),
            local(day, 14, 0),
        )
        .await;
        let swap = |token: String, to: &officer::Model| {
            let vars = json!({ "input": { "shiftId": shift, "toOfficerId": gid("Officer", to.id), "reason": "家中有事，调班" } });
            let app = &app;
            async move { app.gql(Some(&token), SWAP, vars).await }
        };
        // A colleague who does not hold the shift cannot give it away.
        let by_c = swap(token_for(&app, c, "441202").await, b).await;
        assert_eq!(error_code(&by_c), "FORBIDDEN", "{by_c}");
        // The holder asks; the new officer must be free.
        let busy = swap(token_for(&app, a, "441202").await, b).await;
        assert_eq!(
            (error_code(&busy), field(&busy)),
            ("BAD_USER_INPUT", "toOfficerId")
        );
        let done = swap(token_for(&app, a, "441202").await, c).await;
        let payload = &done["data"]["swapShift"];
        assert_eq!(payload["previous"]["id"], shift.as_str(), "{done}");
        assert!(payload["previous"]["cancelledAt"].is_string());
        assert_eq!(payload["shift"]["swappedFromId"], shift.as_str());
        assert_eq!(payload["shift"]["swapReason"], "家中有事，调班");
        assert_eq!(payload["shift"]["officer"]["id"], gid("Officer", c.id));
        assert_eq!(payload["shift"]["cancelledAt"], Value::Null);
        // The original is cancelled now and cannot be swapped again.
        let again = swap(sup.clone(), b).await;
        assert_eq!(error_code(&again), "INVALID_TRANSITION");
        // A started shift stays with its officer.
        let started = scheduled(
            &app,
            &sup,
            b,
            "441202",
            Utc::now() - Duration::minutes(10),
            Utc::now() + Duration::hours(1),
        )
        .await;
        let late = app
            .gql(Some(&sup), SWAP, json!({ "input": { "shiftId": started, "toOfficerId": gid("Officer", a.id), "reason": "临时有事" } }))
            .await;
        assert_eq!(error_code(&late), "INVALID_TRANSITION", "{late}");
        let listed = app
            .gql(
                Some(&sup),
                SHIFTS,
                json!({ "from": day.to_string(), "to": day.to_string(), "d": "441202" }),
            )
            .await;
        let badges: Vec<&str> = listed["data"]["dutyShifts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["officer"]["badgeNumber"].as_str().unwrap())
            .collect();
        assert_eq!(
            badges,
            vec![c.badge_number.as_str(), b.badge_number.as_str()]
        );
        // The swapped original stays on record when asked for.
        let history = app
            .gql(
                Some(&sup),
                r#"query($d: String!, $day: NaiveDate!) {
                  dutyShifts(from: $day, to: $day, districtCode: $d, includeCancelled: true) { id cancelledAt }
                }"#,
                json!({ "day": day.to_string(), "d": "441202" }),
            )
            .await;
        let ids: Vec<&str> = history["data"]["dutyShifts"]
            .as_array()
            .unwrap_or_else(|| panic!("{history}"))
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), 3);
        assert_eq!(ids[0], shift.as_str());
    }
);

both_backends!(
    check_in_is_for_that_officer_and_only_within_the_window,
    |app: TestApp| async move {
        let sup = app.token(Role::Supervisor, &["441202"]).await;
        let staff = officers_of(&app, "441202").await;
        let (a, b) = (&staff[0], &staff[1]);
        let now = Utc::now();
        let later = scheduled(
            &app,
            &sup,
            a,
            "441202",
            now + Duration::hours(5),
            now + Duration::hours(7),
        )
        .await;
        let soon = scheduled(
            &app,
            &sup,
            a,
            "441202",
            now + Duration::minutes(20),
            now + Duration::hours(3),
        )
        .await;
        let token_a = token_for(&app, a, "441202").await;
        let token_b = token_for(&app, b, "441202").await;

        let early = app
            .gql(Some(&token_a), CHECK_IN, json!({ "id": later }))
            .await;
        assert_eq!(error_code(&early), "INVALID_TRANSITION", "{early}");
        for other in [&token_b, &sup] {
            let body = app.gql(Some(other), CHECK_IN, json!({ "id": soon })).await;
            assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
        }
        let gaoyao = app.token(Role::Supervisor, &["441204"]).await;
        let outside = app
            .gql(Some(&gaoyao), CHECK_IN, json!({ "id": soon }))
            .await;
        assert_eq!(error_code(&outside), "NOT_FOUND");

        let not_in = app
            .gql(Some(&token_a), CHECK_OUT, json!({ "id": soon }))
            .await;
        assert_eq!(error_code(&not_in), "INVALID_TRANSITION");
        let ok = app
            .gql(Some(&token_a), CHECK_IN, json!({ "id": soon }))
            .await;
        assert!(
            ok["data"]["checkIn"]["shift"]["checkedInAt"].is_string(),
            "{ok}"
        );
        let twice = app
            .gql(Some(&token_a), CHECK_IN, json!({ "id": soon }))
            .await;
        assert_eq!(error_code(&twice), "INVALID_TRANSITION");
        // A checked-in shift is neither swapped nor cancelled.
        let cancel = app.gql(Some(&sup), CANCEL, json!({ "id": soon })).await;
        assert_eq!(error_code(&cancel), "INVALID_TRANSITION");
        let out_b = app
            .gql(Some(&token_b), CHECK_OUT, json!({ "id": soon }))
            .await;
        assert_eq!(error_code(&out_b), "FORBIDDEN");
        let out = app
            .gql(Some(&token_a), CHECK_OUT, json!({ "id": soon }))
            .await;
        assert!(
            out["data"]["checkOut"]["shift"]["checkedOutAt"].is_string(),
            "{out}"
        );

        let events: Vec<String> = entity::outbox::Entity::find()
            .filter(entity::outbox::Column::Event.starts_with("duty_shift.checked"))
            .order_by_asc(entity::outbox::Column::Id)
            .all(&app.state.db)
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.event)
            .collect();
        assert_eq!(
            events,
            vec!["duty_shift.checked_in", "duty_shift.checked_out"]
        );
    }
);

both_backends!(a_cancelled_shift_leaves_a_gap, |app: TestApp| async move {
    let sup = app.token(Role::Supervisor, &["441202"]).await;
    let staff = officers_of(&app, "441202").await;
    let day = tomorrow();
    scheduled(
        &app,
        &sup,
        &staff[0],
        "441202",
        local(day, 7, 30),
        local(day, 12, 0),
    )
    .await;
    let evening = scheduled(
        &app,
        &sup,
        &staff[1],
        "441202",
        local(day, 18, 0),
        local(day, 22, 30),
    )
    .await;
    let vars = json!({ "from": day.to_string(), "to": day.to_string(), "d": "441202" });
    let gaps = app.gql(Some(&sup), GAPS, vars.clone()).await;
    assert_eq!(gaps["data"]["rotaGaps"], json!([]), "{gaps}");

    let by_officer = app
        .gql(
            Some(&token_for(&app, &staff[1], "441202").await),
            CANCEL,
            json!({ "id": evening }),
        )
        .await;
    assert_eq!(error_code(&by_officer), "FORBIDDEN");
    let cancelled = app.gql(Some(&sup), CANCEL, json!({ "id": evening })).await;
    assert!(
        cancelled["data"]["cancelShift"]["shift"]["cancelledAt"].is_string(),
        "{cancelled}"
    );
    let again = app.gql(Some(&sup), CANCEL, json!({ "id": evening })).await;
    assert_eq!(error_code(&again), "INVALID_TRANSITION");

    let gaps = app.gql(Some(&sup), GAPS, vars.clone()).await;
    let source = gaps["data"]["rotaGaps"][0]["daySource"].clone();
    assert_eq!(
        gaps["data"]["rotaGaps"],
        json!([{ "date": day.to_string(), "slot": "EVENING", "holidayName": null,
                 "daySource": source, "unattendedInquiries": 0, "district": { "code": "441202" } }])
    );

    // A deactivated officer will not hold the morning either.
    use sea_orm::ActiveModelTrait;
    let mut gone: officer::ActiveModel = staff[0].clone().into();
    gone.active = Set(false);
    gone.update(&app.state.db).await.unwrap();
    let gaps = app.gql(Some(&sup), GAPS, vars).await;
    let slots: Vec<&Value> = gaps["data"]["rotaGaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| &g["slot"])
        .collect();
    assert_eq!(slots, vec!["MORNING", "EVENING"]);
});

/// A past shift written straight into the table (the API schedules only shifts to come).
async fn past_shift(
    app: &TestApp,
    officer: &officer::Model,
    district: &str,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
    checked_in: bool,
    cancelled: bool,
) {
    let at = starts - Duration::days(3);
    duty_shift::Entity::insert(duty_shift::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        officer_id: Set(officer.id),
        district_id: Set(app.state.directory.by_code(district).unwrap().id),
        starts_at: Set(starts),
        ends_at: Set(ends),
        kind: Set(ShiftKind::Morning),
        checked_in_at: Set(checked_in.then_some(starts - Duration::minutes(5))),
        checked_out_at: Set(checked_in.then_some(ends)),
        swapped_from_id: Set(None),
        swap_reason: Set(None),
        cancelled_at: Set(cancelled.then_some(at)),
        created_at: Set(at),
        updated_at: Set(at),
    })
    .exec_without_returning(&app.state.db)
    .await
    .unwrap();
}

/// Submits an inquiry and moves its arrival to `at`.
async fn arrived(app: &TestApp, district: &str, at: DateTime<Utc>) {
    use sea_orm::ActiveModelTrait;
    let payload = app.submit(None, district, "身份证补办").await;
    let id = uuid_of(payload["inquiry"]["id"].as_str().unwrap());
    let row = entity::inquiry::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut m: entity::inquiry::ActiveModel = row.into();
    m.created_at = Set(at);
    m.update(&app.state.db).await.unwrap();
}

both_backends!(
    rota_gaps_over_the_national_day_week_list_exactly_the_uncovered_slots,
    |app: TestApp| async move {
        let staff = officers_of(&app, "441203").await;
        let (a, b) = (&staff[0], &staff[1]);
        let d =
            |day: u32| NaiveDate::from_ymd_opt(2026, if day >= 28 { 9 } else { 10 }, day).unwrap();
        // Mornings held every day but 09-29 and 10-01; 10-04 by two back-to-back shifts.
        for day in [28, 30, 2, 3] {
            past_shift(
                &app,
                a,
                "441203",
                local(d(day), 8, 0),
                local(d(day), 12, 0),
                true,
                false,
            )
            .await;
        }
        past_shift(
            &app,
            a,
            "441203",
            local(d(4), 8, 0),
            local(d(4), 10, 0),
            true,
            false,
        )
        .await;
        past_shift(
            &app,
            b,
            "441203",
            local(d(4), 10, 0),
            local(d(4), 12, 0),
            true,
            false,
        )
        .await;
        // Evenings held 09-28..09-30; on 10-02 the officer never came; 10-03's was cancelled.
        for day in [28, 29, 30] {
            past_shift(
                &app,
                b,
                "441203",
                local(d(day), 18, 0),
                local(d(day), 22, 0),
                true,
                false,
            )
            .await;
        }
        past_shift(
            &app,
            b,
            "441203",
            local(d(2), 18, 0),
            local(d(2), 22, 0),
            false,
            false,
        )
        .await;
        past_shift(
            &app,
            b,
            "441203",
            local(d(3), 18, 0),
            local(d(3), 22, 0),
            true,
            true,
        )
        .await;
        // A morning shift that ends early leaves the slot open.
        past_shift(
            &app,
            b,
            "441203",
            local(d(29), 8, 0),
            local(d(29), 11, 0),
            true,
            false,
        )
        .await;
        // Arrivals: one during the National Day morning gap, one in a held slot, one elsewhere.
        arrived(&app, "441203", local(d(1), 9, 30)).await;
        arrived(&app, "441203", local(d(28), 9, 0)).await;
        arrived(&app, "441202", local(d(1), 10, 0)).await;

        let sup = app.token(Role::Supervisor, &["441203"]).await;
        let body = app
            .gql(
                Some(&sup),
                GAPS,
                json!({ "from": "2026-09-28", "to": "2026-10-04", "d": "441203" }),
            )
            .await;
        let gaps: Vec<Value> = body["data"]["rotaGaps"]
            .as_array()
            .unwrap_or_else(|| panic!("{body}"))
            .iter()
            .map(|g| {
                json!([
                    g["date"],
                    g["slot"],
                    g["holidayName"],
                    g["daySource"],
                    g["unattendedInquiries"]
                ])
            })
            .collect();
        let holiday = "National Day 国庆节";
        assert_eq!(
            gaps,
            vec![
                json!(["2026-09-29", "MORNING", null, "WORKDAY", 0]),
                json!(["2026-10-01", "MORNING", holiday, "HOLIDAY", 1]),
                json!(["2026-10-01", "EVENING", holiday, "HOLIDAY", 0]),
                json!(["2026-10-02", "EVENING", holiday, "HOLIDAY", 0]),
                json!(["2026-10-03", "EVENING", holiday, "HOLIDAY", 0]),
                json!(["2026-10-04", "EVENING", holiday, "HOLIDAY", 0]),
            ]
        );
        let too_long = app
            .gql(
                Some(&sup),
                GAPS,
                json!({ "from": "2026-08-01", "to": "2026-10-04", "d": "441203" }),
            )
            .await;
        assert_eq!(
            (error_code(&too_long), field(&too_long)),
            ("BAD_USER_INPUT", "to")
        );
    }
);

both_backends!(
    on_duty_shows_the_public_only_the_duty_name_and_department,
    |app: TestApp| async move {
        let sup = app.token(Role::Supervisor, &["441202"]).await;
        let staff = officers_of(&app, "441202").await;
        let (a, b) = (&staff[0], &staff[1]);
        let bureau = app.bureau_of("441202").await;
        let now = Utc::now();
        let shift_a = scheduled(
            &app,
            &sup,
            a,
            "441202",
            now - Duration::minutes(10),
            now + Duration::hours(2),
        )
        .await;
        let b_id = scheduled(
            &app,
            &sup,
            b,
            "441202",
            now - Duration::minutes(5),
            now + Duration::hours(2),
        )
        .await;
        let vars = json!({ "d": "441202" });
        let public = |o: &officer::Model| {
            json!({ "dutyName": o.duty_name, "realName": null, "badgeNumber": null,
                    "department": { "name": bureau.name }, "shift": null })
        };
        // Nobody checked in yet: everyone scheduled now holds the desk.
        let body = app.gql(None, ON_DUTY, vars.clone()).await;
        assert_eq!(
            body["data"]["onDuty"],
            json!([public(a), public(b)]),
            "{body}"
        );
        let ok = app
            .gql(
                Some(&token_for(&app, b, "441202").await),
                CHECK_IN,
                json!({ "id": shift_a }),
            )
            .await;
        assert_eq!(error_code(&ok), "FORBIDDEN");
        let checked = app
            .gql(
                Some(&token_for(&app, b, "441202").await),
                CHECK_IN,
                json!({ "id": b_id }),
            )
            .await;
        assert!(checked.get("errors").is_none(), "{checked}");
        // Checked in comes first, and alone.
        let body = app.gql(None, ON_DUTY, vars.clone()).await;
        assert_eq!(body["data"]["onDuty"], json!([public(b)]));
        let citizen = app.token(Role::Citizen, &[]).await;
        let body = app.gql(Some(&citizen), ON_DUTY, vars.clone()).await;
        assert_eq!(body["data"]["onDuty"], json!([public(b)]));
        let body = app.gql(Some(&sup), ON_DUTY, vars).await;
        assert_eq!(
            body["data"]["onDuty"],
            json!([{ "dutyName": b.duty_name, "realName": b.real_name, "badgeNumber": b.badge_number,
                     "department": { "name": bureau.name }, "shift": { "kind": "MORNING" } }])
        );
        let nobody = app.gql(None, ON_DUTY, json!({ "d": "441204" })).await;
        assert_eq!(nobody["data"]["onDuty"], json!([]));
        let unknown = app.gql(None, ON_DUTY, json!({ "d": "999999" })).await;
        assert_eq!(
            (error_code(&unknown), field(&unknown)),
            ("BAD_USER_INPUT", "districtCode")
        );
    }
);

both_backends!(
    a_duanzhou_supervisor_cannot_schedule_or_list_gaoyao,
    |app: TestApp| async move {
        let duanzhou = app.token(Role::Supervisor, &["441202"]).await;
        let gaoyao = app.token(Role::Supervisor, &["441204"]).await;
        let officer = &officers_of(&app, "441204").await[0];
        let day = tomorrow();
        let refused = schedule(
            &app,
            &duanzhou,
            officer,
            "441204",
            local(day, 8, 0),
            local(day, 12, 0),
            "MORNING",
        )
        .await;
        assert_eq!(error_code(&refused), "NOT_FOUND", "{refused}");
        let shift = scheduled(
            &app,
            &gaoyao,
            officer,
            "441204",
            local(day, 8, 0),
            local(day, 12, 0),
        )
        .await;
        let range = json!({ "from": day.to_string(), "to": day.to_string(), "d": "441204" });
        for query in [SHIFTS, GAPS] {
            let body = app.gql(Some(&duanzhou), query, range.clone()).await;
            assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
        }
        let cancel = app
            .gql(Some(&duanzhou), CANCEL, json!({ "id": shift }))
            .await;
        assert_eq!(error_code(&cancel), "NOT_FOUND");
        let listed = app.gql(Some(&gaoyao), SHIFTS, range.clone()).await;
        assert_eq!(
            listed["data"]["dutyShifts"][0]["id"],
            shift.as_str(),
            "{listed}"
        );
        assert_eq!(listed["data"]["dutyShifts"].as_array().unwrap().len(), 1);
        let own = app
            .gql(
                Some(&duanzhou),
                SHIFTS,
                json!({ "from": day.to_string(), "to": day.to_string(), "d": "441202" }),
            )
            .await;
        assert_eq!(own["data"]["dutyShifts"], json!([]));
        let citizen = app.token(Role::Citizen, &[]).await;
        let body = app.gql(Some(&citizen), SHIFTS, range).await;
        assert_eq!(error_code(&body), "FORBIDDEN");
    }
);

const SET_INTAKE: &str = r#"mutation($d: String!, $on: Boolean!) {
  setDistrictIntake(input: { districtCode: $d, autoAssignToOnDuty: $on }) { district { code autoAssignToOnDuty } }
}"#;

async fn set_intake(app: &TestApp, admin: &str, code: &str, on: bool) {
    let body = app
        .gql(Some(admin), SET_INTAKE, json!({ "d": code, "on": on }))
        .await;
    assert_eq!(
        body["data"]["setDistrictIntake"]["district"],
        json!({ "code": code, "autoAssignToOnDuty": on }),
        "{body}"
    );
}

async fn inquiry_row(app: &TestApp, payload: &Value) -> entity::inquiry::Model {
    let id = uuid_of(payload["inquiry"]["id"].as_str().unwrap());
    entity::inquiry::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

both_backends!(
    intake_offers_a_new_inquiry_to_the_checked_in_officer_when_enabled,
    |app: TestApp| async move {
        let admin = app.token(Role::Admin, &["*"]).await;
        let sup = app.token(Role::Supervisor, &["441202"]).await;
        let refused = app
            .gql(Some(&sup), SET_INTAKE, json!({ "d": "441202", "on": true }))
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN");
        set_intake(&app, &admin, "441202", true).await;
        let staff = officers_of(&app, "441202").await;
        let (a, b) = (&staff[0], &staff[1]);
        let now = Utc::now();
        scheduled(
            &app,
            &sup,
            a,
            "441202",
            now - Duration::minutes(10),
            now + Duration::hours(2),
        )
        .await;
        let b_shift = scheduled(
            &app,
            &sup,
            b,
            "441202",
            now - Duration::minutes(5),
            now + Duration::hours(2),
        )
        .await;
        let checked = app
            .gql(
                Some(&token_for(&app, b, "441202").await),
                CHECK_IN,
                json!({ "id": b_shift }),
            )
            .await;
        assert!(checked.get("errors").is_none(), "{checked}");

        let payload = app.submit(None, "441202", "户口迁移咨询").await;
        assert_eq!(payload["inquiry"]["status"], "ASSIGNED", "{payload}");
        let row = inquiry_row(&app, &payload).await;
        assert_eq!(row.status, InquiryStatus::Assigned);
        assert_eq!(row.officer_id, Some(b.id));
        assert_eq!(row.department_id, Some(b.department_id));
        let events = entity::inquiry_event::Entity::find()
            .filter(entity::inquiry_event::Column::InquiryId.eq(row.id))
            .order_by_asc(entity::inquiry_event::Column::Id)
            .all(&app.state.db)
            .await
            .unwrap();
        let kinds: Vec<(EventKind, ActorKind)> =
            events.iter().map(|e| (e.kind, e.actor_kind)).collect();
        assert_eq!(
            kinds,
            vec![
                (EventKind::Received, ActorKind::Anonymous),
                (EventKind::Assigned, ActorKind::System)
            ]
        );
        let outbox = entity::outbox::Entity::find()
            .filter(entity::outbox::Column::InquiryId.eq(row.id))
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(outbox, 2);
        let districts = app
            .gql(None, "{ districts { code autoAssignToOnDuty } }", json!({}))
            .await;
        let on: Vec<&str> = districts["data"]["districts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["autoAssignToOnDuty"] == true)
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert_eq!(on, vec!["441202"]);
    }
);

both_backends!(
    intake_stays_new_when_disabled_or_nobody_is_on_duty,
    |app: TestApp| async move {
        let admin = app.token(Role::Admin, &["*"]).await;
        let now = Utc::now();
        // Dinghu has an officer checked in but does not offer its inquiries.
        let dinghu = app.token(Role::Supervisor, &["441203"]).await;
        let officer = &officers_of(&app, "441203").await[0];
        let shift = scheduled(
            &app,
            &dinghu,
            officer,
            "441203",
            now - Duration::minutes(10),
            now + Duration::hours(2),
        )
        .await;
        let checked = app
            .gql(
                Some(&token_for(&app, officer, "441203").await),
                CHECK_IN,
                json!({ "id": shift }),
            )
            .await;
        assert!(checked.get("errors").is_none(), "{checked}");
        let payload = app.submit(None, "441203", "居住证办理").await;
        assert_eq!(payload["inquiry"]["status"], "NEW");
        // Gaoyao offers them, but nobody is on duty.
        set_intake(&app, &admin, "441204", true).await;
        let payload = app.submit(None, "441204", "居住证办理").await;
        assert_eq!(payload["inquiry"]["status"], "NEW");
        let row = inquiry_row(&app, &payload).await;
        assert_eq!((row.department_id, row.officer_id), (None, None));
        // Turned on and off again, Dinghu keeps its queue.
        set_intake(&app, &admin, "441203", true).await;
        set_intake(&app, &admin, "441203", false).await;
        let payload = app.submit(None, "441203", "居住证办理").await;
        assert_eq!(payload["inquiry"]["status"], "NEW");
    }
);
