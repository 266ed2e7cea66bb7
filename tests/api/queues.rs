//! The desk's queues and lookups: each filter of `inquiries` narrows to what it says,
//! a transfer waits in the receiver's queue, `UPDATED_*` pages across pages, and
//! `inquiryByReference` / `inquiryByExternalRef` answer absent and out of scope alike.

use chrono::Duration;
use entity::{InquiryStatus, Priority, Role};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    both_backends,
    helpers::{TestApp, error_code, gid, uuid_of},
};

/// Changes the stored inquiry `id` with `change`.
async fn set(app: &TestApp, id: &str, change: impl FnOnce(&mut entity::inquiry::ActiveModel)) {
    let row = entity::inquiry::Entity::find_by_id(uuid_of(id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut m: entity::inquiry::ActiveModel = row.into();
    change(&mut m);
    m.update(&app.state.db).await.unwrap();
}

const LIST: &str = r#"query($filter: InquiryFilterInput, $first: Int!, $after: String, $orderBy: InquiryOrderBy! = CREATED_DESC) {
  inquiries(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor }
  }
}"#;

/// The ids `filter` lists for `token` (one page of 100), sorted, checked against `totalCount`.
async fn listed(app: &TestApp, token: &str, filter: Value) -> Vec<String> {
    let body = app
        .gql(Some(token), LIST, json!({ "filter": filter, "first": 100 }))
        .await;
    assert!(body.get("errors").is_none(), "{filter}: {body}");
    let conn = &body["data"]["inquiries"];
    let mut ids: Vec<String> = conn["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(conn["totalCount"], json!(ids.len()), "{filter}");
    ids.sort();
    ids
}

fn sorted(ids: &[&String]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|s| (*s).clone()).collect();
    v.sort();
    v
}

