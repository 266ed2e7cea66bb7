//! Query limits at the limit and one past it: body size, batches, depth, complexity weighted
//! by `first`, aliases, tokens, directives and field selections counted before validation
//! (`__typename` included), fragment cycles, page sizes and the request timeout.

use entity::Role;
use reqwest::header;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::{
    both_backends, both_backends_with,
    helpers::{TestApp, error_code},
};

const GQL_RESPONSE: &str = "application/graphql-response+json";

/// POSTs `query` as `application/graphql-response+json`; status and body.
async fn run(app: &TestApp, token: Option<&str>, query: &str) -> (u16, Value) {
    let mut req = app
        .http
        .post(app.url("/graphql"))
        .header(header::ACCEPT, GQL_RESPONSE)
        .json(&json!({ "query": query }));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

fn assert_ok(status: u16, body: &Value) {
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
}

fn assert_too_complex(status: u16, body: &Value) {
    assert_eq!(status, 400, "{body}");
    assert_eq!(error_code(body), "QUERY_TOO_COMPLEX", "{body}");
    assert!(body.get("data").is_none(), "{body}");
}

/// A request body of exactly `len` bytes that runs `{ __typename }`.
fn padded_body(len: usize) -> String {
    let head = r#"{"query":"{ __typename }","extensions":{"pad":""#;
    let tail = r#""}}"#;
    format!("{head}{}{tail}", "x".repeat(len - head.len() - tail.len()))
}

both_backends!(
    a_body_of_256_kb_is_read_and_one_byte_more_gets_413,
    |app: TestApp| async move {
        let send = |body: String| {
            app.http
                .post(app.url("/graphql"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(body)
                .send()
        };
        let at = send(padded_body(256 * 1024)).await.unwrap();
        assert_eq!(at.status().as_u16(), 200);
        assert_eq!(
            at.json::<Value>().await.unwrap()["data"]["__typename"],
            "QueryRoot"
        );
        let over = send(padded_body(256 * 1024 + 1)).await.unwrap();
        assert_eq!(over.status().as_u16(), 413);
        let body: Value = over.json().await.unwrap();
        assert_eq!(error_code(&body), "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], "body");
        // 2 MB: the server answers 413 and closes without reading the rest, so the client
        // may see the answer or, when still writing, a broken pipe; never a 2xx.
        match send(padded_body(2 * 1024 * 1024)).await {
            Ok(resp) => assert_eq!(resp.status().as_u16(), 413),
            Err(e) => assert!(e.is_request(), "refused while sending: {e:?}"),
        }
    }
);

both_backends!(
    a_batch_of_10_runs_and_a_batch_of_11_is_refused,
    |app: TestApp| async move {
        let batch = |n: usize| {
            Value::Array(
                (0..n)
                    .map(|i| json!({ "query": format!("{{ n{i}: __typename }}") }))
                    .collect(),
            )
        };
        let ten = app
            .http
            .post(app.url("/graphql"))
            .json(&batch(10))
            .send()
            .await
            .unwrap();
        assert_eq!(ten.status().as_u16(), 200);
        let ten: Value = ten.json().await.unwrap();
        assert_eq!(ten.as_array().unwrap().len(), 10);
        assert_eq!(ten[9], json!({ "data": { "n9": "QueryRoot" } }));
        let eleven = app
            .http
            .post(app.url("/graphql"))
            .json(&batch(11))
            .send()
            .await
            .unwrap();
        assert_eq!(eleven.status().as_u16(), 400);
        let body: Value = eleven.json().await.unwrap();
        assert_eq!(error_code(&body), "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], "body");
    }
);

both_backends!(
    thirty_aliases_of_typename_pass_and_thirty_one_are_too_complex,
    |app: TestApp| async move {
        let aliases = |n: usize| {
            let fields: String = (0..n).map(|i| format!(" a{i}: __typename")).collect();
            format!("{{{fields} }}")
        };
        let (status, body) = run(&app, None, &aliases(30)).await;
        assert_ok(status, &body);
        assert_eq!(body["data"]["a29"], "QueryRoot");
        let (status, body) = run(&app, None, &aliases(31)).await;
        assert_too_complex(status, &body);
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("aliases")
        );
        // Aliases inside a fragment count once per spread: 2 spreads x 16 = 32.
        let spread = "{ ...F ...F } fragment F on QueryRoot { \
            a0: __typename a1: __typename a2: __typename a3: __typename a4: __typename \
            a5: __typename a6: __typename a7: __typename a8: __typename a9: __typename \
            b0: __typename b1: __typename b2: __typename b3: __typename b4: __typename b5: __typename }";
        let (status, body) = run(&app, None, spread).await;
        assert_too_complex(status, &body);
    }
);

both_backends!(
    three_thousand_tokens_pass_and_one_more_is_too_complex,
    |app: TestApp| async move {
        let admin = app.token(Role::Admin, &["*"]).await;
        // 19 tokens around the list, one per status.
        let query = |n: usize| {
            format!(
                "{{ inquiries(first: 1, filter: {{ status: [{}] }}) {{ totalCount }} }}",
                vec!["NEW"; n].join(" ")
            )
        };
        let (status, body) = run(&app, Some(&admin), &query(2_981)).await;
        assert_ok(status, &body);
        assert_eq!(body["data"]["inquiries"]["totalCount"], 0);
        let (status, body) = run(&app, Some(&admin), &query(2_982)).await;
        assert_too_complex(status, &body);
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("tokens")
        );
    }
);

both_backends!(
    fifty_directives_pass_and_fifty_one_are_too_complex,
    |app: TestApp| async move {
        let query = |n: usize| format!("{{{} }}", " __typename @include(if: true)".repeat(n));
        let (status, body) = run(&app, None, &query(50)).await;
        assert_ok(status, &body);
        let (status, body) = run(&app, None, &query(51)).await;
        assert_too_complex(status, &body);
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("directives")
        );
    }
);

both_backends!(
    repeated_typename_fields_count_toward_the_complexity_limit,
    |app: TestApp| async move {
        let query = |n: usize| format!("{{{} }}", " __typename".repeat(n));
        let (status, body) = run(&app, None, &query(500)).await;
        assert_ok(status, &body);
        assert_eq!(body["data"], json!({ "__typename": "QueryRoot" }));
        let (status, body) = run(&app, None, &query(2_000)).await;
        assert_ok(status, &body);
        let (status, body) = run(&app, None, &query(2_001)).await;
        assert_too_complex(status, &body);
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("field selections")
        );
    }
);

both_backends!(
    circular_fragments_and_fragment_bombs_are_refused_before_validation,
    |app: TestApp| async move {
        let (status, body) = run(
            &app,
            None,
            "{ ...A } fragment A on QueryRoot { __typename ...B } fragment B on QueryRoot { ...A }",
        )
        .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(error_code(&body), "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], "query");
        // 2^40 `__typename` selections in 41 fragments of a few tokens each.
        let mut bomb = String::from("{ ...F0 }");
        for i in 0..40 {
            bomb.push_str(&format!(
                " fragment F{i} on QueryRoot {{ ...F{n} ...F{n} }}",
                n = i + 1
            ));
        }
        bomb.push_str(" fragment F40 on QueryRoot { __typename }");
        let started = std::time::Instant::now();
        let (status, body) = run(&app, None, &bomb).await;
        assert_too_complex(status, &body);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
);

both_backends!(
    depth_12_passes_and_13_is_too_complex,
    |app: TestApp| async move {
        let admin = app.token(Role::Admin, &["*"]).await;
        // __schema(1) queryType(2) fields(3) type(4) ofType x n, name: depth 5 + n.
        let query = |of_types: usize| {
            format!(
                "{{ __schema {{ queryType {{ fields {{ type {{ {} name {} }} }} }} }} }}",
                "ofType { ".repeat(of_types),
                "} ".repeat(of_types)
            )
        };
        let (status, body) = run(&app, Some(&admin), &query(7)).await;
        assert_ok(status, &body);
        let (status, body) = run(&app, Some(&admin), &query(8)).await;
        assert_too_complex(status, &body);
    }
);

both_backends!(
    complexity_weighs_connections_by_first_up_to_the_limit,
    |app: TestApp| async move {
        let admin = app.token(Role::Admin, &["*"]).await;
        // inquiries: first x (nodes 1 + 19 ids) + 1 = 99 x 20 + 1 = 1981; districts: 1 + k.
        let query = |first: usize, k: usize| {
            format!(
                "{{ inquiries(first: {first}) {{ nodes {{{} }} }} districts {{{} }} }}",
                " id".repeat(19),
                " code".repeat(k)
            )
        };
        let (status, body) = run(&app, Some(&admin), &query(99, 18)).await;
        assert_ok(status, &body);
        let (status, body) = run(&app, Some(&admin), &query(99, 19)).await;
        assert_too_complex(status, &body);
        // The same selection with a smaller page is cheap.
        let (status, body) = run(&app, Some(&admin), &query(5, 19)).await;
        assert_ok(status, &body);
    }
);

both_backends!(
    connections_require_first_between_1_and_100,
    |app: TestApp| async move {
        let admin = app.token(Role::Admin, &["*"]).await;
        let page = |first: &str| format!("{{ inquiries{first} {{ totalCount }} }}");
        let (status, body) = run(&app, Some(&admin), &page("(first: 100)")).await;
        assert_ok(status, &body);
        let (status, body) = run(&app, Some(&admin), &page("(first: 1)")).await;
        assert_ok(status, &body);
        for bad in ["(first: 0)", "(first: 101)"] {
            let (status, body) = run(&app, Some(&admin), &page(bad)).await;
            assert_eq!(status, 200, "{body}");
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{bad}");
            assert_eq!(body["errors"][0]["extensions"]["field"], "first");
        }
        let (status, body) = run(&app, Some(&admin), &page("")).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(error_code(&body), "BAD_USER_INPUT");
        let (status, body) = run(&app, Some(&admin), "{ officers { totalCount } }").await;
        assert_eq!(status, 400, "{body}");
    }
);

both_backends_with!(
    a_request_that_outlives_the_timeout_gets_a_json_408,
    |s: &mut wenzheng::config::Settings| {
        s.http.request_timeout_secs = 1;
    },
    |app: TestApp| async move {
        let app = app; // keep the whole server alive, not just the captured address
        // A client that announces a body and never sends it.
        let mut stream = tokio::net::TcpStream::connect(app.addr)
            .await
            .expect("connect");
        let head = format!(
            "POST /graphql HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Accept: {GQL_RESPONSE}\r\nContent-Length: 100\r\n\r\n",
            app.addr
        );
        stream.write_all(head.as_bytes()).await.expect("write");
        let started = std::time::Instant::now();
        let mut response = Vec::new();
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&response).contains("QUERY_TOO_COMPLEX") {
            let n = tokio::time::timeout(std::time::Duration::from_secs(5), stream.read(&mut buf))
                .await
                .expect("answered within 5 s")
                .unwrap_or(0);
            if n == 0 {
                break;
            }
            response.extend_from_slice(&buf[..n]);
        }
        let text = String::from_utf8_lossy(&response);
        assert!(text.starts_with("HTTP/1.1 408"), "{text}");
        assert!(text.contains("QUERY_TOO_COMPLEX"), "{text}");
        assert!(started.elapsed() >= std::time::Duration::from_millis(900));
    }
);
