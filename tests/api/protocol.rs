//! GraphQL over HTTP: media types, status codes, GET for queries only, CSRF, CORS and
//! introspection, as the specification and issue #7 ask.

use entity::Role;
use reqwest::{Response, header};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::{
    both_backends, both_backends_with,
    helpers::{SUBMIT, TestApp, error_code},
};

const GQL_RESPONSE: &str = "application/graphql-response+json";

async fn post(app: &TestApp, accept: Option<&str>, token: Option<&str>, body: Value) -> Response {
    let mut req = app.http.post(app.url("/graphql")).json(&body);
    if let Some(a) = accept {
        req = req.header(header::ACCEPT, a);
    }
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

fn content_type(resp: &Response) -> String {
    resp.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_owned()
}

async fn inquiries(app: &TestApp) -> u64 {
    entity::inquiry::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap()
}

fn submit_body() -> Value {
    json!({ "query": SUBMIT, "variables": { "input": {
        "kind": "CONSULTATION", "channel": "MOBILE_APP", "subject": "护照加急办理",
        "body": "护照加急办理需要什么材料？", "districtCode": "441202" } } })
}

both_backends!(
    graphql_response_json_is_used_when_accepted_and_request_errors_get_400_without_data,
    |app: TestApp| async move {
        let ok = post(
            &app,
            Some(GQL_RESPONSE),
            None,
            json!({ "query": "{ __typename }" }),
        )
        .await;
        assert_eq!(ok.status().as_u16(), 200);
        assert_eq!(
            content_type(&ok),
            "application/graphql-response+json; charset=utf-8"
        );
        assert_eq!(
            ok.json::<Value>().await.unwrap(),
            json!({ "data": { "__typename": "QueryRoot" } })
        );

        for query in ["{", "{ noSuchField }", "query Q($id: ID!) { __typename }"] {
            let bad = post(&app, Some(GQL_RESPONSE), None, json!({ "query": query })).await;
            assert_eq!(bad.status().as_u16(), 400, "{query}");
            assert_eq!(
                content_type(&bad),
                "application/graphql-response+json; charset=utf-8"
            );
            let body: Value = bad.json().await.unwrap();
            assert!(body.get("data").is_none(), "{query}: {body}");
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{query}: {body}");
        }
    }
);

both_backends!(
    application_json_is_used_when_asked_and_request_errors_keep_200,
    |app: TestApp| async move {
        for accept in [Some("application/json"), Some("*/*"), None] {
            let resp = post(&app, accept, None, json!({ "query": "{ noSuchField }" })).await;
            assert_eq!(resp.status().as_u16(), 200, "{accept:?}");
            assert_eq!(content_type(&resp), "application/json; charset=utf-8");
            let body: Value = resp.json().await.unwrap();
            assert!(body.get("data").is_none(), "{body}");
            assert_eq!(error_code(&body), "BAD_USER_INPUT");
        }
        // A field error after execution started keeps `data` and 200 in both media types.
        let resp = post(
            &app,
            Some(GQL_RESPONSE),
            None,
            json!({ "query": "{ inquiries(first: 0) { totalCount } }" }),
        )
        .await;
        assert_eq!(resp.status().as_u16(), 200);
        let body: Value = resp.json().await.unwrap();
        assert!(body.get("data").is_some(), "{body}");
        assert_eq!(error_code(&body), "BAD_USER_INPUT");
    }
);

both_backends!(an_unsupported_accept_gets_406, |app: TestApp| async move {
    for accept in [
        "text/html",
        "application/xml",
        "application/json; charset=utf-16",
    ] {
        let resp = post(
            &app,
            Some(accept),
            None,
            json!({ "query": "{ __typename }" }),
        )
        .await;
        assert_eq!(resp.status().as_u16(), 406, "{accept}");
    }
    let get = app
        .http
        .get(app.url("/graphql"))
        .query(&[("query", "{ __typename }")])
        .header(header::ACCEPT, "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(get.status().as_u16(), 406);
});

both_backends!(
    a_post_without_or_with_a_wrong_content_type_gets_415,
    |app: TestApp| async move {
        let body = json!({ "query": "{ __typename }" }).to_string();
        let missing = app
            .http
            .post(app.url("/graphql"))
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status().as_u16(), 415);
        let missing: Value = missing.json().await.unwrap();
        assert_eq!(error_code(&missing), "BAD_USER_INPUT");
        assert_eq!(missing["errors"][0]["extensions"]["field"], "Content-Type");
        for ct in [
            "application/xml",
            "application/graphql",
            "application/json; charset=latin1",
        ] {
            let resp = app
                .http
                .post(app.url("/graphql"))
                .header(header::CONTENT_TYPE, ct)
                .body(body.clone())
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status().as_u16(), 415, "{ct}");
        }
        let utf8 = app
            .http
            .post(app.url("/graphql"))
            .header(header::CONTENT_TYPE, "application/json; charset=UTF-8")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(utf8.status().as_u16(), 200);
    }
);

