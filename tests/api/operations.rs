//! Rate limits, persisted queries, `/metrics` and the request id.

use serde_json::{Value, json};
use wenzheng::{config::Settings, http::persisted::hash};

use crate::{
    both_backends, both_backends_with,
    helpers::{TestApp, error_code},
};
use entity::Role;

/// Costs 2: `districts` and `code`.
const CHEAP: &str = "{ districts { code } }";

async fn post_raw(app: &TestApp, token: Option<&str>, body: Value) -> reqwest::Response {
    let mut req = app.http.post(app.url("/graphql")).json(&body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.expect("request")
}

both_backends_with!(
    a_caller_over_its_cost_budget_gets_429_with_retry_after,
    |s: &mut Settings| {
        s.http.rate_limit_cost_per_minute = 10;
        s.http.rate_limit_burst = 10;
    },
    |app: TestApp| async move {
        let token = app.token(Role::Officer, &["441202"]).await;
        let mut refused_at = None;
        for i in 0..8 {
            let resp = post_raw(&app, Some(&token), json!({ "query": CHEAP })).await;
            if resp.status() == 429 {
                let retry: u64 = resp.headers()["retry-after"]
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!((1..=12).contains(&retry), "Retry-After {retry}");
                let body: Value = resp.json().await.unwrap();
                assert_eq!(error_code(&body), "RATE_LIMITED");
                assert_eq!(body["errors"][0]["extensions"]["retryAfter"], json!(retry));
                assert!(body.get("data").is_none(), "{body}");
                refused_at = Some(i);
                break;
            }
            assert_eq!(resp.status(), 200);
        }
        // A bucket of 10 holds five queries of cost 2.
        assert_eq!(refused_at, Some(5));
        // Another subject, and callers without a token, have their own buckets.
        let other = app.token(Role::Supervisor, &["441203"]).await;
        let (status, body) = app.gql_status(Some(&other), CHEAP, json!({})).await;
        assert_eq!(status, 200, "{body}");
        let (status, _) = app.gql_status(None, CHEAP, json!({})).await;
        assert_eq!(status, 200);
    }
);

/// Sends `CHEAP` without a token, as relayed by a proxy for the client `forwarded_for`.
async fn cheap_via_proxy(app: &TestApp, forwarded_for: &str) -> u16 {
    app.http
        .post(app.url("/graphql"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({ "query": CHEAP }))
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

/// How many `CHEAP` queries pass for `forwarded_for` before one is refused (at most 10).
async fn cheap_until_refused(app: &TestApp, forwarded_for: &str) -> usize {
    for passed in 0..10 {
        match cheap_via_proxy(app, forwarded_for).await {
            200 => {}
            429 => return passed,
            other => panic!("status {other}"),
        }
    }
    10
}

both_backends_with!(
    callers_behind_a_trusted_proxy_have_budgets_of_their_own,
    |s: &mut Settings| {
        s.http.rate_limit_cost_per_minute = 10;
        s.http.rate_limit_burst = 10;
        // The tests' client is the proxy.
        s.http.trusted_proxies = "127.0.0.0/8".parse().unwrap();
    },
    |app: TestApp| async move {
        assert_eq!(cheap_until_refused(&app, "203.0.113.1").await, 5);
        // A second citizen behind the same proxy still has a full bucket.
        assert_eq!(cheap_until_refused(&app, "203.0.113.2").await, 5);
        // Whatever the first citizen writes left of what the proxy appended does not help.
        assert_eq!(
            cheap_via_proxy(&app, "198.51.100.7, 203.0.113.1").await,
            429
        );
        // The proxy's own address is a third caller.
        let (status, _) = app.gql_status(None, CHEAP, json!({})).await;
        assert_eq!(status, 200);
    }
);

both_backends_with!(
    an_untrusted_peer_cannot_spoof_x_forwarded_for_for_a_fresh_budget,
    |s: &mut Settings| {
        s.http.rate_limit_cost_per_minute = 10;
        s.http.rate_limit_burst = 10;
        // Trusts a proxy network, but not the tests' client.
        s.http.trusted_proxies = "10.0.0.0/8".parse().unwrap();
    },
    |app: TestApp| async move {
        assert_eq!(cheap_until_refused(&app, "203.0.113.1").await, 5);
        // Another made-up address is the same caller: the peer's.
        assert_eq!(cheap_via_proxy(&app, "203.0.113.2").await, 429);
        let forwarded = app
            .http
            .post(app.url("/graphql"))
            .header("forwarded", "for=203.0.113.3")
            .json(&json!({ "query": CHEAP }))
            .send()
            .await
            .unwrap();
        assert_eq!(forwarded.status(), 429);
        let (status, _) = app.gql_status(None, CHEAP, json!({})).await;
        assert_eq!(status, 429);
    }
);

both_backends_with!(
    a_costly_query_spends_more_of_the_budget_than_a_cheap_one,
    |s: &mut Settings| {
        s.http.rate_limit_cost_per_minute = 10;
        s.http.rate_limit_burst = 10;
    },
    |app: TestApp| async move {
        let token = app.token(Role::Officer, &["441202"]).await;
        // Twice `districts` with two fields: cost 6, three cheap queries' worth.
        let costly = "{ a: districts { code name } b: districts { code name } }";
        let (status, body) = app.gql_status(Some(&token), costly, json!({})).await;
        assert_eq!(status, 200, "{body}");
        let mut cheap_after = 0;
        loop {
            let (status, body) = app.gql_status(Some(&token), CHEAP, json!({})).await;
            if status == 429 {
                assert_eq!(error_code(&body), "RATE_LIMITED");
                break;
            }
            assert_eq!(status, 200, "{body}");
            cheap_after += 1;
            assert!(cheap_after < 10, "never refused");
        }
        assert_eq!(cheap_after, 2);
    }
);

both_backends_with!(
    submissions_without_a_token_are_limited_harder_than_with_one,
    |s: &mut Settings| {
        s.http.anonymous_submissions_per_hour = 3;
    },
    |app: TestApp| async move {
        app.submit(None, "441202", "护照办理").await;
        let (status, body) = app
            .gql_status(
                None,
                crate::helpers::SUBMIT,
                json!({ "input": {
                    "kind": "CONSULTATION", "channel": "MOBILE_APP", "subject": "再问一次",
                    "body": "请问需要准备什么材料？", "districtCode": "441202",
                    "citizenName": "陈小明", "citizenPhone": "13812345678"
                }}),
            )
            .await;
        assert_eq!(status, 429, "{body}");
        assert_eq!(error_code(&body), "RATE_LIMITED");
        // 3 an hour: the next one in 20 minutes.
        let retry = body["errors"][0]["extensions"]["retryAfter"]
            .as_u64()
            .unwrap();
        assert!((1190..=1200).contains(&retry), "retryAfter {retry}");
        // Queries without a token still run, and a citizen's submissions are not capped.
        let (status, _) = app.gql_status(None, CHEAP, json!({})).await;
        assert_eq!(status, 200);
        let citizen = app.token(Role::Citizen, &[]).await;
        app.submit(Some(&citizen), "441202", "户籍迁移").await;
        app.submit(Some(&citizen), "441202", "居住证").await;
    }
);

both_backends!(
    automatic_persisted_query_is_learned_then_run_by_its_hash,
    |app: TestApp| async move {
        let query = format!("query Apq{:?} {{ districts {{ code }} }}", app.backend);
        let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash(&query) } });
        let resp = post_raw(&app, None, json!({ "extensions": ext })).await;
        let body: Value = resp.json().await.unwrap();
        assert_eq!(error_code(&body), "PERSISTED_QUERY_NOT_FOUND");
        assert_eq!(body["errors"][0]["message"], "PersistedQueryNotFound");

        let resp = post_raw(&app, None, json!({ "query": query, "extensions": ext })).await;
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["data"]["districts"][0]["code"], "441200", "{body}");

        let resp = post_raw(&app, None, json!({ "extensions": ext })).await;
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["data"]["districts"][0]["code"], "441200", "{body}");

        // GET, as Apollo clients send hashed queries.
        let resp = app
            .http
            .get(app.url("/graphql"))
            .query(&[("extensions", ext.to_string())])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["data"]["districts"][0]["code"], "441200", "{body}");

        // A hash that is not the query's is refused.
        let lying =
            json!({ "persistedQuery": { "version": 1, "sha256Hash": hash("{ me { role } }") } });
        let resp = post_raw(&app, None, json!({ "query": query, "extensions": lying })).await;
        let body: Value = resp.json().await.unwrap();
        assert_eq!(error_code(&body), "BAD_USER_INPUT");
        assert_eq!(
            body["errors"][0]["extensions"]["field"],
            "extensions.persistedQuery"
        );
    }
);

