//! The supervisors' month over the API: the monthly circular from a fixture October with
//! exact figures, frozen once published; the leaderboard order and the monthly star;
//! service statistics; and every report scoped by district.

use chrono::{DateTime, Utc};
use entity::{
    ActorKind, Channel, EventKind, InquiryKind, InquiryStatus, Priority, ReplyVisibility, Role,
    Satisfaction, feedback, inquiry, inquiry_event, officer, reply,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;
use wenzheng::auth::issue::TokenRequest;

use crate::{
    both_backends,
    helpers::{TestApp, error_code, gid},
};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// One inquiry written straight into the database with the times a fixture needs.
struct Fixture<'a> {
    district: &'a str,
    department: Option<Uuid>,
    officer: Option<Uuid>,
    kind: InquiryKind,
    status: InquiryStatus,
    created: &'a str,
    first_response_after_minutes: Option<i64>,
    due: &'a str,
    resolved: Option<&'a str>,
}

impl Default for Fixture<'_> {
    fn default() -> Self {
        Self {
            district: "441202",
            department: None,
            officer: None,
            kind: InquiryKind::Consultation,
            status: InquiryStatus::Assigned,
            created: "2026-10-05T01:00:00Z",
            first_response_after_minutes: None,
            due: "2026-10-12T09:00:00Z",
            resolved: None,
        }
    }
}

async fn insert(app: &TestApp, f: Fixture<'_>) -> Uuid {
    let id = Uuid::now_v7();
    let created = at(f.created);
    let row = inquiry::ActiveModel {
        id: Set(id),
        reference: Set(format!(
            "ZQ2610-{}",
            &id.simple().to_string()[20..26].to_uppercase()
        )),
        tracking_code_hash: Set("fixture".into()),
        kind: Set(f.kind),
        channel: Set(Channel::SinaWeibo),
        external_ref: Set(None),
        subject: Set("咨询户口迁移需要哪些材料".into()),
        body: Set("想把户口从高要迁到端州，需要准备什么？".into()),
        category: Set(None),
        district_id: Set(app.state.directory.by_code(f.district).unwrap().id),
        location_text: Set(None),
        latitude: Set(None),
        longitude: Set(None),
        citizen_name: Set(None),
        citizen_phone: Set(None),
        citizen_subject: Set(None),
        submitter: Set(format!("fixture:{id}")),
        anonymous: Set(true),
        protect_identity: Set(false),
        status: Set(f.status),
        priority: Set(Priority::Normal),
        department_id: Set(f.department),
        officer_id: Set(f.officer),
        pending_transfer_department_id: Set(None),
        pending_transfer_district_id: Set(None),
        pending_extension_days: Set(None),
        first_response_due_at: Set(None),
        due_at: Set(Some(at(f.due))),
        due_soon_at: Set(None),
        paused_at: Set(None),
        first_responded_at: Set(f
            .first_response_after_minutes
            .map(|m| created + chrono::Duration::minutes(m))),
        resolved_at: Set(f.resolved.map(at)),
        closed_at: Set(None),
        escalated_at: Set(None),
        resolution: Set(f.resolved.map(|_| "已办结".to_owned())),
        reopened_count: Set(0),
        merged_into_id: Set(None),
        submitted_by_partner: Set(None),
        idempotency_key: Set(None),
        request_hash: Set(None),
        version: Set(1),
        created_at: Set(created),
        updated_at: Set(created),
    };
    inquiry::Entity::insert(row)
        .exec_without_returning(&app.state.db)
        .await
        .unwrap();
    id
}

async fn rate(app: &TestApp, inquiry_id: Uuid, satisfaction: Satisfaction, when: &str) {
    feedback::Entity::insert(feedback::ActiveModel {
        id: Set(Uuid::now_v7()),
        inquiry_id: Set(inquiry_id),
        satisfaction: Set(satisfaction),
        reason: Set(None),
        comment: Set(None),
        rated_by: Set(None),
        created_at: Set(at(when)),
        updated_at: Set(at(when)),
    })
    .exec_without_returning(&app.state.db)
    .await
    .unwrap();
}

