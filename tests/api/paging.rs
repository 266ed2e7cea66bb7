//! One pager for every connection: pages walked by cursor match one big page, a list
//! refuses cursors it did not hand out, and a page that joins departments pages the same.

use entity::Role;
use serde_json::{Value, json};

use crate::{
    both_backends,
    helpers::{TestApp, error_code, gid, uuid_of},
};

/// Follows `endCursor` through a connection `first` rows at a time; the ids in order.
async fn walk(app: &TestApp, token: &str, query: &str, field: &str, first: i64) -> Vec<String> {
    let (mut ids, mut after) = (Vec::new(), Value::Null);
    loop {
        let body = app
            .gql(
                Some(token),
                query,
                json!({ "first": first, "after": after }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        let conn = &body["data"][field];
        let edges = conn["edges"].as_array().unwrap();
        assert!(edges.len() as i64 <= first);
        ids.extend(
            edges
                .iter()
                .map(|e| e["node"]["id"].as_str().unwrap().to_owned()),
        );
        assert_eq!(
            conn["pageInfo"]["endCursor"],
            edges.last().map_or(Value::Null, |e| e["cursor"].clone())
        );
        if !conn["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            return ids;
        }
        after = conn["pageInfo"]["endCursor"].clone();
    }
}

const OFFICERS: &str = r#"query($first: Int!, $after: String) {
  officers(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } }
}"#;

/// By due date, with each inquiry's department: the page joins departments.
const INQUIRIES: &str = r#"query($first: Int!, $after: String) {
  inquiries(first: $first, after: $after, orderBy: DUE_ASC) {
    edges { cursor node { id department { name } } } pageInfo { hasNextPage endCursor }
  }
}"#;

/// The same without departments: no join.
const INQUIRY_IDS: &str = r#"query($first: Int!, $after: String) {
  inquiries(first: $first, after: $after, orderBy: DUE_ASC) {
    edges { cursor node { id } } pageInfo { hasNextPage endCursor }
  }
}"#;

both_backends!(
    pages_walked_by_cursor_are_the_one_big_page,
    |app: TestApp| async move {
        for i in 0..5 {
            app.submit(None, "441202", &format!("端州咨询第{i}件"))
                .await;
        }
        let admin = app.token(Role::Admin, &[]).await;
        let officers = walk(&app, &admin, OFFICERS, "officers", 4).await;
        assert!(officers.len() > 4, "the seed has officers to page through");
        assert_eq!(
            officers,
            walk(&app, &admin, OFFICERS, "officers", 100).await
        );

        // A page that joins each inquiry's department pages like one that does not.
        let bureau = app.bureau_of("441202").await;
        let first = walk(&app, &admin, INQUIRY_IDS, "inquiries", 100).await;
        app.assign_in_db(uuid_of(&first[1]), bureau.id, None).await;
        let inquiries = walk(&app, &admin, INQUIRIES, "inquiries", 2).await;
        assert_eq!((inquiries.len(), &inquiries), (5, &first));
        let body = app
            .gql(Some(&admin), INQUIRIES, json!({ "first": 2 }))
            .await;
        assert_eq!(
            body["data"]["inquiries"]["edges"][1]["node"]["department"]["name"],
            json!(bureau.name)
        );
    }
);

both_backends!(
    a_list_refuses_cursors_it_did_not_hand_out,
    |app: TestApp| async move {
        app.submit(None, "441202", "端州咨询").await;
        let admin = app.token(Role::Admin, &[]).await;
        let cursor_of =
            |body: &Value, field: &str| body["data"][field]["pageInfo"]["endCursor"].clone();
        let officers = app.gql(Some(&admin), OFFICERS, json!({ "first": 1 })).await;
        let inquiries = app
            .gql(Some(&admin), INQUIRIES, json!({ "first": 1 }))
            .await;
        let (by_id, by_time) = (
            cursor_of(&officers, "officers"),
            cursor_of(&inquiries, "inquiries"),
        );
        let webhook = gid("Webhook", uuid::Uuid::now_v7());
        let deliveries = format!(
            "query($first: Int!, $after: String) {{ webhookDeliveries(webhookId: \"{webhook}\", first: $first, after: $after) {{ edges {{ cursor }} }} }}"
        );
        let lists = [
            (OFFICERS, by_time.clone()),
            (INQUIRIES, by_id.clone()),
            (OFFICERS, json!("garbage")),
            (INQUIRIES, json!("garbage")),
            (
                "query($first: Int!, $after: String) { answerEntries(first: $first, after: $after) { totalCount } }",
                by_time.clone(),
            ),
            (
                "query($first: Int!, $after: String) { announcements(first: $first, after: $after) { totalCount } }",
                by_id.clone(),
            ),
            (
                "query($first: Int!, $after: String) { directoryChanges(first: $first, after: $after) { nodes { at } } }",
                by_id.clone(),
            ),
            (deliveries.as_str(), by_time.clone()),
        ];
        for (query, after) in lists {
            let body = app
                .gql(Some(&admin), query, json!({ "first": 5, "after": after }))
                .await;
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{query}: {body}");
            assert_eq!(
                body["errors"][0]["extensions"]["field"], "after",
                "{query}: {body}"
            );
        }
    }
);

both_backends!(
    total_count_is_counted_once_per_page_and_only_when_asked,
    |app: TestApp| async move {
        let admin = app.token(Role::Admin, &[]).await;
        let statements = |query: &'static str| {
            let (app, admin) = (&app, &admin);
            async move {
                app.refresh_officer_cache(admin).await;
                let before = app.state.statements.get();
                let body = app.gql(Some(admin), query, json!({})).await;
                assert!(body.get("errors").is_none(), "{body}");
                app.state.statements.get() - before
            }
        };
        let plain = "{ officers(first: 2) { nodes { id } } }";
        statements(plain).await;
        let uncounted = statements(plain).await;
        let counted =
            statements("{ officers(first: 2) { a: totalCount b: totalCount nodes { id } } }").await;
        assert_eq!(counted, uncounted + 1);
    }
);