/// Walks `orderBy` `first` rows at a time; the ids in order.
async fn walk(app: &TestApp, token: &str, order: &str, first: i64) -> Vec<String> {
    let (mut ids, mut after) = (Vec::new(), Value::Null);
    loop {
        let body = app
            .gql(
                Some(token),
                LIST,
                json!({ "first": first, "after": after, "orderBy": order }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        let conn = &body["data"]["inquiries"];
        ids.extend(
            conn["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"]["id"].as_str().unwrap().to_owned()),
        );
        if !conn["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            return ids;
        }
        after = conn["pageInfo"]["endCursor"].clone();
    }
}

/// A staff token and the officer it names.
async fn staff(
    app: &TestApp,
    role: Role,
    districts: &[&str],
    department: Option<Uuid>,
) -> (String, Uuid) {
    let issued = wenzheng::auth::issue::issue(
        &app.state.db,
        &app.state.directory,
        &app.state.keys,
        wenzheng::auth::issue::TokenRequest {
            role,
            districts: districts.iter().map(|d| d.to_string()).collect(),
            department,
            sub: None,
            partner: None,
            ttl_seconds: 600,
        },
    )
    .await
    .unwrap();
    (issued.token, issued.officer.unwrap().id)
}

/// (global id, reference) of a fresh anonymous inquiry.
async fn fresh(app: &TestApp, district: &str, subject: &str) -> (String, String) {
    let p = app.submit(None, district, subject).await;
    (
        p["inquiry"]["id"].as_str().unwrap().to_owned(),
        p["inquiry"]["reference"].as_str().unwrap().to_owned(),
    )
}

both_backends!(
    each_queue_filter_narrows_to_what_it_says,
    |app: TestApp| async move {
        let bureau = app.bureau_of("441202").await;
        let dinghu = app.bureau_of("441203").await;
        let admin = app.token(Role::Admin, &[]).await;
        let (mine, me) = staff(&app, Role::Officer, &["441202"], Some(bureau.id)).await;
        let (receiver, _) = staff(&app, Role::Officer, &["441203"], Some(dinghu.id)).await;
        let now = wenzheng::service::now();

        // mine: named to me, urgent, a category; waiting: an extension asked, escalated;
        // offered: a transfer to Dinghu waiting; queue: no department yet.
        let (assigned, _) = fresh(&app, "441202", "户籍证明").await;
        let (waiting, waiting_ref) = fresh(&app, "441202", "护照加急").await;
        let (offered, _) = fresh(&app, "441202", "交通违法").await;
        let (queue, _) = fresh(&app, "441202", "身份证丢失补办").await;
        let (elsewhere, _) = fresh(&app, "441203", "鼎湖咨询").await;
        let stamp = |minutes: i64| now - Duration::minutes(minutes);
        set(&app, &assigned, |m| {
            m.status = Set(InquiryStatus::InProgress);
            m.department_id = Set(Some(bureau.id));
            m.officer_id = Set(Some(me));
            m.priority = Set(Priority::Urgent);
            m.category = Set(Some("证件办理".into()));
            m.updated_at = Set(stamp(50));
        })
        .await;
        set(&app, &waiting, |m| {
            m.status = Set(InquiryStatus::Assigned);
            m.department_id = Set(Some(bureau.id));
            m.pending_extension_days = Set(Some(3));
            m.escalated_at = Set(Some(now));
            m.priority = Set(Priority::High);
            m.updated_at = Set(stamp(40));
        })
        .await;
        set(&app, &offered, |m| {
            m.status = Set(InquiryStatus::Assigned);
            m.department_id = Set(Some(bureau.id));
            m.pending_transfer_department_id = Set(Some(dinghu.id));
            m.pending_transfer_district_id = Set(Some(dinghu.district_id));
            m.updated_at = Set(stamp(30));
        })
        .await;
        set(&app, &queue, |m| {
            m.priority = Set(Priority::High);
            m.updated_at = Set(stamp(20));
        })
        .await;
        set(&app, &elsewhere, |m| {
            m.priority = Set(Priority::Low);
            m.updated_at = Set(stamp(10));
        })
        .await;
        let all = [&assigned, &waiting, &offered, &queue, &elsewhere];

        let cases: Vec<(Value, Vec<&String>)> = vec![
            (json!({ "officerId": gid("Officer", me) }), vec![&assigned]),
            (
                json!({ "priority": ["URGENT", "HIGH"] }),
                vec![&assigned, &waiting, &queue],
            ),
            (json!({ "priority": ["LOW"] }), vec![&elsewhere]),
            (json!({ "category": "证件办理" }), vec![&assigned]),
            (json!({ "pendingExtension": true }), vec![&waiting]),
            (
                json!({ "pendingExtension": false }),
                vec![&assigned, &offered, &queue, &elsewhere],
            ),
            (json!({ "escalated": true }), vec![&waiting]),
            (json!({ "unrouted": true }), vec![&queue, &elsewhere]),
            (
                json!({ "unrouted": false }),
                vec![&assigned, &waiting, &offered],
            ),
            (
                json!({ "updatedSince": stamp(35).to_rfc3339(), "updatedBefore": stamp(15).to_rfc3339() }),
                vec![&offered, &queue],
            ),
            // The reference exactly, in any case.
            (
                json!({ "text": waiting_ref.to_lowercase() }),
                vec![&waiting],
            ),
            // Traditional finds Simplified.
            (json!({ "text": "身份證" }), vec![&queue]),
            (json!({ "text": "身份证" }), vec![&queue]),
            // A transfer waits in the receiver's queue, not in the sender's handling list.
            (
                json!({ "pendingTransfer": "IN", "departmentId": gid("Department", dinghu.id) }),
                vec![&offered],
            ),
            (
                json!({ "departmentId": gid("Department", dinghu.id) }),
                vec![],
            ),
            (
                json!({ "pendingTransfer": "OUT", "departmentId": gid("Department", bureau.id) }),
                vec![&offered],
            ),
            (
                json!({ "pendingTransfer": "IN", "departmentId": gid("Department", bureau.id) }),
                vec![],
            ),
            (json!({}), all.to_vec()),
        ];
        for (filter, expected) in cases {
            assert_eq!(
                listed(&app, &admin, filter.clone()).await,
                sorted(&expected),
                "{filter}"
            );
        }

        // "Me" is the caller: the officer's own, the receiver's incoming transfers.
        assert_eq!(
            listed(&app, &mine, json!({ "assignedToMe": true })).await,
            sorted(&[&assigned])
        );
        assert_eq!(
            listed(&app, &mine, json!({ "assignedToMe": false })).await,
            sorted(&[&waiting, &offered])
        );
        assert_eq!(
            listed(&app, &mine, json!({ "pendingTransfer": "OUT" })).await,
            sorted(&[&offered])
        );
        assert_eq!(
            listed(&app, &receiver, json!({ "pendingTransfer": "IN" })).await,
            sorted(&[&offered])
        );
        assert!(
            listed(&app, &admin, json!({ "assignedToMe": true }))
                .await
                .is_empty()
        );

        // Most recently changed first, two at a time, is the one big page.
        let by_update = walk(&app, &admin, "UPDATED_DESC", 2).await;
        assert_eq!(
            by_update,
            [&elsewhere, &queue, &offered, &waiting, &assigned]
                .map(|s| s.clone())
                .to_vec()
        );
        assert_eq!(by_update, walk(&app, &admin, "UPDATED_DESC", 100).await);
        let mut oldest_first = walk(&app, &admin, "UPDATED_ASC", 3).await;
        oldest_first.reverse();
        assert_eq!(oldest_first, by_update);

        // Most urgent first, oldest first within a priority, across pages.
        let by_urgency = walk(&app, &admin, "PRIORITY", 2).await;
        assert_eq!(
            by_urgency,
            [&assigned, &waiting, &queue, &offered, &elsewhere]
                .map(|s| s.clone())
                .to_vec()
        );
        assert_eq!(by_urgency, walk(&app, &admin, "PRIORITY", 1).await);
        // A cursor of another order is not one of this list's.
        let body = app
            .gql(
                Some(&admin),
                LIST,
                json!({ "first": 1, "orderBy": "PRIORITY" }),
            )
            .await;
        let cursor = body["data"]["inquiries"]["pageInfo"]["endCursor"].clone();
        let body = app
            .gql(
                Some(&admin),
                LIST,
                json!({ "first": 1, "after": cursor, "orderBy": "UPDATED_DESC" }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    }
);

const BY_REFERENCE: &str =
    "query($r: String!) { inquiryByReference(reference: $r) { id reference } }";
const BY_EXTERNAL_REF: &str =
    "query($e: String!) { inquiryByExternalRef(externalRef: $e) { id externalRef } }";

both_backends!(
    lookups_by_reference_answer_absent_and_out_of_scope_alike,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let elsewhere = app.token(Role::Supervisor, &["441203"]).await;
        let (id, reference) = fresh(&app, "441202", "户口迁移").await;
        let found = |body: &Value| body["data"]["inquiryByReference"]["id"].clone();

        let body = app
            .gql(Some(&supervisor), BY_REFERENCE, json!({ "r": reference }))
            .await;
        assert_eq!(found(&body), json!(id), "{body}");
        let lower = format!("  {}  ", reference.to_lowercase());
        let body = app
            .gql(Some(&supervisor), BY_REFERENCE, json!({ "r": lower }))
            .await;
        assert_eq!(found(&body), json!(id), "{body}");
        for (token, r) in [
            (Some(&elsewhere), reference.as_str()),
            (Some(&supervisor), "ZQ0000-XXXXXX"),
            (None, reference.as_str()),
        ] {
            let body = app
                .gql(token.map(String::as_str), BY_REFERENCE, json!({ "r": r }))
                .await;
            assert!(body.get("errors").is_none(), "{body}");
            assert!(body["data"]["inquiryByReference"].is_null(), "{body}");
        }

        // A partner finds what it submitted by its own reference, and nothing of another's.
        set(&app, &id, |m| {
            m.submitted_by_partner = Set(Some("12345-hotline".into()));
            m.external_ref = Set(Some("HL-2026-001".into()));
        })
        .await;
        let partner = app.token(Role::Partner, &["441202"]).await;
        let body = app
            .gql(
                Some(&partner),
                BY_EXTERNAL_REF,
                json!({ "e": "HL-2026-001" }),
            )
            .await;
        assert_eq!(
            body["data"]["inquiryByExternalRef"]["id"],
            json!(id),
            "{body}"
        );
        let other = app
            .token_with(wenzheng::auth::issue::TokenRequest {
                role: Role::Partner,
                districts: vec!["441202".into()],
                department: None,
                sub: None,
                partner: Some("other-hotline".into()),
                ttl_seconds: 600,
            })
            .await;
        for e in ["HL-2026-001", "HL-2026-999"] {
            let body = app
                .gql(Some(&other), BY_EXTERNAL_REF, json!({ "e": e }))
                .await;
            assert!(body.get("errors").is_none(), "{body}");
            assert!(body["data"]["inquiryByExternalRef"].is_null(), "{body}");
        }
        let body = app
            .gql(
                Some(&supervisor),
                BY_EXTERNAL_REF,
                json!({ "e": "HL-2026-001" }),
            )
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
    }
);

both_backends!(
    a_reference_no_inquiry_can_have_is_refused_naming_the_field_not_sent_to_the_database,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let partner = app.token(Role::Partner, &["441202"]).await;
        for bad in ["ZQ2611\u{0}7K3M9Q", &"Z".repeat(200)] {
            let body = app
                .gql(Some(&supervisor), BY_REFERENCE, json!({ "r": bad }))
                .await;
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
            assert_eq!(body["errors"][0]["extensions"]["field"], "reference");
            let track = app
                .gql(
                    None,
                    "query($r: String!) { trackInquiry(reference: $r, trackingCode: \"ABCD\") { status } }",
                    json!({ "r": bad }),
                )
                .await;
            assert_eq!(error_code(&track), "BAD_USER_INPUT", "{track}");
        }
        let body = app
            .gql(
                Some(&partner),
                "query($r: String!) { inquiryByExternalRef(externalRef: $r) { id } }",
                json!({ "r": "HL\u{0}1" }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    }
);