async fn reply_by(app: &TestApp, inquiry_id: Uuid, officer: &officer::Model, when: &str) {
    reply::Entity::insert(reply::ActiveModel {
        id: Set(Uuid::now_v7()),
        inquiry_id: Set(inquiry_id),
        officer_id: Set(officer.id),
        department_id: Set(officer.department_id),
        visibility: Set(ReplyVisibility::Public),
        body: Set("您好，已转交相关部门办理，请留意回复。".into()),
        answer_entry_id: Set(None),
        answer_entry_version: Set(None),
        corrects_reply_id: Set(None),
        correction_reason: Set(None),
        created_at: Set(at(when)),
        updated_at: Set(at(when)),
    })
    .exec_without_returning(&app.state.db)
    .await
    .unwrap();
}

async fn reopened(app: &TestApp, inquiry_id: Uuid, when: &str) {
    inquiry_event::Entity::insert(inquiry_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        inquiry_id: Set(inquiry_id),
        kind: Set(EventKind::Reopened),
        actor_kind: Set(ActorKind::Citizen),
        actor_officer_id: Set(None),
        actor_subject: Set(None),
        public: Set(true),
        note: Set(Some("不满意".into())),
        data: Set(None),
        created_at: Set(at(when)),
        updated_at: Set(at(when)),
    })
    .exec_without_returning(&app.state.db)
    .await
    .unwrap();
}

