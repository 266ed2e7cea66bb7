//! Partner webhooks over the API: signed deliveries of the registered events and
//! districts only, retries after a failing answer, and nothing lost while the receiver
//! is down.

use std::{
    net::SocketAddr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU16, Ordering},
    },
    time::Duration,
};

use axum::{body::Bytes, extract::State, http::HeaderMap, routing::post};
use entity::Role;
use serde_json::{Value, json};
use tokio::{net::TcpListener, task::JoinHandle};
use wenzheng::service::webhooks::signature::{SIGNATURE_HEADER, verify};

use crate::{
    both_backends_with,
    helpers::{TestApp, error_code},
};

/// The dispatcher every 50 ms, retries from 100 ms, at most 1 s apart.
fn dispatching(s: &mut wenzheng::config::Settings) {
    s.webhooks.webhook_poll_ms = 50;
}

const SECRET: &str = "partner-12345-hotline-secret";

/// What the partner's receiver saw.
#[derive(Clone, Default)]
struct Receiver {
    received: Arc<Mutex<Vec<(HeaderMap, Bytes)>>>,
    /// Status it answers with.
    answer: Arc<AtomicU16>,
}

impl Receiver {
    fn bodies(&self) -> Vec<Value> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .map(|(_, b)| serde_json::from_slice(b).unwrap())
            .collect()
    }
}

async fn receive(
    State(r): State<Receiver>,
    headers: HeaderMap,
    body: Bytes,
) -> axum::http::StatusCode {
    let status = r.answer.load(Ordering::SeqCst);
    r.received.lock().unwrap().push((headers, body));
    axum::http::StatusCode::from_u16(status).unwrap()
}

async fn serve(receiver: Receiver, addr: SocketAddr) -> JoinHandle<()> {
    let listener = TcpListener::bind(addr).await.expect("bind receiver");
    let router = axum::Router::new()
        .route("/hook", post(receive))
        .with_state(receiver);
    tokio::spawn(async move {
        axum::serve(listener, router).await.ok();
    })
}

async fn free_addr() -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap()
}

async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..200 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