both_backends!(
    malformed_post_parameters_get_400_naming_the_parameter,
    |app: TestApp| async move {
        let cases = [
            (json!({ "qeury": "{ __typename }" }), "query"),
            (json!({ "query": 1 }), "query"),
            (
                json!({ "query": "{ __typename }", "operationName": ["x"] }),
                "operationName",
            ),
            (
                json!({ "query": "{ __typename }", "variables": "x" }),
                "variables",
            ),
            (
                json!({ "query": "{ __typename }", "extensions": 0 }),
                "extensions",
            ),
            (json!("{ __typename }"), "body"),
        ];
        for (body, field) in cases {
            let resp = post(&app, Some(GQL_RESPONSE), None, body.clone()).await;
            assert_eq!(resp.status().as_u16(), 400, "{body}");
            let body: Value = resp.json().await.unwrap();
            assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
        }
        let not_json = app
            .http
            .post(app.url("/graphql"))
            .header(header::CONTENT_TYPE, "application/json")
            .body("{ \"not a JSON")
            .send()
            .await
            .unwrap();
        assert_eq!(not_json.status().as_u16(), 400);
    }
);

both_backends!(
    text_plain_and_form_posts_are_refused_and_write_nothing,
    |app: TestApp| async move {
        let body = submit_body().to_string();
        for ct in [
            "text/plain",
            "text/plain;charset=UTF-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
        ] {
            // Even with a header that would force a preflight: only application/json runs.
            let resp = app
                .http
                .post(app.url("/graphql"))
                .header(header::CONTENT_TYPE, ct)
                .header("x-requested-with", "XMLHttpRequest")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status().as_u16(), 415, "{ct}");
            let err: Value = resp.json().await.unwrap();
            assert!(
                err["errors"][0]["message"]
                    .as_str()
                    .unwrap()
                    .contains("CSRF"),
                "{err}"
            );
        }
        assert_eq!(inquiries(&app).await, 0);
        let ok = post(&app, None, None, submit_body()).await;
        assert_eq!(ok.status().as_u16(), 200);
        assert_eq!(inquiries(&app).await, 1);
    }
);

both_backends!(
    a_mutation_over_get_gets_405_with_allow_post_and_writes_nothing,
    |app: TestApp| async move {
        let vars = submit_body()["variables"].to_string();
        let get = |query: &'static str, op: Option<&'static str>| {
            let mut params = vec![("query", query.to_owned()), ("variables", vars.clone())];
            if let Some(op) = op {
                params.push(("operationName", op.to_owned()));
            }
            app.http
                .get(app.url("/graphql"))
                .header(header::ACCEPT, GQL_RESPONSE)
                .query(&params)
                .send()
        };
        let resp = get(SUBMIT, None).await.unwrap();
        assert_eq!(resp.status().as_u16(), 405);
        assert_eq!(resp.headers()[header::ALLOW], "POST");
        assert_eq!(
            content_type(&resp),
            "application/graphql-response+json; charset=utf-8"
        );
        // A document with a query and a mutation: unnamed, or naming the mutation, is refused.
        const BOTH: &str = "query Q { __typename } mutation M { __typename }";
        assert_eq!(get(BOTH, None).await.unwrap().status().as_u16(), 405);
        assert_eq!(get(BOTH, Some("M")).await.unwrap().status().as_u16(), 405);
        let q = get(BOTH, Some("Q")).await.unwrap();
        assert_eq!(q.status().as_u16(), 200);
        assert_eq!(
            q.json::<Value>().await.unwrap()["data"]["__typename"],
            "QueryRoot"
        );
        assert_eq!(inquiries(&app).await, 0);
    }
);

both_backends_with!(
    cors_answers_allowed_origins_only,
    |s: &mut wenzheng::config::Settings| {
        s.http.cors_allowed_origins = vec!["https://app.zqga.example".into()];
    },
    |app: TestApp| async move {
        let preflight = |origin: &'static str| {
            app.http
                .request(reqwest::Method::OPTIONS, app.url("/graphql"))
                .header(header::ORIGIN, origin)
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(
                    header::ACCESS_CONTROL_REQUEST_HEADERS,
                    "content-type,authorization",
                )
                .send()
        };
        let ok = preflight("https://app.zqga.example").await.unwrap();
        assert_eq!(
            ok.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
            "https://app.zqga.example"
        );
        let other = preflight("https://evil.example").await.unwrap();
        assert!(
            other
                .headers()
                .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
                .is_none()
        );
    }
);