async fn officer_named(app: &TestApp, duty_name: &str) -> officer::Model {
    officer::Entity::find()
        .filter(officer::Column::DutyName.eq(duty_name))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

async fn division(app: &TestApp, name: &str) -> Uuid {
    entity::department::Entity::find()
        .filter(entity::department::Column::Name.eq(name))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// October 2026 in Duanzhou (and one Gaoyao item), as laid out in the module docs of
/// `service::reports`: the Duanzhou bureau resolves one of two on time, the exit-entry
/// division one of one, one item waits in the intake queue past its deadline.
struct October {
    duanzhou_bureau: Uuid,
    exit_entry: Uuid,
    xiao_li: officer::Model,
    exit_li: officer::Model,
}

async fn october(app: &TestApp) -> October {
    let duanzhou_bureau = app.bureau_of("441202").await.id;
    let exit_entry = division(app, "出入境管理支队").await;
    let xiao_li = officer_named(app, "端州警官小李").await;
    let exit_li = officer_named(app, "出入境小李").await;
    let (d, x) = (Some(duanzhou_bureau), Some(exit_entry));
    let a = insert(
        app,
        Fixture {
            department: d,
            officer: Some(xiao_li.id),
            status: InquiryStatus::Resolved,
            created: "2026-10-05T01:00:00Z",
            first_response_after_minutes: Some(60),
            due: "2026-10-12T09:00:00Z",
            resolved: Some("2026-10-10T01:00:00Z"),
            ..Fixture::default()
        },
    )
    .await;
    let b = insert(
        app,
        Fixture {
            department: d,
            officer: Some(xiao_li.id),
            kind: InquiryKind::Complaint,
            status: InquiryStatus::Resolved,
            created: "2026-10-06T01:00:00Z",
            first_response_after_minutes: Some(120),
            due: "2026-10-13T09:00:00Z",
            resolved: Some("2026-10-15T01:00:00Z"),
            ..Fixture::default()
        },
    )
    .await;
    let _c = insert(
        app,
        Fixture {
            department: d,
            kind: InquiryKind::Complaint,
            created: "2026-10-20T01:00:00Z",
            due: "2026-10-27T09:00:00Z",
            ..Fixture::default()
        },
    )
    .await;
    let _j = insert(
        app,
        Fixture {
            department: d,
            status: InquiryStatus::Rejected,
            created: "2026-10-08T01:00:00Z",
            due: "2026-10-09T09:00:00Z",
            ..Fixture::default()
        },
    )
    .await;
    let e = insert(
        app,
        Fixture {
            department: x,
            officer: Some(exit_li.id),
            status: InquiryStatus::Resolved,
            created: "2026-10-03T01:00:00Z",
            first_response_after_minutes: Some(30),
            due: "2026-10-10T09:00:00Z",
            resolved: Some("2026-10-08T01:00:00Z"),
            ..Fixture::default()
        },
    )
    .await;
    // Received in September, overdue through October, resolved in November.
    let _f = insert(
        app,
        Fixture {
            department: x,
            status: InquiryStatus::Resolved,
            created: "2026-09-20T01:00:00Z",
            due: "2026-10-02T09:00:00Z",
            resolved: Some("2026-11-03T01:00:00Z"),
            ..Fixture::default()
        },
    )
    .await;
    // Never routed: waits in Duanzhou's intake queue past its deadline.
    let _g = insert(
        app,
        Fixture {
            status: InquiryStatus::New,
            kind: InquiryKind::Report,
            created: "2026-10-28T01:00:00Z",
            due: "2026-10-29T09:00:00Z",
            ..Fixture::default()
        },
    )
    .await;
    // Another district, and another month.
    let gaoyao = app.bureau_of("441204").await.id;
    insert(
        app,
        Fixture {
            district: "441204",
            department: Some(gaoyao),
            created: "2026-10-07T01:00:00Z",
            due: "2026-10-14T09:00:00Z",
            ..Fixture::default()
        },
    )
    .await;
    insert(
        app,
        Fixture {
            department: d,
            created: "2026-11-02T01:00:00Z",
            due: "2026-11-09T09:00:00Z",
            ..Fixture::default()
        },
    )
    .await;
    reply_by(app, a, &xiao_li, "2026-10-05T02:00:00Z").await;
    reply_by(app, b, &xiao_li, "2026-10-06T03:00:00Z").await;
    reply_by(app, e, &exit_li, "2026-10-03T01:30:00Z").await;
    rate(app, a, Satisfaction::Satisfied, "2026-10-11T01:00:00Z").await;
    rate(app, b, Satisfaction::Unsatisfied, "2026-10-16T01:00:00Z").await;
    rate(
        app,
        e,
        Satisfaction::BasicallySatisfied,
        "2026-10-09T01:00:00Z",
    )
    .await;
    reopened(app, b, "2026-10-16T01:00:01Z").await;
    October {
        duanzhou_bureau,
        exit_entry,
        xiao_li,
        exit_li,
    }
}

const CIRCULAR: &str = r#"
query Circular($month: String!, $district: String) {
  monthlyCircular(month: $month, districtCode: $district) {
    month districtCode publishedAt asOf
    totals { received resolved resolvedOnTime overdueOpen onTimeRate firstResponses
             averageFirstResponseMinutes p90FirstResponseMinutes ratings satisfied
             satisfactionRate reopened }
    rota: totals { rotaGaps unattendedInquiries }
    districts { rank name districtCode received overdueOpen rotaGaps unattendedInquiries }
    departments { rank name department { id name } received resolved resolvedOnTime overdueOpen
                  onTimeRate firstResponses averageFirstResponseMinutes p90FirstResponseMinutes
                  ratings satisfied satisfactionRate reopened }
    overdueByDepartment { departmentName inquiries { reference dueAt status districtCode } }
    overdueTruncated
  }
}"#;

fn line_named<'a>(lines: &'a Value, name: &str) -> &'a Value {
    lines
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == name)
        .unwrap_or_else(|| panic!("no line {name} in {lines}"))
}

