//! Submitting and tracking inquiries: validation, idempotency, concurrency.

use entity::Role;
use futures::future::join_all;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::{
    both_backends,
    helpers::{SUBMIT, TestApp, error_code},
};

fn input(subject: &str, key: Option<&str>) -> Value {
    json!({ "input": {
        "kind": "COMPLAINT", "channel": "WECHAT", "subject": subject,
        "body": "小区楼下烧烤摊每晚营业到凌晨两点，噪音和油烟严重影响休息。", "districtCode": "441202",
        "citizenPhone": "13912345678", "idempotencyKey": key
    }})
}

async fn rows(app: &TestApp) -> u64 {
    entity::inquiry::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap()
}

const TRACK: &str = r#"query($r: String!, $c: String!) {
  trackInquiry(reference: $r, trackingCode: $c) { reference status kind district { code } events { kind } replies { body } }
}"#;

both_backends!(
    a_citizen_submits_anonymously_and_tracks_with_the_code,
    |app: TestApp| async move {
        let payload = app.submit(None, "441202", "港澳通行证续签").await;
        let reference = payload["inquiry"]["reference"].as_str().unwrap();
        let code = payload["trackingCode"].as_str().unwrap();
        assert!(
            reference.starts_with("ZQ") && reference.len() == 13,
            "{reference}"
        );
        assert_eq!(payload["inquiry"]["status"], "NEW");
        assert!(payload["inquiry"]["dueAt"].is_string());
        let tracked = app
            .gql(None, TRACK, json!({ "r": reference, "c": code }))
            .await;
        let t = &tracked["data"]["trackInquiry"];
        assert_eq!(t["reference"], reference);
        assert_eq!(t["status"], "NEW");
        assert_eq!(t["district"]["code"], "441202");
        assert_eq!(t["events"], json!([{ "kind": "RECEIVED" }]));
        // A wrong code and an unknown reference look the same.
        let wrong = app
            .gql(None, TRACK, json!({ "r": reference, "c": "WRONGCODE234" }))
            .await;
        let unknown = app
            .gql(None, TRACK, json!({ "r": "ZQ2611-ZZZZZZ", "c": code }))
            .await;
        assert_eq!(wrong, json!({ "data": { "trackInquiry": null } }));
        assert_eq!(unknown, wrong);
    }
);

both_backends!(
    invalid_input_is_refused_naming_the_field_and_writes_nothing,
    |app: TestApp| async move {
        let cases = [
            (json!({ "subject": "" }), "subject"),
            (json!({ "subject": "问".repeat(201) }), "subject"),
            (json!({ "body": "长".repeat(5001) }), "body"),
            (json!({ "districtCode": "999999" }), "districtCode"),
            (json!({ "citizenPhone": "12345" }), "citizenPhone"),
            (json!({ "latitude": 123.0, "longitude": 112.4 }), "latitude"),
            (json!({ "body": "含有\u{0000}字符" }), "body"),
            (json!({ "externalRef": "HL-1" }), "externalRef"),
            (json!({ "protectIdentity": true }), "protectIdentity"),
        ];
        for (patch, field) in cases {
            let mut vars = input("有效的标题", None);
            for (k, v) in patch.as_object().unwrap() {
                vars["input"][k] = v.clone();
            }
            let body = app.gql(None, SUBMIT, vars).await;
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{field}: {body}");
            assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
        }
        assert_eq!(rows(&app).await, 0);
    }
);

both_backends!(staff_do_not_submit_inquiries, |app: TestApp| async move {
    let officer = app.token(Role::Officer, &["441202"]).await;
    let body = app.gql(Some(&officer), SUBMIT, input("标题", None)).await;
    assert_eq!(error_code(&body), "FORBIDDEN");
});

both_backends!(
    the_same_idempotency_key_returns_the_same_inquiry_and_a_changed_payload_conflicts,
    |app: TestApp| async move {
        let key = "5f0c7a52-4d0e-4b7e-9a3c-6f1d2a9b8c01";
        let first = app
            .gql(None, SUBMIT, input("烧烤摊噪音扰民", Some(key)))
            .await;
        let again = app
            .gql(None, SUBMIT, input("烧烤摊噪音扰民", Some(key)))
            .await;
        assert_eq!(
            first["data"]["submitInquiry"]["inquiry"]["id"],
            again["data"]["submitInquiry"]["inquiry"]["id"]
        );
        assert_eq!(
            first["data"]["submitInquiry"]["trackingCode"],
            again["data"]["submitInquiry"]["trackingCode"]
        );
        let changed = app.gql(None, SUBMIT, input("另一件事", Some(key))).await;
        assert_eq!(error_code(&changed), "CONFLICT");
        assert_eq!(rows(&app).await, 1);
    }
);

both_backends!(
    twenty_concurrent_submits_with_one_key_make_one_row,
    |app: TestApp| async move {
        let key = "concurrent-key-0001";
        let bodies =
            join_all((0..20).map(|_| app.gql(None, SUBMIT, input("同一请求重复提交", Some(key)))))
                .await;
        let ids: Vec<&Value> = bodies
            .iter()
            .map(|b| &b["data"]["submitInquiry"]["inquiry"]["id"])
            .collect();
        assert!(
            bodies.iter().all(|b| b.get("errors").is_none()),
            "{bodies:?}"
        );
        assert!(ids.iter().all(|id| *id == ids[0]));
        assert_eq!(rows(&app).await, 1);
    }
);

