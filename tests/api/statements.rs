//! No N+1: a page of inquiries with its relations costs a constant number of statements.

use entity::Role;
use serde_json::json;

use crate::{
    both_backends, both_backends_with,
    helpers::{TestApp, gid, uuid_of},
};

const PAGE: &str = r#"query($first: Int!) {
  inquiries(first: $first) { edges { node { id reference district { code name } department { name district { code } } officer { dutyName department { name } } } } }
}"#;

async fn statements_for(app: &TestApp, token: &str, first: usize) -> u64 {
    app.refresh_officer_cache(token).await;
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
        warm_up(&app, &admin).await;
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

/// Fifty inquiries, each assigned (through the API) and answered publicly, half of them
/// twice: filed in every county and assigned to its bureau, or, with `stay_in_duanzhou`,
/// filed in Duanzhou and assigned to its own departments (so they stay in its scope).
async fn seed_answered(app: &TestApp, admin: &str, stay_in_duanzhou: bool) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let bureaus = entity::department::Entity::find()
        .filter(if stay_in_duanzhou {
            entity::department::Column::DistrictId.eq(app
                .state
                .directory
                .by_code("441202")
                .unwrap()
                .id)
        } else {
            entity::department::Column::Kind.eq(entity::DepartmentKind::DistrictBureau)
        })
        .all(&app.state.db)
        .await
        .unwrap();
    let officers = entity::officer::Entity::find()
        .filter(entity::officer::Column::Active.eq(true))
        .all(&app.state.db)
        .await
        .unwrap();
    for i in 0..50 {
        let dept = &bureaus[i % bureaus.len()];
        // Filed where that department serves: an assignment never moves a district.
        let code = app
            .state
            .directory
            .get(dept.district_id)
            .unwrap()
            .code
            .clone();
        let payload = app.submit(None, &code, &format!("带回复的第{i}件")).await;
        let id = payload["inquiry"]["id"].as_str().unwrap();
        // Every other one also to a named officer of that department, where it has one.
        let officer = officers
            .iter()
            .find(|o| o.department_id == dept.id && i % 2 == 1)
            .map(|o| gid("Officer", o.id));
        let assign = r#"mutation($i: AssignInquiryInput!) { assignInquiry(input: $i) { inquiry { version } } }"#;
        let body = app
            .gql(
                Some(admin),
                assign,
                json!({ "i": { "inquiryId": id, "expectedVersion": 1,
                    "departmentId": gid("Department", dept.id), "officerId": officer } }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        let reply =
            r#"mutation($i: ReplyToInquiryInput!) { replyToInquiry(input: $i) { reply { id } } }"#;
        let body = app
            .gql(Some(admin), reply, json!({ "i": { "inquiryId": id, "expectedVersion": 2, "visibility": "PUBLIC", "body": "您好，已受理。" } }))
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        if i % 2 == 0 {
            let body = app
                .gql(Some(admin), reply, json!({ "i": { "inquiryId": id, "expectedVersion": 3, "visibility": "PUBLIC", "body": format!("您好，第{i}件已办结。") } }))
                .await;
            assert!(body.get("errors").is_none(), "{body}");
        }
    }
}

/// One request with `token`, so its officer record is cached (`OFFICER_CACHE_MS`) and the
/// measured requests all cost the same.
async fn warm_up(app: &TestApp, token: &str) {
    let body = app.gql(Some(token), "{ __typename }", json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
}

/// Statements one query costs, checking that it answered `first` nodes without errors.
async fn cost_of(
    app: &TestApp,
    token: &str,
    query: &str,
    first: usize,
) -> (u64, serde_json::Value) {
    let before = app.state.statements.get();
    let body = app.gql(Some(token), query, json!({ "first": first })).await;
    assert!(body.get("errors").is_none(), "{body}");
    let nodes = body["data"]["inquiries"]["nodes"].clone();
    assert_eq!(nodes.as_array().unwrap().len(), first, "{body}");
    (app.state.statements.get() - before, nodes)
}

const BENCHMARK_PAGE: &str = r#"query($first: Int!) {
  inquiries(first: $first) { nodes { id reference subject createdAt department { id name } } }
}"#;

both_backends!(
    the_benchmark_page_of_inquiries_with_departments_costs_two_statements_whatever_its_size,
    |app: TestApp| async move {
        let admin = app.token(Role::Admin, &[]).await;
        seed_answered(&app, &admin, false).await;
        app.state.officers.invalidate();
        // Cold: the token's officer record, then the page joined with its departments.
        let (cold, _) = cost_of(&app, &admin, BENCHMARK_PAGE, 5).await;
        assert_eq!(cold, 2);
        // Warm (the record is cached for OFFICER_CACHE_MS): the page alone, whatever its size.
        let (small, _) = cost_of(&app, &admin, BENCHMARK_PAGE, 5).await;
        app.refresh_officer_cache(&admin).await;
        let (large, nodes) = cost_of(&app, &admin, BENCHMARK_PAGE, 50).await;
        assert!(
            nodes
                .as_array()
                .unwrap()
                .iter()
                .all(|n| n["department"]["name"].is_string())
        );
        assert_eq!((small, large), (1, 1));
    }
);

const PORTAL_PAGE: &str = r#"query($first: Int!) {
  inquiries(first: $first) { nodes { id reference subject status createdAt dueAt deadlineState
    department { name } officer { dutyName } lastReply { body createdAt } } }
}"#;

both_backends!(
    the_portal_page_of_a_district_costs_at_most_four_statements_and_shows_the_newest_reply,
    |app: TestApp| async move {
        let admin = app.token(Role::Admin, &[]).await;
        seed_answered(&app, &admin, true).await;
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        warm_up(&app, &supervisor).await;
        app.refresh_officer_cache(&supervisor).await;
        let (small, _) = cost_of(&app, &supervisor, PORTAL_PAGE, 5).await;
        app.refresh_officer_cache(&supervisor).await;
        let (large, nodes) = cost_of(&app, &supervisor, PORTAL_PAGE, 50).await;
        // The token's officer, the page with departments, officers, replies.
        assert!(large <= 4, "{large} statements for the portal page of 50");
        assert_eq!(small, large, "statements must not grow with the page size");
        for node in nodes.as_array().unwrap() {
            let n: usize = node["subject"]
                .as_str()
                .unwrap()
                .trim_start_matches("带回复的第")
                .trim_end_matches('件')
                .parse()
                .unwrap();
            let expected = if n.is_multiple_of(2) {
                format!("您好，第{n}件已办结。")
            } else {
                "您好，已受理。".to_owned()
            };
            assert_eq!(node["lastReply"]["body"], expected.as_str(), "{node}");
            assert!(node["department"]["name"].is_string(), "{node}");
        }
        let named = nodes
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["officer"]["dutyName"].is_string())
            .count();
        assert!(named >= 20, "only {named} of 50 show their officer");
    }
);

