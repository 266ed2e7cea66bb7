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
