//! One event-visibility rule on every path: what each role sees of an inquiry's timeline
//! in queries, over `inquiryEvents` and through tracking.

use std::time::Duration;

use entity::Role;
use serde_json::{Value, json};
use wenzheng::auth::issue::TokenRequest;

use crate::{
    both_backends,
    helpers::{SUBMIT, TestApp, gid, uuid_of},
    subscriptions::{SETTLE, connect, next, subscribe},
};

const EVENTS_OF: &str = "query($id: ID!) { node(id: $id) { ... on Inquiry { events { kind actorSubject note data } } } }";

const FEED: &str = "subscription($code: String!, $after: String) { \
    inquiryEvents(districtCode: $code, after: $after) { cursor reference \
    timelineEvent { kind actorSubject } } }";

async fn citizen(app: &TestApp, sub: &str) -> String {
    app.token_with(TokenRequest {
        role: Role::Citizen,
        districts: vec![],
        department: None,
        sub: Some(sub.into()),
        partner: None,
        ttl_seconds: 600,
    })
    .await
}

/// Submits as `token`; returns the `submitInquiry` payload.
async fn submit(app: &TestApp, token: Option<&str>, input: Value) -> Value {
    let body = app.gql(token, SUBMIT, json!({ "input": input })).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["submitInquiry"].clone()
}

fn tip_off(district: &str) -> Value {
    json!({
        "kind": "REPORT", "channel": "MOBILE_APP", "districtCode": district,
        "subject": "举报小区内有人贩卖假烟", "body": "每天晚上八点后在三号楼楼下交易，请核查。",
        "citizenName": "李明", "citizenPhone": "13912345678", "protectIdentity": true
    })
}