both_backends!(
    a_page_with_replies_events_and_signatures_costs_a_constant_number_of_statements,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Admin, &[]).await;
        seed_answered(&app, &supervisor, false).await;
        let count = |first: usize| {
            let (app, token) = (&app, &supervisor);
            async move {
                app.refresh_officer_cache(token).await;
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
        warm_up(&app, &supervisor).await;
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

both_backends_with!(
    total_count_is_exact_up_to_the_cap_and_says_when_more_match,
    |s: &mut wenzheng::config::Settings| s.total_count_cap = 3,
    |app: TestApp| async move {
        for i in 0..4 {
            app.submit(None, "441202", &format!("端州计数第{i}件"))
                .await;
        }
        for i in 0..2 {
            app.submit(None, "441203", &format!("鼎湖计数第{i}件"))
                .await;
        }
        let admin = app.token(Role::Admin, &[]).await;
        let query = r#"query($d: String) { inquiries(first: 2, filter: {districtCode: $d}) { totalCount totalCountCapped nodes { id } } }"#;
        let count = |district: &'static str| {
            let (app, admin) = (&app, &admin);
            async move {
                let body = app.gql(Some(admin), query, json!({ "d": district })).await;
                assert!(body.get("errors").is_none(), "{body}");
                let page = &body["data"]["inquiries"];
                (
                    page["totalCount"].as_u64().unwrap(),
                    page["totalCountCapped"].as_bool().unwrap(),
                )
            }
        };
        assert_eq!(
            count("441202").await,
            (3, true),
            "four match: counted up to the cap"
        );
        assert_eq!(count("441203").await, (2, false), "two match: exact");
    }
);
