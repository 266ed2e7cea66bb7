//! Announcements (信息公開): who may publish and correct, the public list by district
//! and category with paging, and corrections that leave the original visible.

use entity::Role;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use wenzheng::auth::issue::TokenRequest;

use crate::{
    both_backends,
    helpers::{TestApp, error_code, refused_code},
};

const PUBLISH: &str = r#"
mutation($input: PublishAnnouncementInput!) {
  publishAnnouncement(input: $input) {
    announcement { id title body category district { code } corrected author { dutyName realName department { name } } }
  }
}"#;

const CORRECT: &str = r#"
mutation($input: CorrectAnnouncementInput!) {
  correctAnnouncement(input: $input) {
    announcement { id title body corrected correctionReason corrects { id body } }
  }
}"#;

const LIST: &str = r#"
query($first: Int!, $after: String, $district: String, $category: AnnouncementCategory) {
  announcements(first: $first, after: $after, districtCode: $district, category: $category) {
    totalCount
    edges { cursor node { id title body corrected correctedBy { id } corrects { id } correctionReason
                          author { dutyName realName badgeNumber } } }
    pageInfo { hasNextPage endCursor }
  }
}"#;

/// A token for the seeded spokesperson who is not an administrator (陈晓琳).
async fn spokesperson_token(app: &TestApp, districts: &[&str]) -> String {
    let badge = entity::officer::Entity::find()
        .filter(entity::officer::Column::RealName.eq("陈晓琳"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .badge_number;
    assert_eq!(badge.len(), 6);
    app.token_with(TokenRequest {
        role: Role::Officer,
        districts: districts.iter().map(|d| d.to_string()).collect(),
        department: None,
        sub: Some(badge),
        partner: None,
        ttl_seconds: 600,
    })
    .await
}

fn input(title: &str, category: &str, district: &str) -> Value {
    json!({ "input": { "title": title, "body": format!("{title}：详情请关注平安肇庆。"),
                       "category": category, "districtCode": district } })
}

async fn publish(app: &TestApp, token: &str, title: &str, category: &str, district: &str) -> Value {
    let body = app
        .gql(Some(token), PUBLISH, input(title, category, district))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["publishAnnouncement"]["announcement"].clone()
}

async fn list(app: &TestApp, vars: Value) -> Value {
    let body = app.gql(None, LIST, vars).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["announcements"].clone()
}

fn titles(page: &Value) -> Vec<String> {
    page["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["title"].as_str().unwrap().to_owned())
        .collect()
}

async fn outbox_count(app: &TestApp, event: &str) -> u64 {
    entity::outbox::Entity::find()
        .filter(entity::outbox::Column::Event.eq(event))
        .count(&app.state.db)
        .await
        .unwrap()
}

both_backends!(
    spokespersons_and_admins_publish_and_everyone_else_is_refused,
    |app: TestApp| async move {
        let spokesperson = spokesperson_token(&app, &["441200"]).await;
        let p = publish(
            &app,
            &spokesperson,
            "春运期间交通管制通告",
            "TRAFFIC",
            "441202",
        )
        .await;
        assert_eq!(
            p,
            json!({ "id": p["id"], "title": "春运期间交通管制通告",
                    "body": "春运期间交通管制通告：详情请关注平安肇庆。", "category": "TRAFFIC",
                    "district": { "code": "441202" }, "corrected": false,
                    "author": { "dutyName": "平安肇庆小琳", "realName": "陈晓琳",
                                "department": { "name": "警察公共关系科" } } })
        );
        let admin = app.token(Role::Admin, &["*"]).await;
        publish(&app, &admin, "防范电信诈骗提示", "SAFETY_TIP", "441200").await;

        let officer = app.token(Role::Officer, &["441202"]).await;
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let citizen = app.token(Role::Citizen, &[]).await;
        for token in [
            Some(officer.as_str()),
            Some(supervisor.as_str()),
            Some(citizen.as_str()),
            None,
        ] {
            let body = app
                .gql(token, PUBLISH, input("假通告", "CASE_NOTICE", "441202"))
                .await;
            assert_eq!(error_code(&body), refused_code(token), "{body}");
        }
        // A spokesperson only within their districts.
        let local = spokesperson_token(&app, &["441202"]).await;
        let body = app
            .gql(
                Some(&local),
                PUBLISH,
                input("鼎湖通告", "SERVICE_NOTICE", "441203"),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "districtCode");
        let body = app
            .gql(
                Some(&admin),
                PUBLISH,
                input("无名通告", "SERVICE_NOTICE", "999999"),
            )
            .await;
        assert_eq!(
            body["errors"][0]["extensions"]["field"], "districtCode",
            "{body}"
        );
        let body = app
            .gql(
                Some(&admin),
                PUBLISH,
                input(" ", "SERVICE_NOTICE", "441200"),
            )
            .await;
        assert_eq!(body["errors"][0]["extensions"]["field"], "title", "{body}");

        let page = list(&app, json!({ "first": 10 })).await;
        assert_eq!(titles(&page), ["防范电信诈骗提示", "春运期间交通管制通告"]);
        // The public sees the duty name, not the real name or badge.
        assert_eq!(
            page["edges"][1]["node"]["author"],
            json!({ "dutyName": "平安肇庆小琳", "realName": null, "badgeNumber": null })
        );
        assert_eq!(outbox_count(&app, "announcement.published").await, 2);
    }
);

both_backends!(
    announcements_are_listed_publicly_by_district_and_category_with_paging,
    |app: TestApp| async move {
        let admin = app.token(Role::Admin, &["*"]).await;
        publish(&app, &admin, "全市交通安全提示", "TRAFFIC", "441200").await;
        publish(&app, &admin, "端州防盗提示", "SAFETY_TIP", "441202").await;
        publish(&app, &admin, "鼎湖案件通报", "CASE_NOTICE", "441203").await;
        publish(&app, &admin, "端州道路施工绕行", "TRAFFIC", "441202").await;

        let first = list(&app, json!({ "first": 3 })).await;
        assert_eq!(
            titles(&first),
            ["端州道路施工绕行", "鼎湖案件通报", "端州防盗提示"]
        );
        assert_eq!(first["totalCount"], 4);
        assert_eq!(first["pageInfo"]["hasNextPage"], true);
        let rest = list(
            &app,
            json!({ "first": 3, "after": first["pageInfo"]["endCursor"] }),
        )
        .await;
        assert_eq!(titles(&rest), ["全市交通安全提示"]);
        assert_eq!(rest["pageInfo"]["hasNextPage"], false);

        // A Duanzhou resident: Duanzhou's and the city's, not Dinghu's.
        let duanzhou = list(&app, json!({ "first": 10, "district": "441202" })).await;
        assert_eq!(
            titles(&duanzhou),
            ["端州道路施工绕行", "端州防盗提示", "全市交通安全提示"]
        );
        assert_eq!(duanzhou["totalCount"], 3);
        let traffic = list(
            &app,
            json!({ "first": 10, "district": "441202", "category": "TRAFFIC" }),
        )
        .await;
        assert_eq!(titles(&traffic), ["端州道路施工绕行", "全市交通安全提示"]);
        let city = list(&app, json!({ "first": 10, "district": "441200" })).await;
        assert_eq!(city["totalCount"], 4);
        let tips = list(&app, json!({ "first": 10, "category": "SAFETY_TIP" })).await;
        assert_eq!(titles(&tips), ["端州防盗提示"]);

        for (vars, field) in [
            (json!({ "first": 10, "district": "999999" }), "districtCode"),
            (json!({ "first": 10, "after": "garbage" }), "after"),
            (json!({ "first": 0 }), "first"),
        ] {
            let body = app.gql(None, LIST, vars).await;
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
            assert_eq!(body["errors"][0]["extensions"]["field"], field);
        }
    }
);

both_backends!(
    a_correction_links_to_the_original_which_stays_listed_as_corrected,
    |app: TestApp| async move {
        let spokesperson = spokesperson_token(&app, &["441200"]).await;
        let original = publish(
            &app,
            &spokesperson,
            "端州区户籍窗口调整办公时间",
            "SERVICE_NOTICE",
            "441202",
        )
        .await;
        let id = original["id"].as_str().unwrap().to_owned();

        let officer = app.token(Role::Officer, &["441202"]).await;
        let fix = json!({ "input": { "id": id, "body": "办公时间调整为周一至周六 9:00-17:00。", "reason": "原通告时间有误" } });
        let body = app.gql(Some(&officer), CORRECT, fix.clone()).await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");

        let body = app.gql(Some(&spokesperson), CORRECT, fix.clone()).await;
        assert!(body.get("errors").is_none(), "{body}");
        let correction = body["data"]["correctAnnouncement"]["announcement"].clone();
        assert_eq!(
            correction,
            json!({ "id": correction["id"], "title": "端州区户籍窗口调整办公时间",
                    "body": "办公时间调整为周一至周六 9:00-17:00。", "corrected": false,
                    "correctionReason": "原通告时间有误",
                    "corrects": { "id": id, "body": "端州区户籍窗口调整办公时间：详情请关注平安肇庆。" } })
        );

        // Listed both: the correction on top, the original unchanged and marked.
        let page = list(&app, json!({ "first": 10, "district": "441202" })).await;
        let nodes: Vec<&Value> = page["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["node"])
            .collect();
        assert_eq!(nodes.len(), 2);
        assert_eq!(nodes[0]["id"], correction["id"]);
        assert_eq!(nodes[0]["corrects"], json!({ "id": id }));
        assert_eq!(nodes[1]["id"], id.as_str());
        assert_eq!(nodes[1]["corrected"], true);
        assert_eq!(nodes[1]["correctedBy"], json!({ "id": correction["id"] }));
        assert_eq!(
            nodes[1]["body"],
            "端州区户籍窗口调整办公时间：详情请关注平安肇庆。"
        );
        assert_eq!(nodes[1]["correctionReason"], Value::Null);

        // Corrected once; a further correction corrects the correction.
        let body = app.gql(Some(&spokesperson), CORRECT, fix).await;
        assert_eq!(error_code(&body), "CONFLICT", "{body}");
        let admin = app.token(Role::Admin, &["*"]).await;
        let body = app
            .gql(
                Some(&admin),
                CORRECT,
                json!({ "input": { "id": correction["id"], "body": "办公时间调整为周一至周五 9:00-17:00。", "reason": "周六不办公" } }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        assert_eq!(
            body["data"]["correctAnnouncement"]["announcement"]["corrects"]["id"],
            correction["id"]
        );

        // Reachable through `node` by anyone.
        let body = app
            .gql(
                None,
                "query($id: ID!) { node(id: $id) { id ... on Announcement { corrected correctedBy { correctedBy { body } } } } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(
            body["data"]["node"],
            json!({ "id": id, "corrected": true,
                    "correctedBy": { "correctedBy": { "body": "办公时间调整为周一至周五 9:00-17:00。" } } }),
            "{body}"
        );
        assert_eq!(outbox_count(&app, "announcement.corrected").await, 2);
        let stored = entity::announcement::Entity::find()
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(stored, 3);
    }
);
