//! Deadline rules, the working calendar and escalation of overdue inquiries.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use entity::{ActorKind, EventKind, InquiryKind, InquiryStatus, Priority, Role};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use serde_json::{Value, json};
use wenzheng::service::{
    deadline,
    escalation::{escalate_overdue, spawn_escalator},
};

use crate::{
    both_backends,
    helpers::{TestApp, error_code, refused_code, uuid_of},
};

const SET_POLICY: &str = r#"
mutation($input: SetSlaPolicyInput!) {
  setSlaPolicy(input: $input) {
    policy { kind priority firstResponseHours resolutionAmount resolutionUnit updatedAt }
  }
}"#;

const POLICIES: &str =
    r#"{ slaPolicies { kind priority firstResponseHours resolutionAmount resolutionUnit } }"#;

const SET_DAYS: &str = r#"
mutation($input: SetCalendarDaysInput!) {
  setCalendarDays(input: $input) { days { date working name source } }
}"#;

const CALENDAR: &str = r#"
query($from: NaiveDate!, $to: NaiveDate!) { calendar(from: $from, to: $to) { date working name source } }"#;

const SUBMIT_COMPLAINT: &str = r#"
mutation($input: SubmitInquiryInput!) {
  submitInquiry(input: $input) { inquiry { id createdAt firstResponseDueAt dueAt } }
}"#;

fn complaint_policy(first: i32, amount: i32, unit: &str) -> Value {
    json!({ "input": {
        "kind": "COMPLAINT", "priority": "NORMAL", "firstResponseHours": first,
        "resolutionAmount": amount, "resolutionUnit": unit
    }})
}

fn time(v: &Value) -> DateTime<Utc> {
    v.as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .unwrap_or_else(|| panic!("not a timestamp: {v}"))
        .with_timezone(&Utc)
}

fn utc(s: &str) -> DateTime<Utc> {
    time(&json!(s))
}