both_backends!(
    circular_of_a_fixture_month_has_exact_figures_ranked_worst_first,
    |app: TestApp| async move {
        october(&app).await;
        let admin = app.token(Role::Admin, &["*"]).await;
        let body = app
            .gql(
                Some(&admin),
                CIRCULAR,
                json!({"month": "2026-10", "district": "441202"}),
            )
            .await;
        let c = &body["data"]["monthlyCircular"];
        assert!(body.get("errors").is_none(), "{body}");
        assert_eq!(c["publishedAt"], Value::Null);
        assert_eq!(c["asOf"], "2026-10-31T16:00:00+00:00");
        assert_eq!(
            c["totals"],
            json!({
                "received": 6, "resolved": 3, "resolvedOnTime": 2, "overdueOpen": 3,
                "onTimeRate": 2.0 / 3.0, "firstResponses": 3,
                "averageFirstResponseMinutes": 70.0, "p90FirstResponseMinutes": 120.0,
                "ratings": 3, "satisfied": 2, "satisfactionRate": 2.0 / 3.0, "reopened": 1
            })
        );
        // Nobody held Duanzhou's desk in the fixture month: every morning and evening slot
        // is a gap, and the six inquiries that arrived at 09:00 came in unattended.
        assert_eq!(c["rota"], json!({"rotaGaps": 62, "unattendedInquiries": 6}));
        let departments = &c["departments"];
        assert_eq!(departments.as_array().unwrap().len(), 3);
        assert!(
            departments
                .as_array()
                .unwrap()
                .iter()
                .all(|l| l.get("rotaGaps").is_none())
        );
        assert_eq!(
            departments
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["name"].as_str().unwrap())
                .collect::<Vec<_>>(),
            vec!["端州分局", "出入境管理支队", "待分派（受理台）"],
            "worst first"
        );
        let bureau = line_named(departments, "端州分局");
        assert_eq!(bureau["rank"], 1);
        assert_eq!(
            (
                &bureau["received"],
                &bureau["resolved"],
                &bureau["resolvedOnTime"],
                &bureau["overdueOpen"],
                &bureau["onTimeRate"]
            ),
            (&json!(4), &json!(2), &json!(1), &json!(1), &json!(0.5))
        );
        assert_eq!(bureau["averageFirstResponseMinutes"], 90.0);
        assert_eq!(bureau["p90FirstResponseMinutes"], 120.0);
        assert_eq!(
            (&bureau["ratings"], &bureau["satisfied"]),
            (&json!(2), &json!(1))
        );
        assert_eq!(bureau["satisfactionRate"], 0.5);
        assert_eq!(bureau["reopened"], 1);
        let exit = line_named(departments, "出入境管理支队");
        assert_eq!(
            (
                &exit["received"],
                &exit["resolved"],
                &exit["overdueOpen"],
                &exit["onTimeRate"]
            ),
            (&json!(1), &json!(1), &json!(1), &json!(1.0))
        );
        assert_eq!(exit["p90FirstResponseMinutes"], 30.0);
        let queue = line_named(departments, "待分派（受理台）");
        assert_eq!(queue["department"], Value::Null);
        assert_eq!(
            (&queue["received"], &queue["overdueOpen"]),
            (&json!(1), &json!(1))
        );
        assert_eq!(queue["onTimeRate"], Value::Null);
        // The overdue list names each item under its department.
        let overdue = c["overdueByDepartment"].as_array().unwrap();
        assert_eq!(overdue.len(), 3);
        let items: usize = overdue
            .iter()
            .map(|g| g["inquiries"].as_array().unwrap().len())
            .sum();
        assert_eq!(items, 3);
        assert!(
            overdue
                .iter()
                .all(|g| g["inquiries"][0]["districtCode"] == "441202")
        );
        assert_eq!(c["overdueTruncated"], false);
        // The city's circular adds Gaoyao's overdue item as its own district line.
        let city = app
            .gql(Some(&admin), CIRCULAR, json!({"month": "2026-10"}))
            .await;
        let city = &city["data"]["monthlyCircular"];
        assert_eq!(city["districtCode"], "441200");
        assert_eq!(city["totals"]["received"], 7);
        assert_eq!(city["totals"]["overdueOpen"], 4);
        let gaoyao = line_named(&city["districts"], "高要区");
        assert_eq!(
            (&gaoyao["received"], &gaoyao["overdueOpen"]),
            (&json!(1), &json!(1))
        );
        assert_eq!(line_named(&city["districts"], "端州区")["rank"], 1);
    }
);