both_backends!(
    introspection_and_suggestions_are_for_staff_only,
    |app: TestApp| async move {
        let schema = json!({ "query": "{ __schema { queryType { name } } }" });
        let anon = post(&app, Some(GQL_RESPONSE), None, schema.clone()).await;
        assert_eq!(anon.status().as_u16(), 403);
        let anon: Value = anon.json().await.unwrap();
        assert_eq!(error_code(&anon), "FORBIDDEN");
        assert!(anon.get("data").is_none());
        let citizen = app.token(Role::Citizen, &[]).await;
        let hidden = json!({ "query": "{ ...F } fragment F on QueryRoot { __type(name: \"Inquiry\") { name } }" });
        let body: Value = post(&app, None, Some(&citizen), hidden)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(error_code(&body), "FORBIDDEN");

        let officer = app.token(Role::Officer, &["441202"]).await;
        let staff: Value = post(&app, None, Some(&officer), schema)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(staff["data"]["__schema"]["queryType"]["name"], "QueryRoot");

        let typo = json!({ "query": "{ inquirie(first: 1) { totalCount } }" });
        let anon: Value = post(&app, None, None, typo.clone())
            .await
            .json()
            .await
            .unwrap();
        let message = anon["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("Unknown field"), "{message}");
        assert!(!message.contains("Did you mean"), "{message}");
        let staff: Value = post(&app, None, Some(&officer), typo)
            .await
            .json()
            .await
            .unwrap();
        let message = staff["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("Did you mean \"inquiries\""), "{message}");
    }
);

both_backends_with!(
    introspection_can_be_opened_to_everyone_for_development,
    |s: &mut wenzheng::config::Settings| {
        s.http.introspection = wenzheng::http::limits::Introspection::All;
    },
    |app: TestApp| async move {
        let body: Value = post(
            &app,
            None,
            None,
            json!({ "query": "{ __schema { queryType { name } } }" }),
        )
        .await
        .json()
        .await
        .unwrap();
        assert_eq!(body["data"]["__schema"]["queryType"]["name"], "QueryRoot");
    }
);

both_backends_with!(
    graphiql_is_served_only_where_enabled,
    |s: &mut wenzheng::config::Settings| {
        s.graphiql = false;
    },
    |app: TestApp| async move {
        let page = app
            .http
            .get(app.url("/graphql"))
            .header(header::ACCEPT, "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(page.status().as_u16(), 406);
        assert!(!page.text().await.unwrap().contains("graphiql"));
    }
);

both_backends!(
    a_document_selecting_only_typename_is_still_validated,
    |app: TestApp| async move {
        // async-graphql's validation does not enter `__typename`; the server checks it itself.
        for query in [
            "{ __typename @unknown }",
            "{ __typename @skip }",
            "{ __typename @include(if: true, unless: false) }",
            r#"{ __typename @skip(if: "no") }"#,
            "{ __typename @skip(if: true) @skip(if: true) }",
            "query($v: String) { __typename @include(if: $v) }",
            "{ __typename(all: true) }",
            "{ ... on Query { __typename @unknown } }",
            "{ ...F } fragment F on Query { __typename @unknown }",
        ] {
            let resp = post(&app, Some(GQL_RESPONSE), None, json!({ "query": query })).await;
            assert_eq!(resp.status().as_u16(), 400, "{query}");
            let body: Value = resp.json().await.unwrap();
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{query}: {body}");
            assert!(body.get("data").is_none(), "{query}: {body}");
        }
        // The valid forms still answer.
        for (query, variables) in [
            ("{ __typename }", json!({})),
            ("{ t: __typename @include(if: true) }", json!({})),
            // (async-graphql reports a variable used only on `__typename` as unused.)
            (
                "query($v: Boolean!) { __typename @skip(if: $v) districts @include(if: $v) { code } }",
                json!({ "v": false }),
            ),
        ] {
            let resp = post(
                &app,
                Some(GQL_RESPONSE),
                None,
                json!({ "query": query, "variables": variables }),
            )
            .await;
            let status = resp.status().as_u16();
            let body: Value = resp.json().await.unwrap();
            assert_eq!(status, 200, "{query}: {body}");
            assert!(body.get("errors").is_none(), "{query}: {body}");
        }
    }
);