/// The list is written to one small file per process (same content each time).
fn registered_list(s: &mut Settings) {
    let path = std::env::temp_dir().join(format!("wenzheng-pq-{}.json", std::process::id()));
    let list = json!({ hash(CHEAP): CHEAP });
    std::fs::write(&path, list.to_string()).unwrap();
    s.http.persisted_queries_file = Some(path);
}

both_backends_with!(
    with_a_registered_list_only_its_documents_run,
    registered_list,
    |app: TestApp| async move {
        let (_, body) = app.gql_status(None, CHEAP, json!({})).await;
        assert_eq!(body["data"]["districts"][0]["code"], "441200", "{body}");
        let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash(CHEAP) } });
        let body: Value = post_raw(&app, None, json!({ "extensions": ext }))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(body["data"]["districts"][0]["code"], "441200", "{body}");
        let (_, body) = app
            .gql_status(None, "{ districts { code name } }", json!({}))
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN");
        // Sending an unregistered document with its hash does not register it.
        let other = "{ districts { name } }";
        let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash(other) } });
        let body: Value = post_raw(&app, None, json!({ "query": other, "extensions": ext }))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(error_code(&body), "FORBIDDEN");
    }
);

both_backends!(
    metrics_count_operations_by_name_and_outcome,
    |app: TestApp| async move {
        let name = format!("MetricsProbe{:?}", app.backend);
        let query = format!("query {name} {{ districts {{ code }} }}");
        for _ in 0..2 {
            let (_, body) = app.gql_status(None, &query, json!({})).await;
            assert!(body.get("errors").is_none(), "{body}");
        }
        let bad = format!("query {name} {{ nope }}");
        let (_, body) = app.gql_status(None, &bad, json!({})).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT");

        let resp = app.http.get(app.url("/metrics")).send().await.unwrap();
        assert_eq!(resp.status(), 200);
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain; version=0.0.4")
        );
        let text = resp.text().await.unwrap();
        let line = |prefix: &str| {
            text.lines()
                .find(|l| l.starts_with(prefix))
                .unwrap_or_else(|| panic!("no {prefix} in\n{text}"))
                .rsplit_once(' ')
                .unwrap()
                .1
                .to_owned()
        };
        assert_eq!(
            line(&format!(
                "graphql_requests_total{{operation=\"{name}\",outcome=\"ok\"}}"
            )),
            "2"
        );
        assert_eq!(
            line(&format!(
                "graphql_requests_total{{operation=\"{name}\",outcome=\"refused\"}}"
            )),
            "1"
        );
        assert_eq!(
            line(&format!(
                "graphql_request_duration_seconds_count{{operation=\"{name}\"}}"
            )),
            "3"
        );
        assert!(text.contains(&format!(
            "graphql_request_duration_seconds_bucket{{operation=\"{name}\",le=\"0.005\"}}"
        )));
        for metric in [
            "db_pool_connections{state=\"idle\"}",
            "db_pool_connections{state=\"in_use\"}",
            "db_pool_max_connections",
            "db_statements_total",
            "graphql_subscriptions_active",
        ] {
            line(metric);
        }
    }
);