both_backends!(
    published_circular_is_frozen_while_data_changes_later,
    |app: TestApp| async move {
        let f = october(&app).await;
        let admin = app.token(Role::Admin, &["*"]).await;
        let publish = r#"mutation P($input: PublishMonthlyCircularInput!) {
            publishMonthlyCircular(input: $input) { circular { publishedAt totals { received resolved } } } }"#;
        let body = app
            .gql(
                Some(&admin),
                publish,
                json!({"input": {"month": "2026-10", "districtCode": "441202"}}),
            )
            .await;
        let published = &body["data"]["publishMonthlyCircular"]["circular"];
        assert!(published["publishedAt"].is_string(), "{body}");
        assert_eq!(published["totals"], json!({"received": 6, "resolved": 3}));
        // Later: one more October inquiry resolved, and the department renamed.
        insert(
            &app,
            Fixture {
                department: Some(f.duanzhou_bureau),
                status: InquiryStatus::Resolved,
                created: "2026-10-09T01:00:00Z",
                resolved: Some("2026-10-09T05:00:00Z"),
                ..Fixture::default()
            },
        )
        .await;
        let body = app
            .gql(
                Some(&admin),
                CIRCULAR,
                json!({"month": "2026-10", "district": "441202"}),
            )
            .await;
        let c = &body["data"]["monthlyCircular"];
        assert_eq!(c["publishedAt"], published["publishedAt"]);
        assert_eq!(c["totals"]["received"], 6, "frozen: {body}");
        assert_eq!(c["totals"]["resolved"], 3);
        // The city circular is not published, so it is live and sees the new row.
        let city = app
            .gql(Some(&admin), CIRCULAR, json!({"month": "2026-10"}))
            .await;
        assert_eq!(city["data"]["monthlyCircular"]["totals"]["received"], 8);
        // Published once.
        let again = app
            .gql(
                Some(&admin),
                publish,
                json!({"input": {"month": "2026-10", "districtCode": "441202"}}),
            )
            .await;
        assert_eq!(error_code(&again), "CONFLICT");
        // A month that has not ended cannot be published.
        let early = app
            .gql(
                Some(&admin),
                publish,
                json!({"input": {"month": "2099-01"}}),
            )
            .await;
        assert_eq!(error_code(&early), "BAD_USER_INPUT");
        assert_eq!(early["errors"][0]["extensions"]["field"], "month");
        // Supervisors read circulars but do not publish them.
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let refused = app
            .gql(
                Some(&supervisor),
                publish,
                json!({"input": {"month": "2026-09", "districtCode": "441202"}}),
            )
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN");
        let _ = f.exit_entry;
    }
);

both_backends!(
    every_report_is_scoped_to_the_supervisors_districts,
    |app: TestApp| async move {
        october(&app).await;
        let gaoyao = app.token(Role::Supervisor, &["441204"]).await;
        let duanzhou = app.token(Role::Supervisor, &["441202"]).await;
        // Another district's circular does not exist for this supervisor.
        let body = app
            .gql(
                Some(&gaoyao),
                CIRCULAR,
                json!({"month": "2026-10", "district": "441202"}),
            )
            .await;
        assert_eq!(error_code(&body), "NOT_FOUND");
        let body = app
            .gql(Some(&gaoyao), CIRCULAR, json!({"month": "2026-10"}))
            .await;
        assert_eq!(
            body["data"]["monthlyCircular"]["districtCode"], "441204",
            "defaults to its own"
        );
        assert_eq!(body["data"]["monthlyCircular"]["totals"]["received"], 1);
        // Nor the city's, nor its leaderboard.
        let body = app
            .gql(
                Some(&duanzhou),
                CIRCULAR,
                json!({"month": "2026-10", "district": "441200"}),
            )
            .await;
        assert_eq!(error_code(&body), "NOT_FOUND");
        let board = r#"query B($d: String) { officerLeaderboard(month: "2026-10", districtCode: $d) { districtCode entries { officer { dutyName } } } }"#;
        let body = app
            .gql(Some(&duanzhou), board, json!({"d": "441204"}))
            .await;
        assert_eq!(error_code(&body), "NOT_FOUND");
        // Officers and citizens get no reports.
        let officer = app.token(Role::Officer, &["441202"]).await;
        let body = app
            .gql(Some(&officer), CIRCULAR, json!({"month": "2026-10"}))
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN");
        let body = app.gql(None, CIRCULAR, json!({"month": "2026-10"})).await;
        assert_eq!(error_code(&body), "UNAUTHENTICATED");
        // Statistics: the Gaoyao supervisor's figures never include Duanzhou.
        let stats = r#"query S($d: String) { serviceStats(from: "2026-10-01", to: "2026-10-31", districtCode: $d) { received replies } }"#;
        let body = app.gql(Some(&gaoyao), stats, json!({"d": "441202"})).await;
        assert_eq!(
            body["data"]["serviceStats"],
            json!({"received": 0, "replies": 0})
        );
        let body = app.gql(Some(&gaoyao), stats, json!({})).await;
        assert_eq!(body["data"]["serviceStats"]["received"], 1);
        let body = app.gql(Some(&duanzhou), stats, json!({})).await;
        assert_eq!(body["data"]["serviceStats"]["received"], 6);
        let bad = app
            .gql(Some(&gaoyao), CIRCULAR, json!({"month": "2026-13"}))
            .await;
        assert_eq!(error_code(&bad), "BAD_USER_INPUT");
    }
);