async fn events_of(app: &TestApp, token: &str, id: &str) -> Vec<Value> {
    let body = app.gql(Some(token), EVENTS_OF, json!({ "id": id })).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["node"]["events"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

both_backends!(
    the_handling_officer_never_sees_a_protected_informants_account_id_in_queries_or_pushes,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let officer = app.token(Role::Officer, &["441202"]).await;
        let informant = citizen(&app, "app-user-7788").await;
        let mut watch = connect(&app, Some(&supervisor)).await;
        subscribe(&mut watch, "all", FEED, json!({ "code": "441202" })).await;
        tokio::time::sleep(SETTLE).await;
        app.submit(None, "441202", "先前的咨询").await;
        let report = submit(&app, Some(&informant), tip_off("441202")).await;
        let id = report["inquiry"]["id"].as_str().unwrap().to_owned();
        let before = next(&mut watch, Duration::from_secs(8))
            .await
            .expect("first");
        let cursor = before["payload"]["data"]["inquiryEvents"]["cursor"]
            .as_str()
            .unwrap()
            .to_owned();
        let pushed = next(&mut watch, Duration::from_secs(8))
            .await
            .expect("report");
        assert_eq!(
            pushed["payload"]["data"]["inquiryEvents"]["timelineEvent"]["actorSubject"],
            "citizen:app-user-7788",
            "the district's supervisor may see who reported"
        );
        let bureau = app.bureau_of("441202").await;
        app.assign_in_db(uuid_of(&id), bureau.id, None).await;

        let received = |events: &[Value]| {
            events
                .iter()
                .find(|e| e["kind"] == "RECEIVED")
                .cloned()
                .unwrap()
        };
        assert_eq!(
            received(&events_of(&app, &supervisor, &id).await)["actorSubject"],
            "citizen:app-user-7788"
        );
        assert_eq!(
            received(&events_of(&app, &officer, &id).await)["actorSubject"],
            Value::Null
        );
        assert_eq!(
            received(&events_of(&app, &informant, &id).await)["actorSubject"],
            "citizen:app-user-7788"
        );

        // Replayed to the officer (now handling it) over the socket: still no account id.
        let mut socket = connect(&app, Some(&officer)).await;
        subscribe(
            &mut socket,
            "replay",
            FEED,
            json!({ "code": "441202", "after": cursor }),
        )
        .await;
        let replayed = next(&mut socket, Duration::from_secs(8))
            .await
            .expect("replay");
        let notice = &replayed["payload"]["data"]["inquiryEvents"];
        assert_eq!(
            notice["reference"], report["inquiry"]["reference"],
            "{replayed}"
        );
        assert_eq!(notice["timelineEvent"]["kind"], "RECEIVED");
        assert_eq!(notice["timelineEvent"]["actorSubject"], Value::Null);
    }
);

both_backends!(
    citizens_and_partners_see_the_public_timeline_of_their_own_inquiries_without_internals,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let officer = app.token(Role::Officer, &["441202"]).await;
        let partner = app.token(Role::Partner, &["441202"]).await;
        let me = citizen(&app, "app-user-0001").await;
        let bureau = app.bureau_of("441202").await;
        let department = gid("Department", bureau.id);
        for token in [&me, &partner] {
            let submitted = app
                .submit(Some(token), "441202", "出入境证件办理进度")
                .await;
            let id = submitted["inquiry"]["id"].as_str().unwrap().to_owned();
            let assign = app
                .gql(Some(&supervisor),
                    "mutation($i: AssignInquiryInput!) { assignInquiry(input: $i) { inquiry { version } } }",
                    json!({ "i": { "inquiryId": id, "expectedVersion": 1, "departmentId": department } }))
                .await;
            let version = assign["data"]["assignInquiry"]["inquiry"]["version"].clone();
            let started = app
                .gql(Some(&officer),
                    "mutation($i: InquiryVersionInput!) { startWork(input: $i) { inquiry { version } } }",
                    json!({ "i": { "inquiryId": id, "expectedVersion": version } }))
                .await;
            assert!(started.get("errors").is_none(), "{started}");

            let events = events_of(&app, token, &id).await;
            let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
            assert_eq!(kinds, ["RECEIVED", "ASSIGNED"], "no internal entries");
            assert!(events.iter().all(|e| e["data"].is_null()), "{events:?}");
            assert_eq!(
                events[1]["actorSubject"],
                Value::Null,
                "no officer's badge outside"
            );
            let staff_kinds: Vec<String> = events_of(&app, &officer, &id)
                .await
                .iter()
                .map(|e| e["kind"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(staff_kinds, ["RECEIVED", "ASSIGNED", "WORK_STARTED"]);
        }
    }
);

const TRACK: &str = "query($r: String!, $c: String!) { trackInquiry(reference: $r, trackingCode: $c) { status mergedIntoReference replies { body } } }";

both_backends!(
    tracking_a_duplicate_merged_into_a_tip_off_never_reveals_the_tip_off,
    |app: TestApp| async move {
        let admin = app.token(Role::Admin, &["*"]).await;
        let informant = citizen(&app, "app-user-9001").await;
        let report = submit(&app, Some(&informant), tip_off("441203")).await;
        let complaint = app.submit(None, "441202", "小区有人卖假烟").await;
        let other = app.submit(None, "441202", "同一件事的另一条咨询").await;
        let merge = |id: &Value, into: &Value| json!({ "i": { "inquiryId": id, "expectedVersion": 1, "intoId": into } });
        let q =
            "mutation($i: MergeInquiryInput!) { mergeInquiry(input: $i) { inquiry { status } } }";
        let merged = app
            .gql(
                Some(&admin),
                q,
                merge(&complaint["inquiry"]["id"], &report["inquiry"]["id"]),
            )
            .await;
        assert_eq!(
            merged["data"]["mergeInquiry"]["inquiry"]["status"], "MERGED",
            "{merged}"
        );
        let tracked = app
            .gql(
                None,
                TRACK,
                json!({ "r": complaint["inquiry"]["reference"], "c": complaint["trackingCode"] }),
            )
            .await;
        assert_eq!(
            tracked["data"]["trackInquiry"],
            json!({ "status": "MERGED", "mergedIntoReference": null, "replies": [] })
        );

        // Merged into an ordinary inquiry, the citizen follows that one.
        let duplicate = app.submit(None, "441202", "重复的咨询").await;
        let merged = app
            .gql(
                Some(&admin),
                q,
                merge(&duplicate["inquiry"]["id"], &other["inquiry"]["id"]),
            )
            .await;
        assert!(merged.get("errors").is_none(), "{merged}");
        let tracked = app
            .gql(
                None,
                TRACK,
                json!({ "r": duplicate["inquiry"]["reference"], "c": duplicate["trackingCode"] }),
            )
            .await;
        assert_eq!(
            tracked["data"]["trackInquiry"]["mergedIntoReference"],
            other["inquiry"]["reference"]
        );
    }
);

both_backends!(
    the_in_memory_scope_check_agrees_with_the_sql_scope_for_every_role,
    |app: TestApp| async move {
        use sea_orm::{EntityTrait, QueryFilter};
        use wenzheng::auth::{Principal, policy};
        let partner = app.token(Role::Partner, &["441202"]).await;
        let me = citizen(&app, "app-user-0002").await;
        let mut ids = Vec::new();
        for (token, district) in [
            (None, "441202"),
            (None, "441203"),
            (Some(&partner), "441202"),
            (Some(&me), "441202"),
            (Some(&me), "441204"),
        ] {
            let s = app
                .submit(token.map(String::as_str), district, "范围核对")
                .await;
            ids.push(uuid_of(s["inquiry"]["id"].as_str().unwrap()));
        }
        let duanzhou = app.bureau_of("441202").await;
        let dinghu = app.bureau_of("441203").await;
        app.assign_in_db(ids[0], duanzhou.id, None).await;
        app.assign_in_db(ids[1], dinghu.id, None).await;
        app.assign_in_db(ids[3], duanzhou.id, None).await;
        let tokens = [
            app.token(Role::Officer, &["441202"]).await,
            app.token(Role::Supervisor, &["441202"]).await,
            app.token(Role::Supervisor, &["441203"]).await,
            app.token(Role::Admin, &["*"]).await,
            partner.clone(),
            me.clone(),
        ];
        let inquiries = entity::inquiry::Entity::find()
            .all(&app.state.db)
            .await
            .unwrap();
        let mut decided = 0;
        for token in tokens {
            let claims = app.state.keys.verify(&token).unwrap();
            let principal = Principal::resolve(&claims, &app.state.db, &app.state.directory)
                .await
                .unwrap();
            let visible: Vec<uuid::Uuid> = entity::inquiry::Entity::find()
                .filter(policy::inquiry_scope(&principal))
                .all(&app.state.db)
                .await
                .unwrap()
                .into_iter()
                .map(|i| i.id)
                .collect();
            for inquiry in &inquiries {
                if let Some(answer) = policy::inquiry_visible(&principal, inquiry) {
                    decided += 1;
                    assert_eq!(
                        answer,
                        visible.contains(&inquiry.id),
                        "{principal:?} on {}",
                        inquiry.reference
                    );
                }
            }
        }
        assert!(
            decided >= inquiries.len() * 5,
            "most cases are decided in memory"
        );
    }
);