both_backends!(
    fifty_concurrent_distinct_submits_make_fifty_rows,
    |app: TestApp| async move {
        let bodies =
            join_all((0..50).map(|i| app.gql(None, SUBMIT, input(&format!("第{i}件投诉"), None))))
                .await;
        for b in &bodies {
            assert!(b.get("errors").is_none(), "{b}");
        }
        assert_eq!(rows(&app).await, 50);
    }
);

both_backends!(
    a_partner_resubmitting_its_external_ref_gets_the_existing_inquiry,
    |app: TestApp| async move {
        let partner = app.token(Role::Partner, &["*"]).await;
        let mut vars = input("热线转来：路灯不亮", None);
        vars["input"]["channel"] = json!("PARTNER");
        vars["input"]["externalRef"] = json!("HL20261128001");
        let a = app.gql(Some(&partner), SUBMIT, vars.clone()).await;
        let b = app.gql(Some(&partner), SUBMIT, vars).await;
        assert!(a.get("errors").is_none(), "{a}");
        assert_eq!(
            a["data"]["submitInquiry"]["inquiry"]["id"],
            b["data"]["submitInquiry"]["inquiry"]["id"]
        );
        assert_eq!(rows(&app).await, 1);
    }
);

both_backends!(
    a_partner_resubmitting_its_external_ref_with_another_payload_gets_a_conflict,
    |app: TestApp| async move {
        let partner = app.token(Role::Partner, &["*"]).await;
        let mut vars = input("热线转来：路灯不亮", None);
        vars["input"]["channel"] = json!("PARTNER");
        vars["input"]["externalRef"] = json!("HL20261128002");
        let first = app.gql(Some(&partner), SUBMIT, vars.clone()).await;
        assert!(first.get("errors").is_none(), "{first}");

        let mut changed = vars.clone();
        changed["input"]["subject"] = json!("热线转来：路灯不亮（已修改）");
        let refused = app.gql(Some(&partner), SUBMIT, changed).await;
        assert_eq!(error_code(&refused), "CONFLICT", "{refused}");
        assert!(
            refused["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("externalRef")
        );
        assert_eq!(rows(&app).await, 1, "nothing new was written");

        // The identical payload still returns the inquiry it created.
        let again = app.gql(Some(&partner), SUBMIT, vars).await;
        assert_eq!(
            again["data"]["submitInquiry"]["inquiry"]["id"],
            first["data"]["submitInquiry"]["inquiry"]["id"]
        );
    }
);

both_backends!(
    a_mutation_over_get_is_refused_with_405_and_writes_nothing,
    |app: TestApp| async move {
        let q = r#"mutation { submitInquiry(input: {kind: CONSULTATION, channel: MOBILE_APP, subject: "x", body: "y", districtCode: "441202"}) { trackingCode } }"#;
        let resp = app
            .http
            .get(app.url("/graphql"))
            .query(&[("query", q)])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 405);
        assert_eq!(resp.headers()["allow"], "POST");
        assert_eq!(rows(&app).await, 0);
        let ok = app
            .http
            .get(app.url("/graphql"))
            .query(&[("query", "{ districts { code } }")])
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status().as_u16(), 200);
    }
);

both_backends!(health_and_readiness_answer, |app: TestApp| async move {
    assert_eq!(
        app.http
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );
    assert_eq!(
        app.http
            .get(app.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );
    let page = app
        .http
        .get(app.url("/graphql"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(page.text().await.unwrap().contains("graphiql"));
});

both_backends!(
    two_partners_using_the_same_external_ref_each_get_their_own_inquiry,
    |app: TestApp| async move {
        let hotline = app.token(Role::Partner, &["*"]).await;
        let mayor = app
            .token_with(wenzheng::auth::issue::TokenRequest {
                role: Role::Partner,
                districts: vec!["*".into()],
                department: None,
                sub: None,
                partner: Some("mayor-mailbox".into()),
                ttl_seconds: 600,
            })
            .await;
        let mut vars = input("热线转来：路灯不亮", None);
        vars["input"]["channel"] = json!("PARTNER");
        vars["input"]["externalRef"] = json!("HL20261128001");
        let first = app.gql(Some(&hotline), SUBMIT, vars.clone()).await;
        assert!(first.get("errors").is_none(), "{first}");
        // The other partner's own case with the same number, on the same channel.
        let mut theirs = vars.clone();
        theirs["input"]["body"] = json!("市长信箱来信：端州区天宁北路路灯连续三晚不亮。");
        let second = app.gql(Some(&mayor), SUBMIT, theirs.clone()).await;
        assert!(
            second.get("errors").is_none(),
            "no CONFLICT, no oracle: {second}"
        );
        let id = |b: &Value| b["data"]["submitInquiry"]["inquiry"]["id"].clone();
        assert_ne!(id(&first), id(&second));
        assert!(
            second["data"]["submitInquiry"]["trackingCode"].is_string(),
            "a new inquiry of its own: {second}"
        );
        assert_eq!(rows(&app).await, 2);
        // Each resubmission finds its own inquiry, never the other's.
        let again = app.gql(Some(&mayor), SUBMIT, theirs).await;
        assert_eq!(id(&again), id(&second));
        let again = app.gql(Some(&hotline), SUBMIT, vars).await;
        assert_eq!(id(&again), id(&first));
        assert_eq!(rows(&app).await, 2);
        let read = app
            .gql(
                Some(&mayor),
                "query($id: ID!) { inquiry(id: $id) { id } }",
                json!({ "id": id(&first) }),
            )
            .await;
        assert!(read["data"]["inquiry"].is_null(), "{read}");
    }
);