both_backends!(
    leaderboard_orders_officers_by_weighted_score_and_the_star_is_public,
    |app: TestApp| async move {
        let f = october(&app).await;
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let review = r#"mutation R($input: ReviewOfficerInput!) {
            reviewOfficer(input: $input) { review { month attitude quality officer { dutyName } reviewer { dutyName } } } }"#;
        // A first review, then a revision: one review per reviewer and month.
        for attitude in [3, 4] {
            let body = app
                .gql(
                    Some(&supervisor),
                    review,
                    json!({"input": {
                    "officerId": gid("Officer", f.xiao_li.id), "month": "2026-10",
                    "attitude": attitude, "quality": 5, "note": "答复及时，态度热情"}}),
                )
                .await;
            assert_eq!(
                body["data"]["reviewOfficer"]["review"]["attitude"], attitude,
                "{body}"
            );
        }
        // Out of range, another district's officer, and oneself are refused.
        let body = app
            .gql(Some(&supervisor), review, json!({"input": {
                "officerId": gid("Officer", f.xiao_li.id), "month": "2026-10", "attitude": 6, "quality": 5}}))
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], "attitude");
        let body = app
            .gql(Some(&supervisor), review, json!({"input": {
                "officerId": gid("Officer", f.exit_li.id), "month": "2026-10", "attitude": 5, "quality": 5}}))
            .await;
        assert_eq!(error_code(&body), "NOT_FOUND");
        let me = officer_named(&app, "端州分局值班长老陈").await;
        let own = app
            .token_with(TokenRequest {
                role: Role::Supervisor,
                districts: vec!["441202".into()],
                department: None,
                sub: Some(me.badge_number.clone()),
                partner: None,
                ttl_seconds: 600,
            })
            .await;
        let body = app
            .gql(
                Some(&own),
                review,
                json!({"input": {
                "officerId": gid("Officer", me.id), "month": "2026-10", "attitude": 5, "quality": 5}}),
            )
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN");

        let admin = app.token(Role::Admin, &["*"]).await;
        let board = r#"{ officerLeaderboard(month: "2026-10") {
            districtCode weights { replies onTime satisfaction attitude quality }
            entries { rank score replies resolved resolvedOnTime onTimeRate ratings
                      averageSatisfaction reviews averageAttitude averageQuality
                      officer { dutyName } } } }"#;
        let body = app.gql(Some(&admin), board, json!({})).await;
        let b = &body["data"]["officerLeaderboard"];
        assert_eq!(b["districtCode"], "441200", "{body}");
        assert_eq!(
            b["weights"],
            json!({"replies": 20.0, "onTime": 25.0, "satisfaction": 25.0, "attitude": 15.0, "quality": 15.0})
        );
        assert_eq!(
            b["entries"],
            json!([
                {"rank": 1, "score": 71.25, "replies": 2, "resolved": 2, "resolvedOnTime": 1,
                 "onTimeRate": 0.5, "ratings": 2, "averageSatisfaction": 0.5, "reviews": 1,
                 "averageAttitude": 4.0, "averageQuality": 5.0, "officer": {"dutyName": "端州警官小李"}},
                {"rank": 2, "score": 47.5, "replies": 1, "resolved": 1, "resolvedOnTime": 1,
                 "onTimeRate": 1.0, "ratings": 1, "averageSatisfaction": 0.5, "reviews": 0,
                 "averageAttitude": null, "averageQuality": null, "officer": {"dutyName": "出入境小李"}}
            ])
        );

        let award = r#"mutation A($input: AwardMonthlyStarInput!) {
            awardMonthlyStar(input: $input) { star { month citation officer { dutyName } } } }"#;
        let input = json!({"input": {"month": "2026-10", "officerId": gid("Officer", f.xiao_li.id),
                                     "citation": "十月答复网民咨询及时准确，群众满意"}});
        let body = app.gql(Some(&supervisor), award, input.clone()).await;
        assert_eq!(error_code(&body), "FORBIDDEN");
        let body = app.gql(Some(&admin), award, input.clone()).await;
        assert_eq!(
            body["data"]["awardMonthlyStar"]["star"]["month"], "2026-10",
            "{body}"
        );
        assert_eq!(
            error_code(&app.gql(Some(&admin), award, input).await),
            "CONFLICT"
        );
        // The year-end review is public: the duty name, not the real name.
        let stars = app
            .gql(None, "{ monthlyStars(year: 2026) { month citation officer { dutyName realName badgeNumber } } }", json!({}))
            .await;
        assert_eq!(
            stars["data"]["monthlyStars"],
            json!([{"month": "2026-10", "citation": "十月答复网民咨询及时准确，群众满意",
                    "officer": {"dutyName": "端州警官小李", "realName": null, "badgeNumber": null}}])
        );
    }
);