async fn register(app: &TestApp, admin: &str, addr: SocketAddr) -> Value {
    let body = app
        .gql(
            Some(admin),
            r#"mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id url events active districts { code } } } }"#,
            json!({"input": {"url": format!("http://{addr}/hook"), "events": ["inquiry.received"],
                             "districtCodes": ["441202"], "secret": SECRET, "description": "12345热线"}}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["createWebhook"]["webhook"].clone()
}

fn received_references(r: &Receiver) -> Vec<String> {
    r.bodies()
        .iter()
        .map(|b| b["data"]["reference"].as_str().unwrap().to_owned())
        .collect()
}

both_backends_with!(
    deliveries_are_signed_and_limited_to_the_registered_events_and_districts,
    dispatching,
    |app: TestApp| async move {
        let receiver = Receiver::default();
        receiver.answer.store(200, Ordering::SeqCst);
        let addr = free_addr().await;
        let _server = serve(receiver.clone(), addr).await;
        let admin = app.token(Role::Admin, &["*"]).await;
        let hook = register(&app, &admin, addr).await;
        assert_eq!(hook["districts"], json!([{"code": "441202"}]));
        let mine = app.submit(None, "441202", "端州区星湖大道路灯不亮").await;
        app.submit(None, "441204", "高要区噪音扰民").await;
        let reference = mine["inquiry"]["reference"].as_str().unwrap().to_owned();
        eventually("the Duanzhou delivery", || !receiver.bodies().is_empty()).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(
            received_references(&receiver),
            vec![reference],
            "Gaoyao's is not delivered"
        );
        let (headers, raw) = receiver.received.lock().unwrap()[0].clone();
        let signature = headers[SIGNATURE_HEADER].to_str().unwrap();
        assert!(
            verify(SECRET, signature, &raw).is_some(),
            "signature verifies"
        );
        assert!(verify("another-secret-of-16", signature, &raw).is_none());
        let body: Value = serde_json::from_slice(&raw).unwrap();
        assert_eq!(body["event"], "inquiry.received");
        assert_eq!(headers["wenzheng-event"], "inquiry.received");
        assert!(
            body["data"].get("citizenPhone").is_none()
                && !String::from_utf8_lossy(&raw).contains("138")
        );
        // Only administrators manage webhooks.
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let refused = app
            .gql(Some(&supervisor), "{ webhooks { id } }", json!({}))
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN");
        let bad = app
            .gql(
                Some(&admin),
                r#"mutation { createWebhook(input: {url: "ftp://x", events: ["inquiry.*"], secret: "0123456789abcdef"}) { webhook { id } } }"#,
                json!({}),
            )
            .await;
        assert_eq!(error_code(&bad), "BAD_USER_INPUT");
        assert_eq!(bad["errors"][0]["extensions"]["field"], "url");
    }
);

both_backends_with!(
    a_failing_receiver_is_retried_until_it_acknowledges,
    dispatching,
    |app: TestApp| async move {
        let receiver = Receiver::default();
        receiver.answer.store(500, Ordering::SeqCst);
        let addr = free_addr().await;
        let _server = serve(receiver.clone(), addr).await;
        let admin = app.token(Role::Admin, &["*"]).await;
        let hook = register(&app, &admin, addr).await;
        app.submit(None, "441202", "端州区某小区门口违章停车").await;
        eventually("two failed attempts", || receiver.bodies().len() >= 2).await;
        receiver.answer.store(200, Ordering::SeqCst);
        let log = r#"query($id: ID!) { webhookDeliveries(webhookId: $id, first: 10) { edges { node { status attempts lastStatusCode deliveredAt event } } } }"#;
        let mut last = Value::Null;
        for _ in 0..100 {
            last = app.gql(Some(&admin), log, json!({"id": hook["id"]})).await;
            if last["data"]["webhookDeliveries"]["edges"][0]["node"]["status"] == "DELIVERED" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let node = &last["data"]["webhookDeliveries"]["edges"][0]["node"];
        assert_eq!(node["status"], "DELIVERED", "{last}");
        assert_eq!(node["lastStatusCode"], 200);
        assert!(node["attempts"].as_i64().unwrap() >= 3, "{node}");
        // Every attempt carried the same delivery id, so the receiver can de-duplicate.
        let ids: Vec<String> = receiver
            .received
            .lock()
            .unwrap()
            .iter()
            .map(|(h, _)| h["wenzheng-delivery"].to_str().unwrap().to_owned())
            .collect();
        assert!(ids.windows(2).all(|w| w[0] == w[1]), "{ids:?}");
    }
);

both_backends_with!(
    a_receiver_that_was_down_gets_everything_when_it_returns,
    dispatching,
    |app: TestApp| async move {
        let receiver = Receiver::default();
        receiver.answer.store(200, Ordering::SeqCst);
        let addr = free_addr().await;
        let admin = app.token(Role::Admin, &["*"]).await;
        register(&app, &admin, addr).await;
        // Nobody listens at the address while three inquiries arrive.
        let mut sent = Vec::new();
        for subject in ["咨询身份证办理进度", "投诉窗口态度", "建议增加夜间值班"]
        {
            let p = app.submit(None, "441202", subject).await;
            sent.push(p["inquiry"]["reference"].as_str().unwrap().to_owned());
        }
        tokio::time::sleep(Duration::from_millis(600)).await;
        let _server = serve(receiver.clone(), addr).await;
        eventually("all three after the outage", || {
            let mut got = received_references(&receiver);
            got.sort();
            got.dedup();
            got.len() == 3
        })
        .await;
        let mut got = received_references(&receiver);
        got.sort();
        got.dedup();
        sent.sort();
        assert_eq!(got, sent);
    }
);
