//! No N+1: a page of inquiries with its relations costs a constant number of statements.

use entity::Role;
use serde_json::json;

use crate::{
    both_backends,
    helpers::{TestApp, uuid_of},
};

const PAGE: &str = r#"query($first: Int!) {
  inquiries(first: $first) { edges { node { id reference district { code name } department { name district { code } } officer { dutyName department { name } } } } }
}"#;

async fn statements_for(app: &TestApp, token: &str, first: usize) -> u64 {
    let before = app.state.statements.get();
    let body = app.gql(Some(token), PAGE, json!({ "first": first })).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        body["data"]["inquiries"]["edges"].as_array().unwrap().len(),
        first
    );
    app.state.statements.get() - before
}

both_backends!(
    a_page_of_fifty_inquiries_with_relations_costs_as_much_as_a_page_of_five,
    |app: TestApp| async move {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let officers = entity::officer::Entity::find()
            .filter(entity::officer::Column::Active.eq(true))
            .all(&app.state.db)
            .await
            .unwrap();
        let codes = [
            "441202", "441203", "441204", "441223", "441224", "441225", "441226", "441284",
        ];
        for i in 0..50 {
            let code = codes[i % codes.len()];
            let payload = app.submit(None, code, &format!("统计测试第{i}件")).await;
            let o = &officers[i % officers.len()];
            app.assign_in_db(
                uuid_of(payload["inquiry"]["id"].as_str().unwrap()),
                o.department_id,
                Some(o.id),
            )
            .await;
        }
        let admin = app.token(Role::Admin, &[]).await;
        let small = statements_for(&app, &admin, 5).await;
        let large = statements_for(&app, &admin, 50).await;
        assert_eq!(small, large, "statements must not grow with the page size");
        // officer lookup for the token, the page, departments, officers.
        assert!(large <= 4, "{large} statements for a page of 50");
    }
);

const RICH_PAGE: &str = r#"query($first: Int!) {
  inquiries(first: $first) { totalCount edges { node { id deadlineState department { name } officer { dutyName department { name } }
    replies { body signedBy { dutyName realName department { name } } }
    events { kind actor { dutyName } } feedback { satisfaction } } } }
}"#;

both_backends!(
    a_page_with_replies_events_and_signatures_costs_a_constant_number_of_statements,
    |app: TestApp| async move {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let supervisor = app.token(Role::Admin, &[]).await;
        let bureaus = entity::department::Entity::find()
            .filter(entity::department::Column::Kind.eq(entity::DepartmentKind::DistrictBureau))
            .all(&app.state.db)
            .await
            .unwrap();
        for i in 0..50 {
            let payload = app
                .submit(None, "441202", &format!("带回复的第{i}件"))
                .await;
            let id = payload["inquiry"]["id"].as_str().unwrap();
            let dept = &bureaus[i % bureaus.len()];
            let gid = {
                use base64::Engine;
                base64::engine::general_purpose::STANDARD.encode(format!("Department:{}", dept.id))
            };
            let assign = r#"mutation($i: AssignInquiryInput!) { assignInquiry(input: $i) { inquiry { version } } }"#;
            let body = app
                .gql(
                    Some(&supervisor),
                    assign,
                    json!({ "i": { "inquiryId": id, "expectedVersion": 1, "departmentId": gid } }),
                )
                .await;
            assert!(body.get("errors").is_none(), "{body}");
            let reply = r#"mutation($i: ReplyToInquiryInput!) { replyToInquiry(input: $i) { reply { id } } }"#;
            let body = app
            .gql(Some(&supervisor), reply, json!({ "i": { "inquiryId": id, "expectedVersion": 2, "visibility": "PUBLIC", "body": "您好，已受理。" } }))
            .await;
            assert!(body.get("errors").is_none(), "{body}");
        }
        let count = |first: usize| {
            let (app, token) = (&app, &supervisor);
            async move {
                let before = app.state.statements.get();
                let body = app
                    .gql(Some(token), RICH_PAGE, json!({ "first": first }))
                    .await;
                assert!(body.get("errors").is_none(), "{body}");
                let edges = body["data"]["inquiries"]["edges"]
                    .as_array()
                    .unwrap()
                    .clone();
                assert_eq!(edges.len(), first);
                assert!(edges[0]["node"]["replies"][0]["signedBy"]["dutyName"].is_string());
                app.state.statements.get() - before
            }
        };
        let small = count(5).await;
        let large = count(50).await;
        assert_eq!(small, large, "statements must not grow with the page size");
        assert!(large <= 10, "{large} statements for a rich page of 50");
    }
);

const ANNOUNCEMENTS: &str = r#"query($first: Int!) {
  announcements(first: $first) { edges { node { title district { code } author { dutyName department { name } }
    corrects { title author { dutyName } } correctedBy { title } corrected } } }
}"#;

both_backends!(
    a_page_of_fifty_announcements_with_authors_and_corrections_costs_as_much_as_five,
    |app: TestApp| async move {
        let admin = app.token(Role::Admin, &["*"]).await;
        let publish = r#"mutation($input: PublishAnnouncementInput!) { publishAnnouncement(input: $input) { announcement { id } } }"#;
        let correct = r#"mutation($input: CorrectAnnouncementInput!) { correctAnnouncement(input: $input) { announcement { id } } }"#;
        for i in 0..30 {
            let body = app
                .gql(Some(&admin), publish, json!({"input": {
                    "title": format!("交通管制通告第{i}号"), "body": "因道路施工，星湖大道部分路段实行交通管制。",
                    "category": "TRAFFIC", "districtCode": "441202"}}))
                .await;
            let id = body["data"]["publishAnnouncement"]["announcement"]["id"].clone();
            assert!(id.is_string(), "{body}");
            if i % 2 == 0 {
                let body = app
                    .gql(Some(&admin), correct, json!({"input": {
                        "id": id, "body": "更正：管制时间为晚上十时至次日六时。", "reason": "时间有误"}}))
                    .await;
                assert!(body.get("errors").is_none(), "{body}");
            }
        }
        let count = |first: usize| {
            let app = &app;
            async move {
                let before = app.state.statements.get();
                let body = app
                    .gql(None, ANNOUNCEMENTS, json!({ "first": first }))
                    .await;
                assert!(body.get("errors").is_none(), "{body}");
                assert_eq!(
                    body["data"]["announcements"]["edges"]
                        .as_array()
                        .unwrap()
                        .len(),
                    first
                );
                app.state.statements.get() - before
            }
        };
        let small = count(5).await;
        let large = count(45).await;
        assert_eq!(small, large, "statements must not grow with the page size");
        assert!(large <= 8, "{large} statements for a page of 45");
    }
);
