//! GraphiQL works without internet access: the page names only assets this server serves,
//! each with its content type and a long cache lifetime, under a same-origin CSP; the demo
//! tokens are offered only when `serve --demo` minted them.

use reqwest::header;
use wenzheng::http::graphiql::DemoToken;

use crate::helpers::{Backend, TestApp, spawn_app, spawn_app_with};

async fn page(app: &TestApp) -> (reqwest::header::HeaderMap, String) {
    let resp = app
        .http
        .get(app.url("/graphql"))
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let headers = resp.headers().clone();
    (headers, resp.text().await.unwrap())
}

/// The values of every `src="…"` and `href="…"` attribute in `html`.
fn references(html: &str) -> Vec<&str> {
    let mut refs = Vec::new();
    for attr in ["src=\"", "href=\""] {
        for (at, _) in html.match_indices(attr) {
            let rest = &html[at + attr.len()..];
            refs.push(&rest[..rest.find('"').expect("closed attribute")]);
        }
    }
    refs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_loads_only_same_origin_assets_that_the_server_serves() {
    let app = spawn_app(Backend::Sqlite).await.expect("spawn");
    let (headers, html) = page(&app).await;
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );

    assert!(!html.contains("unpkg"), "{html}");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{html}"
    );
    // Every script comes from a file: none inline (the CSP would refuse it anyway).
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script src=\"/graphql/assets/").count()
    );

    let refs = references(&html);
    let assets: Vec<&str> = refs
        .iter()
        .copied()
        .filter(|r| *r != "data:,")
        .inspect(|r| assert!(r.starts_with("/graphql/assets/"), "not served here: {r}"))
        .collect();
    assert_eq!(assets.iter().filter(|a| a.ends_with(".js")).count(), 4);
    assert_eq!(assets.iter().filter(|a| a.ends_with(".css")).count(), 2);
    for asset in assets {
        let resp = app.http.get(app.url(asset)).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 200, "{asset}");
        let content_type = resp.headers()[header::CONTENT_TYPE].to_str().unwrap();
        let expected = if asset.ends_with(".js") {
            "text/javascript"
        } else {
            "text/css"
        };
        assert!(
            content_type.starts_with(expected),
            "{asset}: {content_type}"
        );
        let cache = resp.headers()[header::CACHE_CONTROL].to_str().unwrap();
        assert!(
            cache.contains("immutable") && cache.contains("max-age=31536000"),
            "{cache}"
        );
        assert_eq!(resp.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(resp.bytes().await.unwrap().len() > 100, "{asset}");
        let gzipped = app
            .http
            .get(app.url(asset))
            .header(header::ACCEPT_ENCODING, "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(
            gzipped.headers()[header::CONTENT_ENCODING],
            "gzip",
            "{asset}"
        );
    }

    // Another build's (or no) version is not served: the URLs are immutable.
    for path in [
        "/graphql/assets/0000000000000000/graphiql.min.js",
        "/graphql/assets/graphiql.min.js",
    ] {
        let resp = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 404, "{path}");
    }
    let unknown = references(&html)[0].rsplit_once('/').unwrap().0.to_owned() + "/Cargo.toml";
    let resp = app.http.get(app.url(&unknown)).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_assets_are_not_served_where_graphiql_is_off() {
    let app = spawn_app(Backend::Sqlite).await.expect("spawn");
    let (_, html) = page(&app).await;
    let asset = references(&html)
        .into_iter()
        .find(|r| r.ends_with("graphiql.min.js"))
        .unwrap()
        .to_owned();
    let off = spawn_app_with(Backend::Sqlite, |s| s.graphiql = false)
        .await
        .expect("spawn");
    let resp = off.http.get(off.url(&asset)).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_tokens_are_offered_only_when_serve_demo_minted_them() {
    let app = spawn_app(Backend::Sqlite).await.expect("spawn");
    let (_, html) = page(&app).await;
    assert!(!html.contains("demo-tokens"));
    let resp = app
        .http
        .get(app.url("/graphql/demo-tokens"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);

    // What `serve --demo` does after printing them.
    app.state
        .demo_tokens
        .set(vec![DemoToken {
            label: "ADMIN (whole city)".into(),
            token: "a.b.c".into(),
        }])
        .unwrap();
    let (_, html) = page(&app).await;
    assert!(html.contains(r#"data-demo-tokens="/graphql/demo-tokens""#));
    let resp = app
        .http
        .get(app.url("/graphql/demo-tokens"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()[header::CACHE_CONTROL], "no-store");
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "tokens": [{ "label": "ADMIN (whole city)", "token": "a.b.c" }] })
    );
}
