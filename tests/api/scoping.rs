//! Who sees what: lists, counts, `inquiry` and `node` per role.

use entity::Role;
use serde_json::{Value, json};

use crate::{
    both_backends,
    helpers::{TestApp, gid, uuid_of},
};

const LIST: &str = r#"query($filter: InquiryFilterInput) {
  inquiries(first: 100, filter: $filter) { totalCount edges { node { id reference district { code } citizenName citizenPhone } } }
}"#;

/// Inquiries in Duanzhou (441202) and Gaoyao (441204), from the public, a citizen and a partner.
struct Fixture {
    duanzhou_public: String,
    duanzhou_assigned: String,
    duanzhou_citizen: String,
    gaoyao_public: String,
    gaoyao_partner: String,
}

async fn populate(app: &TestApp) -> Fixture {
    let citizen = app.token(Role::Citizen, &[]).await;
    let partner = app.token(Role::Partner, &["*"]).await;
    let id = |v: Value| v["inquiry"]["id"].as_str().unwrap().to_owned();
    let f = Fixture {
        duanzhou_public: id(app.submit(None, "441202", "护照到期换发").await),
        duanzhou_assigned: id(app
            .submit(None, "441202", "端州区星湖大道夜间噪音扰民")
            .await),
        duanzhou_citizen: id(app.submit(Some(&citizen), "441202", "身份证丢失补办").await),
        gaoyao_public: id(app.submit(None, "441204", "高要区电动车被盗").await),
        gaoyao_partner: id(app
            .submit(Some(&partner), "441204", "市民来电反映路口红绿灯故障")
            .await),
    };
    let duanzhou = app.bureau_of("441202").await;
    app.assign_in_db(uuid_of(&f.duanzhou_assigned), duanzhou.id, None)
        .await;
    f
}