both_backends_with!(
    rate_limit_refusals_are_counted_in_metrics,
    |s: &mut Settings| {
        s.http.rate_limit_cost_per_minute = 1;
        s.http.rate_limit_burst = 2;
    },
    |app: TestApp| async move {
        let scrape = || async {
            let text = app
                .http
                .get(app.url("/metrics"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            text.lines()
                .find(|l| l.starts_with("rate_limited_total{limit=\"cost\"}"))
                .and_then(|l| l.rsplit_once(' '))
                .map_or(0, |(_, n)| n.parse::<u64>().unwrap())
        };
        let token = app.token(Role::Officer, &["441202"]).await;
        let (status, _) = app.gql_status(Some(&token), CHEAP, json!({})).await;
        assert_eq!(status, 200);
        let before = scrape().await;
        let (status, _) = app.gql_status(Some(&token), CHEAP, json!({})).await;
        assert_eq!(status, 429);
        // Other tests in this process may refuse at the same time: at least ours counted.
        assert!(scrape().await > before);
    }
);

both_backends!(
    errors_carry_the_request_id_of_the_response_header,
    |app: TestApp| async move {
        let resp = post_raw(&app, None, json!({ "query": "{ nope }" })).await;
        let id = resp.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 7);
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["errors"][0]["extensions"]["requestId"], json!(id));

        // A well-formed id from a proxy is kept; a malformed one is replaced.
        let resp = app
            .http
            .post(app.url("/graphql"))
            .header("x-request-id", "edge-42.abc")
            .header("content-type", "text/plain")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 415);
        assert_eq!(resp.headers()["x-request-id"], "edge-42.abc");
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["errors"][0]["extensions"]["requestId"], "edge-42.abc");
        let resp = app
            .http
            .get(app.url("/healthz"))
            .header("x-request-id", "bad id with spaces")
            .send()
            .await
            .unwrap();
        assert_ne!(resp.headers()["x-request-id"], "bad id with spaces");
        // Successful answers carry the header too, without touching the body.
        let resp = post_raw(&app, None, json!({ "query": CHEAP })).await;
        assert!(resp.headers().contains_key("x-request-id"));
    }
);

both_backends!(
    an_argument_out_of_int_range_is_bad_user_input,
    |app: TestApp| async move {
        let token = app.token(Role::Admin, &["*"]).await;
        let (_, body) = app
            .gql_status(
                Some(&token),
                "{ monthlyStars(year: 99999999999) { month } }",
                json!({}),
            )
            .await;
        // Refused while executing (it has a path), where async-graphql gives no code itself.
        assert_eq!(body["errors"][0]["path"][0], "monthlyStars", "{body}");
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert!(body["errors"][0]["extensions"]["requestId"].is_string());
    }
);