both_backends!(
    service_stats_count_by_dimension_with_response_percentiles,
    |app: TestApp| async move {
        let f = october(&app).await;
        let admin = app.token(Role::Admin, &["*"]).await;
        let q = r#"{ serviceStats(from: "2026-10-01", to: "2026-10-31", districtCode: "441202") {
            received byKind { kind count } byChannel { channel count } byStatus { status count }
            byDepartment { department { name } count }
            replies resolved resolvedOnTime onTimeRate
            firstResponse { count averageMinutes p50Minutes p90Minutes p99Minutes }
            resolution { count p50Minutes p90Minutes }
            satisfaction { satisfaction count } satisfactionRate } }"#;
        let body = app.gql(Some(&admin), q, json!({})).await;
        let s = &body["data"]["serviceStats"];
        assert_eq!(s["received"], 6, "{body}");
        assert_eq!(
            s["byKind"],
            json!([{"kind": "CONSULTATION", "count": 3}, {"kind": "COMPLAINT", "count": 2}, {"kind": "REPORT", "count": 1}])
        );
        assert_eq!(
            s["byChannel"],
            json!([{"channel": "SINA_WEIBO", "count": 6}])
        );
        assert_eq!(
            s["byStatus"],
            json!([{"status": "RESOLVED", "count": 3}, {"status": "ASSIGNED", "count": 1},
                   {"status": "NEW", "count": 1}, {"status": "REJECTED", "count": 1}])
        );
        let by_department = s["byDepartment"].as_array().unwrap();
        assert_eq!(
            by_department[0],
            json!({"department": {"name": "端州分局"}, "count": 4})
        );
        assert_eq!(by_department.len(), 3);
        assert_eq!(
            (&s["replies"], &s["resolved"], &s["resolvedOnTime"]),
            (&json!(3), &json!(3), &json!(2))
        );
        assert_eq!(
            s["firstResponse"],
            json!({"count": 3, "averageMinutes": 70.0, "p50Minutes": 60.0, "p90Minutes": 120.0, "p99Minutes": 120.0})
        );
        assert_eq!(
            s["resolution"],
            json!({"count": 3, "p50Minutes": 7200.0, "p90Minutes": 12960.0})
        );
        assert_eq!(s["satisfactionRate"], 2.0 / 3.0);
        // An officer's figures cover its department only.
        let officer = app
            .token_with(TokenRequest {
                role: Role::Officer,
                districts: vec!["441202".into()],
                department: None,
                sub: Some(f.xiao_li.badge_number.clone()),
                partner: None,
                ttl_seconds: 600,
            })
            .await;
        let body = app.gql(Some(&officer), q, json!({})).await;
        assert_eq!(body["data"]["serviceStats"]["received"], 4, "{body}");
        let body = app
            .gql(
                Some(&admin),
                r#"{ serviceStats(from: "2026-10-31", to: "2026-10-01") { received } }"#,
                json!({}),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT");
        let body = app
            .gql(
                None,
                r#"{ serviceStats(from: "2026-10-01", to: "2026-10-31") { received } }"#,
                json!({}),
            )
            .await;
        assert_ne!(body["data"], json!({"serviceStats": {"received": 0}}));
        assert!(body.get("errors").is_some());
    }
);