async fn visible(app: &TestApp, token: Option<&str>) -> (u64, Vec<String>) {
    let body = app.gql(token, LIST, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    let conn = &body["data"]["inquiries"];
    let mut ids: Vec<String> = conn["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    (conn["totalCount"].as_u64().unwrap(), ids)
}

async fn fetch(app: &TestApp, token: Option<&str>, id: &str) -> (Value, Value) {
    let body = app
        .gql(
            token,
            "query($id: ID!) { inquiry(id: $id) { id } node(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    (
        body["data"]["inquiry"].clone(),
        body["data"]["node"].clone(),
    )
}

fn sorted(ids: &[&String]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

both_backends!(
    anonymous_callers_list_nothing_and_cannot_fetch_by_id,
    |app: TestApp| async move {
        let f = populate(&app).await;
        assert_eq!(visible(&app, None).await, (0, vec![]));
        let (inquiry, node) = fetch(&app, None, &f.duanzhou_public).await;
        assert!(inquiry.is_null() && node.is_null());
    }
);

both_backends!(citizen_sees_only_own_inquiries, |app: TestApp| async move {
    let f = populate(&app).await;
    let token = app.token(Role::Citizen, &[]).await;
    assert_eq!(
        visible(&app, Some(&token)).await,
        (1, sorted(&[&f.duanzhou_citizen]))
    );
    assert!(
        fetch(&app, Some(&token), &f.duanzhou_public)
            .await
            .0
            .is_null()
    );
    let (own, node) = fetch(&app, Some(&token), &f.duanzhou_citizen).await;
    assert_eq!(own["id"], f.duanzhou_citizen.as_str());
    assert_eq!(node["id"], f.duanzhou_citizen.as_str());
});

both_backends!(
    partner_sees_only_what_it_submitted,
    |app: TestApp| async move {
        let f = populate(&app).await;
        let token = app.token(Role::Partner, &["*"]).await;
        assert_eq!(
            visible(&app, Some(&token)).await,
            (1, sorted(&[&f.gaoyao_partner]))
        );
        assert!(
            fetch(&app, Some(&token), &f.gaoyao_public)
                .await
                .0
                .is_null()
        );
    }
);

both_backends!(
    officer_sees_only_inquiries_assigned_to_its_department,
    |app: TestApp| async move {
        let f = populate(&app).await;
        let token = app.token(Role::Officer, &["441202"]).await;
        assert_eq!(
            visible(&app, Some(&token)).await,
            (1, sorted(&[&f.duanzhou_assigned]))
        );
        assert!(
            fetch(&app, Some(&token), &f.duanzhou_public)
                .await
                .1
                .is_null()
        );
    }
);

both_backends!(
    supervisor_of_duanzhou_never_sees_gaoyao_inquiries,
    |app: TestApp| async move {
        let f = populate(&app).await;
        let token = app.token(Role::Supervisor, &["441202"]).await;
        let expected = sorted(&[
            &f.duanzhou_public,
            &f.duanzhou_assigned,
            &f.duanzhou_citizen,
        ]);
        assert_eq!(visible(&app, Some(&token)).await, (3, expected));
        for id in [&f.gaoyao_public, &f.gaoyao_partner] {
            let (inquiry, node) = fetch(&app, Some(&token), id).await;
            assert!(
                inquiry.is_null() && node.is_null(),
                "out of scope must look absent"
            );
        }
        // Filtering for Gaoyao explicitly still yields nothing.
        let body = app
            .gql(
                Some(&token),
                LIST,
                json!({ "filter": { "districtCode": "441204" } }),
            )
            .await;
        assert_eq!(body["data"]["inquiries"]["totalCount"], 0);
    }
);

both_backends!(admin_sees_every_inquiry, |app: TestApp| async move {
    let f = populate(&app).await;
    let token = app.token(Role::Admin, &[]).await;
    let all = sorted(&[
        &f.duanzhou_public,
        &f.duanzhou_assigned,
        &f.duanzhou_citizen,
        &f.gaoyao_public,
        &f.gaoyao_partner,
    ]);
    assert_eq!(visible(&app, Some(&token)).await, (5, all));
});

both_backends!(
    citizen_contact_is_masked_for_partners_and_shown_to_the_handling_department,
    |app: TestApp| async move {
        let f = populate(&app).await;
        let q = "query($id: ID!) { inquiry(id: $id) { citizenName citizenPhone } }";
        // The partner sees its own submission masked.
        let partner = app.token(Role::Partner, &["*"]).await;
        let body = app
            .gql(Some(&partner), q, json!({ "id": f.gaoyao_partner }))
            .await;
        assert_eq!(
            body["data"]["inquiry"],
            json!({ "citizenName": "陈**", "citizenPhone": "138****5678" })
        );
        // The handling department's officer sees it in full, and the read is logged.
        let officer = app.token(Role::Officer, &["441202"]).await;
        let body = app
            .gql(Some(&officer), q, json!({ "id": f.duanzhou_assigned }))
            .await;
        assert_eq!(
            body["data"]["inquiry"],
            json!({ "citizenName": "陈小明", "citizenPhone": "13812345678" })
        );
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        let logged = entity::pii_access::Entity::find()
            .filter(entity::pii_access::Column::InquiryId.eq(uuid_of(&f.duanzhou_assigned)))
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(logged, 1);
    }
);

both_backends!(
    list_pages_forward_with_keyset_cursors_without_repeats,
    |app: TestApp| async move {
        for i in 0..7 {
            app.submit(None, "441203", &format!("鼎湖区咨询第{i}件"))
                .await;
        }
        let admin = app.token(Role::Admin, &[]).await;
        let q = r#"query($after: String) { inquiries(first: 3, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }"#;
        let (mut seen, mut after, mut pages) = (Vec::new(), Value::Null, 0);
        loop {
            let body = app.gql(Some(&admin), q, json!({ "after": after })).await;
            let conn = &body["data"]["inquiries"];
            seen.extend(
                conn["edges"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["node"]["id"].as_str().unwrap().to_owned()),
            );
            pages += 1;
            if !conn["pageInfo"]["hasNextPage"].as_bool().unwrap() {
                break;
            }
            after = conn["pageInfo"]["endCursor"].clone();
        }
        assert_eq!(pages, 3);
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!((seen.len(), unique.len()), (7, 7));
    }
);

/// A staff token for the lowest-badge active officer with `role` in the department of
/// `department_code` (a county's bureau; the city's: its 110 command centre), naming
/// `districts` whatever the officer's record says.
async fn token_for(app: &TestApp, role: Role, department_code: &str, districts: &[&str]) -> String {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let department = if department_code == "441200" {
        entity::department::Entity::find()
            .filter(entity::department::Column::Name.eq("110报警服务台"))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap()
    } else {
        app.bureau_of(department_code).await
    };
    let officer = entity::officer::Entity::find()
        .filter(entity::officer::Column::DepartmentId.eq(department.id))
        .filter(entity::officer::Column::Role.eq(role))
        .filter(entity::officer::Column::Active.eq(true))
        .order_by_asc(entity::officer::Column::BadgeNumber)
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the directory has such an officer");
    app.token_with(wenzheng::auth::issue::TokenRequest {
        role,
        districts: districts.iter().map(|d| d.to_string()).collect(),
        department: None,
        sub: Some(officer.badge_number),
        partner: None,
        ttl_seconds: 600,
    })
    .await
}

/// Every citizen phone number the caller's list shows, with the inquiry's district.
async fn phones(app: &TestApp, token: &str) -> Vec<(String, String)> {
    let body = app.gql(Some(token), LIST, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["inquiries"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["node"]["district"]["code"].as_str().unwrap().to_owned(),
                e["node"]["citizenPhone"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

both_backends!(
    a_duanzhou_supervisor_with_a_token_minted_for_gaoyao_sees_nothing_of_gaoyao,
    |app: TestApp| async move {
        let f = populate(&app).await;
        let token = token_for(&app, Role::Supervisor, "441202", &["441204"]).await;
        assert_eq!(visible(&app, Some(&token)).await, (0, vec![]));
        for id in [&f.gaoyao_public, &f.gaoyao_partner] {
            let (inquiry, node) = fetch(&app, Some(&token), id).await;
            assert!(inquiry.is_null() && node.is_null(), "{id} must look absent");
        }
        let body = app
            .gql(
                Some(&token),
                "query($id: ID!) { inquiry(id: $id) { citizenPhone } }",
                json!({ "id": f.gaoyao_public }),
            )
            .await;
        assert!(!body.to_string().contains("13812345678"), "{body}");
    }
);

both_backends!(
    a_duanzhou_supervisor_with_an_all_districts_token_sees_only_duanzhou,
    |app: TestApp| async move {
        let f = populate(&app).await;
        let token = token_for(&app, Role::Supervisor, "441202", &["*"]).await;
        let expected = sorted(&[
            &f.duanzhou_public,
            &f.duanzhou_assigned,
            &f.duanzhou_citizen,
        ]);
        assert_eq!(visible(&app, Some(&token)).await, (3, expected));
        for (district, phone) in phones(&app, &token).await {
            assert_eq!(
                (district.as_str(), phone.as_str()),
                ("441202", "13812345678")
            );
        }
        // Nor may it act on Gaoyao's: out of scope is NOT_FOUND.
        let body = app
            .gql(
                Some(&token),
                r#"mutation($id: ID!) { rejectInquiry(input: { inquiryId: $id, expectedVersion: 1, reason: "重复" }) { inquiry { id } } }"#,
                json!({ "id": f.gaoyao_public }),
            )
            .await;
        assert_eq!(crate::helpers::error_code(&body), "NOT_FOUND", "{body}");
    }
);

both_backends!(
    a_duanzhou_officer_with_a_wider_token_sees_no_other_county_and_no_unmasked_phone,
    |app: TestApp| async move {
        let f = populate(&app).await;
        // A Gaoyao inquiry left with the Duanzhou bureau: its department, not its district.
        let duanzhou = app.bureau_of("441202").await;
        app.assign_in_db(uuid_of(&f.gaoyao_public), duanzhou.id, None)
            .await;
        for districts in [&["441204"][..], &["*"][..]] {
            let token = token_for(&app, Role::Officer, "441202", districts).await;
            let (_, ids) = visible(&app, Some(&token)).await;
            assert!(!ids.contains(&f.gaoyao_public), "{districts:?}: {ids:?}");
            let (inquiry, node) = fetch(&app, Some(&token), &f.gaoyao_public).await;
            assert!(inquiry.is_null() && node.is_null(), "{districts:?}");
            for (district, phone) in phones(&app, &token).await {
                assert_eq!(district, "441202", "{districts:?}: {phone}");
            }
        }
        let token = token_for(&app, Role::Officer, "441202", &["*"]).await;
        assert_eq!(
            visible(&app, Some(&token)).await,
            (1, sorted(&[&f.duanzhou_assigned]))
        );
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        let logged = entity::pii_access::Entity::find()
            .filter(entity::pii_access::Column::InquiryId.eq(uuid_of(&f.gaoyao_public)))
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(logged, 0, "no unmasked read of the Gaoyao inquiry");
    }
);

both_backends!(
    a_city_division_supervisor_with_an_all_districts_token_sees_the_whole_city,
    |app: TestApp| async move {
        populate(&app).await;
        let token = token_for(&app, Role::Supervisor, "441200", &["*"]).await;
        let (count, _) = visible(&app, Some(&token)).await;
        assert_eq!(count, 5);
        let gaoyao: Vec<_> = phones(&app, &token)
            .await
            .into_iter()
            .filter(|(d, _)| d == "441204")
            .collect();
        assert_eq!(gaoyao.len(), 2);
        assert!(gaoyao.iter().all(|(_, p)| p == "13812345678"), "{gaoyao:?}");
        // `wenzheng token --role SUPERVISOR --districts '*'` picks such a supervisor.
        let picked = app.token(Role::Supervisor, &["*"]).await;
        assert_eq!(visible(&app, Some(&picked)).await.0, 5);
    }
);

both_backends!(
    an_admin_of_a_county_bureau_is_bounded_to_its_county,
    |app: TestApp| async move {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        let f = populate(&app).await;
        let duanzhou = app.bureau_of("441202").await;
        let now = chrono::Utc::now();
        entity::officer::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            real_name: Set("区志坚".into()),
            badge_number: Set("049999".into()),
            duty_name: Set("端州分局管理员".into()),
            department_id: Set(duanzhou.id),
            role: Set(Role::Admin),
            expert: Set(false),
            specialty: Set(None),
            spokesperson: Set(false),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&app.state.db)
        .await
        .unwrap();
        let token = app
            .token_with(wenzheng::auth::issue::TokenRequest {
                role: Role::Admin,
                districts: vec!["*".into()],
                department: None,
                sub: Some("049999".into()),
                partner: None,
                ttl_seconds: 600,
            })
            .await;
        let expected = sorted(&[
            &f.duanzhou_public,
            &f.duanzhou_assigned,
            &f.duanzhou_citizen,
        ]);
        assert_eq!(visible(&app, Some(&token)).await, (3, expected));
        let (inquiry, _) = fetch(&app, Some(&token), &f.gaoyao_public).await;
        assert!(inquiry.is_null());
        // The city's admin is not bounded.
        let city = app.token(Role::Admin, &["*"]).await;
        assert_eq!(visible(&app, Some(&city)).await.0, 5);
    }
);

both_backends!(
    a_subscription_is_bounded_by_the_officer_record_too,
    |app: TestApp| async move {
        use futures::{SinkExt, StreamExt};
        use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest};
        let token = token_for(&app, Role::Supervisor, "441202", &["*"]).await;
        let mut request = format!("ws://{}/graphql/ws", app.addr)
            .into_client_request()
            .unwrap();
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            "graphql-transport-ws".parse().unwrap(),
        );
        let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
        let query = "subscription($c: String!) { inquiryEvents(districtCode: $c) { event } }";
        for message in [
            json!({ "type": "connection_init", "payload": { "token": token } }),
            json!({ "id": "gaoyao", "type": "subscribe",
                    "payload": { "query": query, "variables": { "c": "441204" } } }),
        ] {
            socket
                .send(Message::Text(message.to_string().into()))
                .await
                .unwrap();
        }
        let refused = loop {
            let message = tokio::time::timeout(std::time::Duration::from_secs(5), socket.next())
                .await
                .expect("an answer within 5 s")
                .expect("the socket stays open")
                .unwrap();
            if let Message::Text(text) = message {
                let v: Value = serde_json::from_str(&text).unwrap();
                if v["id"] == "gaoyao" {
                    break v;
                }
            }
        };
        // A resolver's refusal comes as `next` with `errors`.
        assert_eq!(refused["type"], "next", "{refused}");
        assert_eq!(
            refused["payload"]["errors"][0]["extensions"]["code"], "NOT_FOUND",
            "{refused}"
        );
    }
);

/// The first error's code, field and message: what a client could tell cases apart by.
fn refusal(body: &Value) -> (Value, Value, Value) {
    let e = &body["errors"][0];
    (
        e["extensions"]["code"].clone(),
        e["extensions"]["field"].clone(),
        e["message"].clone(),
    )
}

both_backends!(
    an_out_of_scope_id_answers_exactly_as_an_absent_one_in_every_argument,
    |app: TestApp| async move {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        let f = populate(&app).await;
        let token = app.token(Role::Supervisor, &["441202"]).await;
        let absent = gid("Inquiry", uuid::Uuid::now_v7());

        // mergeInquiry: the target (`intoId`) in another county, or nowhere.
        const MERGE: &str = r#"mutation($id: ID!, $into: ID!) {
          mergeInquiry(input: { inquiryId: $id, expectedVersion: 1, intoId: $into }) { inquiry { id } } }"#;
        let merge = |into: String| {
            app.gql(
                Some(&token),
                MERGE,
                json!({ "id": f.duanzhou_public, "into": into }),
            )
        };
        let out_of_scope = merge(f.gaoyao_public.clone()).await;
        let nowhere = merge(absent.clone()).await;
        assert_eq!(
            refusal(&out_of_scope),
            (
                json!("NOT_FOUND"),
                json!("intoId"),
                json!("intoId: inquiry not found")
            ),
            "{out_of_scope}"
        );
        assert_eq!(refusal(&out_of_scope), refusal(&nowhere));

        // correctReply: a reply on another county's inquiry, or no reply at all.
        let gaoyao_officer = {
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            let bureau = app.bureau_of("441204").await;
            entity::officer::Entity::find()
                .filter(entity::officer::Column::DepartmentId.eq(bureau.id))
                .one(&app.state.db)
                .await
                .unwrap()
                .unwrap()
        };
        let now = chrono::Utc::now();
        let reply = entity::reply::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            inquiry_id: Set(uuid_of(&f.gaoyao_public)),
            officer_id: Set(gaoyao_officer.id),
            department_id: Set(gaoyao_officer.department_id),
            visibility: Set(entity::ReplyVisibility::Public),
            body: Set("您好，已转交辖区派出所核查处理。".into()),
            answer_entry_id: Set(None),
            answer_entry_version: Set(None),
            corrects_reply_id: Set(None),
            correction_reason: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&app.state.db)
        .await
        .unwrap();
        const CORRECT: &str = r#"mutation($reply: ID!) {
          correctReply(input: { replyId: $reply, expectedVersion: 1, body: "更正：已转交高要区派出所。", reason: "派出所名称有误" }) { reply { id } } }"#;
        let correct = |reply: String| app.gql(Some(&token), CORRECT, json!({ "reply": reply }));
        let out_of_scope = correct(gid("Reply", reply.id)).await;
        let nowhere = correct(gid("Reply", uuid::Uuid::now_v7())).await;
        assert_eq!(
            refusal(&out_of_scope),
            (
                json!("NOT_FOUND"),
                json!("replyId"),
                json!("replyId: reply not found")
            ),
            "{out_of_scope}"
        );
        assert_eq!(refusal(&out_of_scope), refusal(&nowhere));

        // The inquiry argument of a lifecycle command, `inquiry` and `node`.
        const START: &str = r#"mutation($id: ID!) {
          startWork(input: { inquiryId: $id, expectedVersion: 1 }) { inquiry { id } } }"#;
        let out_of_scope = app
            .gql(Some(&token), START, json!({ "id": f.gaoyao_public }))
            .await;
        let nowhere = app.gql(Some(&token), START, json!({ "id": absent })).await;
        assert_eq!(refusal(&out_of_scope).0, "NOT_FOUND", "{out_of_scope}");
        assert_eq!(refusal(&out_of_scope), refusal(&nowhere));
        assert_eq!(
            fetch(&app, Some(&token), &f.gaoyao_public).await,
            fetch(&app, Some(&token), &absent).await
        );
    }
);