async fn submit_complaint(app: &TestApp) -> Value {
    let body = app
        .gql(
            None,
            SUBMIT_COMPLAINT,
            json!({ "input": {
                "kind": "COMPLAINT", "channel": "WECHAT", "subject": "夜间施工噪音扰民",
                "body": "工地每晚十一点后仍在施工，附近居民无法休息。", "districtCode": "441202"
            }}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["submitInquiry"]["inquiry"].clone()
}

both_backends!(
    an_admin_changes_the_complaint_policy_and_the_next_complaint_follows_it,
    |app: TestApp| async move {
        let admin = app.token(Role::Admin, &["*"]).await;
        let before = submit_complaint(&app).await;

        let body = app
            .gql(Some(&admin), SET_POLICY, complaint_policy(6, 48, "HOURS"))
            .await;
        let policy = &body["data"]["setSlaPolicy"]["policy"];
        assert_eq!(policy["kind"], "COMPLAINT", "{body}");
        assert_eq!(policy["priority"], "NORMAL");
        assert_eq!(policy["firstResponseHours"], 6);
        assert_eq!(policy["resolutionAmount"], 48);
        assert_eq!(policy["resolutionUnit"], "HOURS");

        // The next complaint is held to 6 hours for a first response and 48 for a result.
        let after = submit_complaint(&app).await;
        let created = time(&after["createdAt"]);
        assert_eq!(
            time(&after["firstResponseDueAt"]) - created,
            Duration::hours(6)
        );
        assert_eq!(time(&after["dueAt"]) - created, Duration::hours(48));

        // The earlier complaint keeps the deadline it was given (5 working days, end of day).
        let read = app
            .gql(
                Some(&admin),
                "query($id: ID!) { inquiry(id: $id) { dueAt } }",
                json!({ "id": before["id"] }),
            )
            .await;
        assert_eq!(read["data"]["inquiry"]["dueAt"], before["dueAt"]);
        assert_ne!(
            time(&before["dueAt"]) - time(&before["createdAt"]),
            Duration::hours(48)
        );

        // The list shows all 20 rules, in kind then priority order, with the change; one row per pair.
        let list = app.gql(Some(&admin), POLICIES, json!({})).await;
        let rows = list["data"]["slaPolicies"].as_array().unwrap();
        assert_eq!(rows.len(), 20, "{list}");
        assert_eq!(
            (&rows[0]["kind"], &rows[0]["priority"]),
            (&json!("CONSULTATION"), &json!("LOW"))
        );
        assert_eq!(
            (&rows[3]["kind"], &rows[3]["priority"]),
            (&json!("CONSULTATION"), &json!("URGENT"))
        );
        assert_eq!(rows[5]["kind"], "COMPLAINT");
        assert_eq!(rows[5]["priority"], "NORMAL");
        assert_eq!(rows[5]["resolutionUnit"], "HOURS");
        assert_eq!(rows[5]["resolutionAmount"], 48);
        assert_eq!(
            entity::sla_policy::Entity::find()
                .count(&app.state.db)
                .await
                .unwrap(),
            20
        );

        // Back to working days: the rule reads the same as the seeded default again.
        let body = app
            .gql(
                Some(&admin),
                SET_POLICY,
                complaint_policy(24, 5, "WORKING_DAYS"),
            )
            .await;
        assert_eq!(
            body["data"]["setSlaPolicy"]["policy"]["resolutionUnit"],
            "WORKING_DAYS"
        );
        let rule = deadline::rule_for(&app.state.db, InquiryKind::Complaint, Priority::Normal)
            .await
            .unwrap();
        assert_eq!((rule.first_response_hours, rule.resolution_amount), (24, 5));
    }
);

both_backends!(
    only_admins_change_the_rules_and_staff_read_them,
    |app: TestApp| async move {
        let officer = app.token(Role::Officer, &["441202"]).await;
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let citizen = app.token(Role::Citizen, &[]).await;
        let day = json!({ "input": { "days": [{ "date": "2027-01-01", "working": false, "name": "元旦" }] } });
        for token in [None, Some(&citizen), Some(&officer), Some(&supervisor)] {
            let token = token.map(String::as_str);
            let body = app
                .gql(token, SET_POLICY, complaint_policy(6, 48, "HOURS"))
                .await;
            assert_eq!(error_code(&body), refused_code(token), "{body}");
            let body = app.gql(token, SET_DAYS, day.clone()).await;
            assert_eq!(error_code(&body), refused_code(token), "{body}");
        }
        for token in [None, Some(&citizen)] {
            let body = app
                .gql(token.map(String::as_str), POLICIES, json!({}))
                .await;
            let refused = refused_code(token.map(String::as_str));
            assert_eq!(error_code(&body), refused, "{body}");
        }
        let body = app.gql(Some(&officer), POLICIES, json!({})).await;
        assert_eq!(
            body["data"]["slaPolicies"].as_array().map(Vec::len),
            Some(20),
            "{body}"
        );
        assert_eq!(
            entity::calendar_day::Entity::find()
                .filter(
                    entity::calendar_day::Column::Date
                        .gt(chrono::NaiveDate::from_ymd_opt(2026, 12, 31))
                )
                .count(&app.state.db)
                .await
                .unwrap(),
            0
        );
    }
);

both_backends!(
    out_of_range_rules_and_days_are_refused_naming_the_field,
    |app: TestApp| async move {
        let admin = app.token(Role::Admin, &["*"]).await;
        let cases = [
            (complaint_policy(0, 5, "WORKING_DAYS"), "firstResponseHours"),
            (
                complaint_policy(721, 5, "WORKING_DAYS"),
                "firstResponseHours",
            ),
            (complaint_policy(24, 0, "WORKING_DAYS"), "resolutionAmount"),
            (complaint_policy(24, 61, "WORKING_DAYS"), "resolutionAmount"),
            (complaint_policy(24, 1441, "HOURS"), "resolutionAmount"),
        ];
        for (vars, field) in cases {
            let body = app.gql(Some(&admin), SET_POLICY, vars).await;
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{field}: {body}");
            assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
        }
        let ok = app
            .gql(
                Some(&admin),
                SET_POLICY,
                complaint_policy(720, 1440, "HOURS"),
            )
            .await;
        assert!(ok.get("errors").is_none(), "{ok}");

        let days = |list: Value| json!({ "input": { "days": list } });
        let day_cases = [
            (days(json!([])), "days"),
            (
                days(json!([{ "date": "2027-01-01", "working": false, "name": "" }])),
                "days[0].name",
            ),
            (
                days(json!([
                    { "date": "2027-01-01", "working": false, "name": "元旦" },
                    { "date": "2027-01-02", "working": false, "name": "节".repeat(51) },
                ])),
                "days[1].name",
            ),
            (
                days(json!([
                    { "date": "2027-01-01", "working": false, "name": "元旦" },
                    { "date": "2027-01-01", "working": true, "name": "元旦" },
                ])),
                "days[1].date",
            ),
        ];
        for (vars, field) in day_cases {
            let body = app.gql(Some(&admin), SET_DAYS, vars).await;
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{field}: {body}");
            assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
        }
        // Nothing of the refused lists was stored.
        let read = app
            .gql(
                None,
                CALENDAR,
                json!({ "from": "2027-01-01", "to": "2027-01-02" }),
            )
            .await;
        assert_eq!(read["data"]["calendar"][0]["name"], Value::Null, "{read}");

        for (from, to) in [("2026-10-02", "2026-10-01"), ("2026-01-01", "2027-01-02")] {
            let body = app
                .gql(None, CALENDAR, json!({ "from": from, "to": to }))
                .await;
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
            assert_eq!(body["errors"][0]["extensions"]["field"], "to", "{body}");
        }
    }
);

both_backends!(
    the_calendar_shows_the_national_day_holidays_and_the_make_up_saturday,
    |app: TestApp| async move {
        let body = app
            .gql(
                None,
                CALENDAR,
                json!({ "from": "2026-09-26", "to": "2026-10-11" }),
            )
            .await;
        let days = body["data"]["calendar"]
            .as_array()
            .unwrap_or_else(|| panic!("{body}"));
        let brief: Vec<(String, bool, String)> = days
            .iter()
            .map(|d| {
                (
                    d["date"].as_str().unwrap().to_owned(),
                    d["working"].as_bool().unwrap(),
                    d["source"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let expected = [
            ("2026-09-26", false, "HOLIDAY"), // Sat, Mid-Autumn
            ("2026-09-27", false, "HOLIDAY"), // Sun, Mid-Autumn
            ("2026-09-28", true, "WORKDAY"),
            ("2026-09-29", true, "WORKDAY"),
            ("2026-09-30", true, "WORKDAY"),
            ("2026-10-01", false, "HOLIDAY"),
            ("2026-10-02", false, "HOLIDAY"),
            ("2026-10-03", false, "HOLIDAY"),
            ("2026-10-04", false, "HOLIDAY"),
            ("2026-10-05", false, "HOLIDAY"),
            ("2026-10-06", false, "HOLIDAY"),
            ("2026-10-07", false, "HOLIDAY"),
            ("2026-10-08", true, "WORKDAY"),
            ("2026-10-09", true, "WORKDAY"),
            ("2026-10-10", true, "MAKE_UP_WORKDAY"),
            ("2026-10-11", false, "WEEKEND"),
        ]
        .map(|(d, w, s)| (d.to_owned(), w, s.to_owned()));
        assert_eq!(brief, expected);
        assert!(
            days[5]["name"].as_str().unwrap().contains("国庆节"),
            "{body}"
        );
        assert!(
            days[14]["name"].as_str().unwrap().contains("国庆节"),
            "{body}"
        );
        assert_eq!(days[15]["name"], Value::Null);
        assert_eq!(days[12]["name"], Value::Null);
    }
);

both_backends!(
    calendar_days_set_for_2027_read_back_and_move_working_day_deadlines,
    |app: TestApp| async move {
        let admin = app.token(Role::Admin, &["*"]).await;
        let tz = chrono_tz::Asia::Shanghai;
        let compute = |kind, at: &str| {
            let (db, at) = (app.state.db.clone(), utc(at));
            async move {
                deadline::compute(&db, tz, kind, Priority::Normal, at)
                    .await
                    .unwrap()
                    .1
            }
        };
        // Seeded rules: a complaint in 5 working days, a consultation in 3.
        // Thu 2026-12-31 10:00 Beijing: Jan 1, 4, 5, 6, 7 on the plain week.
        assert_eq!(
            compute(InquiryKind::Complaint, "2026-12-31T02:00:00Z").await,
            utc("2027-01-07T15:59:59Z")
        );
        // Wed 2027-01-06: Jan 7, 8, 11.
        assert_eq!(
            compute(InquiryKind::Consultation, "2027-01-06T02:00:00Z").await,
            utc("2027-01-11T15:59:59Z")
        );

        let body = app
            .gql(
                Some(&admin),
                SET_DAYS,
                json!({ "input": { "days": [
                    { "date": "2027-01-09", "working": true, "name": "元旦 调休上班" },
                    { "date": "2027-01-01", "working": false, "name": "元旦" },
                    { "date": "2027-01-02", "working": false, "name": " 元旦 " },
                    { "date": "2027-01-03", "working": false, "name": "元旦" },
                ] } }),
            )
            .await;
        assert_eq!(
            body["data"]["setCalendarDays"]["days"],
            json!([
                { "date": "2027-01-01", "working": false, "name": "元旦", "source": "HOLIDAY" },
                { "date": "2027-01-02", "working": false, "name": "元旦", "source": "HOLIDAY" },
                { "date": "2027-01-03", "working": false, "name": "元旦", "source": "HOLIDAY" },
                { "date": "2027-01-09", "working": true, "name": "元旦 调休上班", "source": "MAKE_UP_WORKDAY" },
            ]),
            "{body}"
        );

        let read = app
            .gql(
                None,
                CALENDAR,
                json!({ "from": "2027-01-01", "to": "2027-01-10" }),
            )
            .await;
        let days = read["data"]["calendar"].as_array().unwrap();
        assert_eq!(days.len(), 10);
        assert_eq!(
            days[0],
            json!({ "date": "2027-01-01", "working": false, "name": "元旦", "source": "HOLIDAY" })
        );
        assert_eq!(
            days[3],
            json!({ "date": "2027-01-04", "working": true, "name": null, "source": "WORKDAY" })
        );
        assert_eq!(days[8]["source"], "MAKE_UP_WORKDAY");
        assert_eq!(days[9]["source"], "WEEKEND");

        // New Year's Day no longer counts; the make-up Saturday does.
        assert_eq!(
            compute(InquiryKind::Complaint, "2026-12-31T02:00:00Z").await,
            utc("2027-01-08T15:59:59Z")
        );
        assert_eq!(
            compute(InquiryKind::Consultation, "2027-01-06T02:00:00Z").await,
            utc("2027-01-09T15:59:59Z")
        );

        // Re-listing a date replaces it instead of adding a second row.
        let body = app
            .gql(
                Some(&admin),
                SET_DAYS,
                json!({ "input": { "days": [{ "date": "2027-01-09", "working": false, "name": "调整后放假" }] } }),
            )
            .await;
        assert_eq!(
            body["data"]["setCalendarDays"]["days"][0]["source"], "HOLIDAY",
            "{body}"
        );
        let rows = entity::calendar_day::Entity::find()
            .filter(
                entity::calendar_day::Column::Date.eq(chrono::NaiveDate::from_ymd_opt(2027, 1, 9)),
            )
            .all(&app.state.db)
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].working, rows[0].name.as_str()),
            (false, "调整后放假")
        );
        assert_eq!(
            compute(InquiryKind::Consultation, "2027-01-06T02:00:00Z").await,
            utc("2027-01-11T15:59:59Z")
        );
    }
);

/// Moves an inquiry's deadline (and optionally pauses or resolves it) directly in the database.
async fn set_due(
    app: &TestApp,
    id: uuid::Uuid,
    due: DateTime<Utc>,
    paused: bool,
    status: Option<InquiryStatus>,
) {
    let row = entity::inquiry::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut m: entity::inquiry::ActiveModel = row.into();
    m.due_at = Set(Some(due));
    if paused {
        m.paused_at = Set(Some(due - Duration::hours(1)));
    }
    if let Some(status) = status {
        m.status = Set(status);
    }
    m.update(&app.state.db).await.unwrap();
}

async fn escalations(app: &TestApp, id: uuid::Uuid) -> Vec<entity::inquiry_event::Model> {
    entity::inquiry_event::Entity::find()
        .filter(entity::inquiry_event::Column::InquiryId.eq(id))
        .filter(entity::inquiry_event::Column::Kind.eq(EventKind::Escalated))
        .all(&app.state.db)
        .await
        .unwrap()
}

async fn inquiry(app: &TestApp, id: uuid::Uuid) -> entity::inquiry::Model {
    entity::inquiry::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

both_backends!(
    an_overdue_inquiry_is_escalated_exactly_once_even_by_concurrent_runs,
    |app: TestApp| async move {
        let mut ids = Vec::new();
        for subject in [
            "户口迁移进度",
            "身份证补办",
            "居住证办理",
            "驾驶证换证",
            "出入境预约",
            "暂停中的咨询",
            "尚未到期",
            "已办结的咨询",
        ] {
            let payload = app.submit(None, "441202", subject).await;
            ids.push(uuid_of(payload["inquiry"]["id"].as_str().unwrap()));
        }
        let now = wenzheng::service::now();
        let past = now - Duration::hours(2);
        let (overdue, rest) = ids.split_at(5);
        let (paused, not_due, resolved) = (rest[0], rest[1], rest[2]);
        for (i, id) in overdue.iter().enumerate() {
            set_due(&app, *id, past - Duration::minutes(i as i64), false, None).await;
        }
        set_due(&app, paused, past, true, None).await;
        set_due(&app, resolved, past, false, Some(InquiryStatus::Resolved)).await;
        let versions: Vec<i32> = {
            let mut v = Vec::new();
            for id in overdue {
                v.push(inquiry(&app, *id).await.version);
            }
            v
        };

        let db = &app.state.db;
        let (a, b, c) = tokio::join!(
            escalate_overdue(db, now),
            escalate_overdue(db, now),
            escalate_overdue(db, now)
        );
        assert_eq!(a.unwrap() + b.unwrap() + c.unwrap(), 5);
        assert_eq!(escalate_overdue(db, now).await.unwrap(), 0);
        assert_eq!(
            escalate_overdue(db, now + Duration::minutes(1))
                .await
                .unwrap(),
            0
        );

        for (id, version) in overdue.iter().zip(versions) {
            let events = escalations(&app, *id).await;
            assert_eq!(events.len(), 1, "{id}");
            let e = &events[0];
            assert_eq!(e.actor_kind, ActorKind::System);
            assert!(!e.public);
            let row = inquiry(&app, *id).await;
            assert_eq!(row.escalated_at, Some(now));
            assert_eq!(row.version, version, "escalation is not an edit");
            let data = e.data.clone().unwrap();
            assert_eq!(time(&data["dueAt"]), row.due_at.unwrap());
        }
        let announced = entity::outbox::Entity::find()
            .filter(entity::outbox::Column::Event.eq("inquiry.escalated"))
            .count(db)
            .await
            .unwrap();
        assert_eq!(announced, 5);
        for id in [paused, not_due, resolved] {
            assert!(escalations(&app, id).await.is_empty(), "{id}");
            assert_eq!(inquiry(&app, id).await.escalated_at, None);
        }

        // The background task does the same on its own.
        set_due(
            &app,
            not_due,
            wenzheng::service::now() - Duration::seconds(1),
            false,
            None,
        )
        .await;
        let task = spawn_escalator(db.clone(), StdDuration::from_millis(100));
        let mut waited = 0;
        while inquiry(&app, not_due).await.escalated_at.is_none() && waited < 100 {
            tokio::time::sleep(StdDuration::from_millis(50)).await;
            waited += 1;
        }
        task.abort();
        assert_eq!(escalations(&app, not_due).await.len(), 1);
    }
);
