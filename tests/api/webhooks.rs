//! Webhooks over the API: signed deliveries of the registered events and districts only,
//! retries after a failing answer, nothing lost while the receiver is down or the hook is
//! disabled, one inquiry's events in commit order; a partner hook receives exactly what
//! its partner's token reads, an internal hook the bureau's internal events too.

use std::{
    collections::HashSet,
    net::SocketAddr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU16, Ordering},
    },
    time::Duration,
};

use axum::{body::Bytes, extract::State, http::HeaderMap, routing::post};
use entity::{DeliveryStatus, Role};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tokio::{net::TcpListener, task::JoinHandle};
use wenzheng::service::webhooks::signature::{SIGNATURE_HEADER, verify};

use crate::{
    both_backends_with,
    helpers::{TestApp, error_code, gid, uuid_of},
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
    /// Events whose first attempt it answers with 500.
    fail_first: Arc<Mutex<HashSet<String>>>,
    /// (event header, status answered) of every request, in arrival order.
    answered: Arc<Mutex<Vec<(String, u16)>>>,
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
    let mut status = r.answer.load(Ordering::SeqCst);
    let event = headers
        .get("wenzheng-event")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if r.fail_first.lock().unwrap().remove(&event) {
        status = 500;
    }
    r.answered.lock().unwrap().push((event, status));
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
                && !String::from_utf8_lossy(&raw).contains("13812345678")
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

// ---- Partner hooks, order and disabled hooks ----

/// A receiver answering 200 at a fresh address.
async fn listening() -> (Receiver, String, JoinHandle<()>) {
    let receiver = Receiver::default();
    receiver.answer.store(200, Ordering::SeqCst);
    let addr = free_addr().await;
    let server = serve(receiver.clone(), addr).await;
    (receiver, format!("http://{addr}/hook"), server)
}

async fn create_hook(app: &TestApp, admin: &str, input: Value) -> Value {
    let body = app
        .gql(
            Some(admin),
            r#"mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id partner events active } } }"#,
            json!({ "input": input }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["createWebhook"]["webhook"].clone()
}

async fn switch(app: &TestApp, admin: &str, hook: &Value, on: bool) {
    let mutation = if on {
        "enableWebhook"
    } else {
        "disableWebhook"
    };
    let body = app
        .gql(
            Some(admin),
            &format!(
                "mutation($id: ID!) {{ {mutation}(input: {{id: $id}}) {{ webhook {{ active }} }} }}"
            ),
            json!({ "id": hook["id"] }),
        )
        .await;
    assert_eq!(body["data"][mutation]["webhook"]["active"], on, "{body}");
}

async fn partner_token(app: &TestApp, partner: &str, districts: &[&str]) -> String {
    app.token_with(wenzheng::auth::issue::TokenRequest {
        role: Role::Partner,
        districts: districts.iter().map(|d| d.to_string()).collect(),
        department: None,
        sub: Some(format!("{partner}-gateway")),
        partner: Some(partner.to_owned()),
        ttl_seconds: 600,
    })
    .await
}

/// Submits an inquiry of `kind` in `district` (a partner's with its `externalRef`):
/// (global id, reference).
async fn submit_as(
    app: &TestApp,
    token: Option<&str>,
    kind: &str,
    district: &str,
    subject: &str,
    external_ref: Option<&str>,
) -> (String, String) {
    let channel = if external_ref.is_some() {
        "PARTNER"
    } else {
        "MOBILE_APP"
    };
    let body = app
        .gql(
            token,
            crate::helpers::SUBMIT,
            json!({ "input": {
                "kind": kind, "channel": channel, "subject": subject,
                "body": format!("{subject}，请尽快处理。"), "districtCode": district,
                "citizenName": "陈小明", "citizenPhone": "13812345678",
                "externalRef": external_ref,
            }}),
        )
        .await;
    assert!(body.get("errors").is_none(), "submit failed: {body}");
    let inquiry = &body["data"]["submitInquiry"]["inquiry"];
    (
        inquiry["id"].as_str().unwrap().to_owned(),
        inquiry["reference"].as_str().unwrap().to_owned(),
    )
}

/// Runs a lifecycle mutation on inquiry `id`; returns the inquiry's new version.
async fn act(app: &TestApp, token: &str, mutation: &str, input_type: &str, input: Value) -> i64 {
    let body = app
        .gql(
            Some(token),
            &format!("mutation($input: {input_type}!) {{ {mutation}(input: $input) {{ inquiry {{ version }} }} }}"),
            json!({ "input": input }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{mutation}: {body}");
    body["data"][mutation]["inquiry"]["version"]
        .as_i64()
        .unwrap()
}

/// Takes an inquiry of Duanzhou's bureau from assignment to a public reply and a result;
/// with `internals`, an expert consultation, work started and an INTERNAL reply on the way.
async fn handle(app: &TestApp, id: &str, internals: bool) {
    let supervisor = app.token(Role::Supervisor, &["441202"]).await;
    let officer = app.token(Role::Officer, &["441202"]).await;
    let bureau = app.bureau_of("441202").await;
    let mut v = act(app, &supervisor, "assignInquiry", "AssignInquiryInput", json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) })).await;
    if internals {
        let expert = entity::officer::Entity::find()
            .filter(entity::officer::Column::Expert.eq(true))
            .filter(entity::officer::Column::Active.eq(true))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let due = (chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339();
        v = act(app, &supervisor, "consultExpert", "ConsultExpertInput", json!({ "inquiryId": id, "expectedVersion": v, "expertId": gid("Officer", expert.id), "question": "户口迁移是否需要原籍证明？", "dueAt": due })).await;
    }
    v = act(
        app,
        &officer,
        "startWork",
        "InquiryVersionInput",
        json!({ "inquiryId": id, "expectedVersion": v }),
    )
    .await;
    if internals {
        v = act(app, &officer, "replyToInquiry", "ReplyToInquiryInput", json!({ "inquiryId": id, "expectedVersion": v, "visibility": "INTERNAL", "body": "内部备注：已联系户政科核实。" })).await;
    }
    v = act(app, &officer, "replyToInquiry", "ReplyToInquiryInput", json!({ "inquiryId": id, "expectedVersion": v, "visibility": "PUBLIC", "body": "您好，户口迁移请携带身份证和户口簿到户政窗口办理。" })).await;
    act(
        app,
        &officer,
        "resolveInquiry",
        "ResolveInquiryInput",
        json!({ "inquiryId": id, "expectedVersion": v, "resolution": "已告知办理流程" }),
    )
    .await;
}

/// Waits until `hook` has been fanned out up to the outbox's head and has nothing pending.
async fn settled(app: &TestApp, hook: &Value) {
    use entity::{webhook, webhook_delivery};
    use sea_orm::PaginatorTrait;
    let id = uuid_of(hook["id"].as_str().unwrap());
    let db = &app.state.db;
    for _ in 0..300 {
        let head = wenzheng::service::webhooks::fanout::head(db).await.unwrap();
        let cursor = webhook::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .cursor;
        let pending = webhook_delivery::Entity::find()
            .filter(webhook_delivery::Column::WebhookId.eq(id))
            .filter(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending))
            .count(db)
            .await
            .unwrap();
        if cursor >= head && pending == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for the hook to settle");
}

/// (event, reference) of every delivered body's data, in arrival order.
fn events_of(r: &Receiver) -> Vec<(String, String)> {
    r.bodies()
        .iter()
        .map(|b| {
            (
                b["data"]["event"].as_str().unwrap_or_default().to_owned(),
                b["data"]["reference"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect()
}

fn names_for(events: &[(String, String)], reference: &str) -> Vec<String> {
    events
        .iter()
        .filter(|(_, r)| r == reference)
        .map(|(e, _)| e.clone())
        .collect()
}

const DELIVERY_LOG: &str = r#"query($id: ID!) { webhookDeliveries(webhookId: $id, first: 20) { edges { node { event status lastError } } } }"#;

async fn log_statuses(app: &TestApp, admin: &str, hook: &Value) -> Vec<String> {
    let body = app
        .gql(Some(admin), DELIVERY_LOG, json!({ "id": hook["id"] }))
        .await;
    body["data"]["webhookDeliveries"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["status"].as_str().unwrap().to_owned())
        .collect()
}

both_backends_with!(
    a_partner_hook_receives_exactly_what_its_partners_token_reads,
    dispatching,
    |app: TestApp| async move {
        let (partner_rx, partner_url, _a) = listening().await;
        let (internal_rx, internal_url, _b) = listening().await;
        let admin = app.token(Role::Admin, &["*"]).await;
        let hook = create_hook(&app, &admin, json!({ "partner": "12345-hotline", "url": partner_url, "events": ["*"], "districtCodes": ["441202"], "secret": SECRET })).await;
        assert_eq!(hook["partner"], "12345-hotline");
        let internal = create_hook(&app, &admin, json!({ "url": internal_url, "events": ["*"], "secret": SECRET, "description": "局内数据平台" })).await;
        assert_eq!(
            internal["partner"],
            Value::Null,
            "no partner: an internal hook"
        );

        let hotline = partner_token(&app, "12345-hotline", &["441202"]).await;
        let hotline_citywide = partner_token(&app, "12345-hotline", &["441200"]).await;
        let agency = partner_token(&app, "110-agency", &["441202"]).await;
        let (own, own_ref) = submit_as(
            &app,
            Some(&hotline),
            "CONSULTATION",
            "441202",
            "热线转来：户口迁移需要什么材料",
            Some("HL-001"),
        )
        .await;
        let (_, own_report_ref) = submit_as(
            &app,
            Some(&hotline),
            "REPORT",
            "441202",
            "热线转来：举报某网吧接纳未成年人",
            Some("HL-002"),
        )
        .await;
        let (_, gaoyao_ref) = submit_as(
            &app,
            Some(&hotline_citywide),
            "CONSULTATION",
            "441204",
            "热线转来：高要区噪音扰民",
            Some("HL-003"),
        )
        .await;
        let (agencys, agency_ref) = submit_as(
            &app,
            Some(&agency),
            "COMPLAINT",
            "441202",
            "110转来：投诉夜间施工噪音",
            Some("110-9"),
        )
        .await;
        let (citizens, citizen_ref) = submit_as(
            &app,
            None,
            "CONSULTATION",
            "441202",
            "市民咨询：居住证办理",
            None,
        )
        .await;
        let (_, tip_ref) = submit_as(
            &app,
            None,
            "REPORT",
            "441202",
            "市民举报：某路段有人聚众赌博",
            None,
        )
        .await;
        handle(&app, &own, true).await;
        handle(&app, &agencys, false).await;
        handle(&app, &citizens, false).await;
        // Administration of webhooks is announced too.
        let (_, spare_url, _c) = listening().await;
        let spare = create_hook(
            &app,
            &admin,
            json!({ "url": spare_url, "events": ["announcement.*"], "secret": SECRET }),
        )
        .await;
        switch(&app, &admin, &spare, false).await;
        settled(&app, &hook).await;
        settled(&app, &internal).await;

        // The partner gets its own inquiries in its districts, public events only, in order.
        let got = events_of(&partner_rx);
        let references: HashSet<&str> = got.iter().map(|(_, r)| r.as_str()).collect();
        assert_eq!(
            references,
            HashSet::from([own_ref.as_str(), own_report_ref.as_str()]),
            "{got:?}"
        );
        assert_eq!(
            names_for(&got, &own_ref),
            [
                "inquiry.received",
                "inquiry.assigned",
                "inquiry.replied",
                "inquiry.resolved"
            ]
        );
        assert_eq!(names_for(&got, &own_report_ref), ["inquiry.received"]);
        for other in [&gaoyao_ref, &agency_ref, &citizen_ref, &tip_ref] {
            assert!(
                names_for(&got, other).is_empty(),
                "{other} is not the partner's to read"
            );
        }
        // Its payload: the event, the inquiry's kind and ids it can use, nothing internal.
        let bodies = partner_rx.bodies();
        let report = bodies
            .iter()
            .find(|b| b["data"]["reference"] == own_report_ref.as_str())
            .unwrap();
        assert_eq!(report["data"]["inquiryKind"], "REPORT");
        assert_eq!(report["data"]["externalRef"], "HL-002");
        let replied = bodies
            .iter()
            .find(|b| b["event"] == "inquiry.replied")
            .unwrap();
        let mut keys: Vec<&str> = replied["data"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "at",
                "event",
                "externalRef",
                "inquiry",
                "inquiryKind",
                "reference",
                "status"
            ]
        );
        assert_eq!(replied["data"]["inquiryKind"], "CONSULTATION");
        assert_eq!(replied["data"]["status"], "ANSWERED");
        assert_eq!(
            replied["data"]["inquiry"],
            own.as_str(),
            "the inquiry's global id, as GraphQL gives it"
        );
        let raw: String = partner_rx
            .received
            .lock()
            .unwrap()
            .iter()
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .collect();
        for secret in [
            "13812345678",
            "138****5678",
            "陈",
            "内部备注",
            "departmentId",
            "INTERNAL",
        ] {
            assert!(!raw.contains(secret), "{secret} reached the partner");
        }

        // The internal hook gets the bureau's internal events, with the inquiry kind.
        let internal_events: Vec<String> = events_of(&internal_rx)
            .into_iter()
            .map(|(e, _)| e)
            .collect();
        for e in [
            "inquiry.work_started",
            "inquiry.expert_consulted",
            "webhook.created",
            "webhook.disabled",
        ] {
            assert!(
                internal_events.iter().any(|x| x == e),
                "{e} in {internal_events:?}"
            );
        }
        let bodies = internal_rx.bodies();
        let internal_reply = bodies
            .iter()
            .find(|b| b["event"] == "inquiry.replied" && b["data"]["reference"] == own_ref.as_str())
            .unwrap();
        assert_eq!(internal_reply["data"]["inquiryKind"], "CONSULTATION");
        assert!(
            bodies
                .iter()
                .any(|b| b["data"]["reference"] == tip_ref.as_str())
        );

        // Managing webhooks stays with administrators: other valid tokens are refused.
        for token in [
            &hotline,
            &app.token(Role::Citizen, &[]).await,
            &app.token(Role::Supervisor, &["441202"]).await,
        ] {
            let refused = app
                .gql(Some(token), "{ webhooks { id partner } }", json!({}))
                .await;
            assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
        }
        let anonymous = app.gql(None, "{ webhooks { id } }", json!({})).await;
        assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");
        let bad = app
            .gql(
                Some(&admin),
                r#"mutation { createWebhook(input: {partner: "12345-hotline", url: "https://hotline.example/hook", events: ["webhook.*"], districtCodes: ["441202"], secret: "0123456789abcdef"}) { webhook { id } } }"#,
                json!({}),
            )
            .await;
        assert_eq!(error_code(&bad), "BAD_USER_INPUT");
        assert_eq!(bad["errors"][0]["extensions"]["field"], "events");
    }
);

both_backends_with!(
    a_disabled_hook_is_sent_what_was_committed_meanwhile_in_order_once_enabled,
    dispatching,
    |app: TestApp| async move {
        let (rx, url, _s) = listening().await;
        let admin = app.token(Role::Admin, &["*"]).await;
        let hook = create_hook(&app, &admin, json!({ "partner": "12345-hotline", "url": url, "events": ["inquiry.*"], "districtCodes": ["441202"], "secret": SECRET })).await;
        switch(&app, &admin, &hook, false).await;
        let hotline = partner_token(&app, "12345-hotline", &["441202"]).await;
        let (id, reference) = submit_as(
            &app,
            Some(&hotline),
            "COMPLAINT",
            "441202",
            "热线转来：投诉派出所窗口排队太久",
            Some("HL-100"),
        )
        .await;
        handle(&app, &id, false).await;
        // The deliveries are in the log, waiting.
        let mut statuses = Vec::new();
        for _ in 0..200 {
            statuses = log_statuses(&app, &admin, &hook).await;
            if statuses.len() == 4 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(statuses, ["PENDING"; 4]);
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(rx.bodies().is_empty(), "nothing is sent while disabled");

        switch(&app, &admin, &hook, true).await;
        eventually("the four waiting events", || rx.bodies().len() >= 4).await;
        settled(&app, &hook).await;
        let got = events_of(&rx);
        assert_eq!(
            names_for(&got, &reference),
            [
                "inquiry.received",
                "inquiry.assigned",
                "inquiry.replied",
                "inquiry.resolved"
            ]
        );
        assert_eq!(got.len(), 4, "each once");
        assert_eq!(log_statuses(&app, &admin, &hook).await, ["DELIVERED"; 4]);
    }
);

both_backends_with!(
    a_disabled_hooks_events_older_than_the_give_up_window_are_failed_not_sent,
    dispatching,
    |app: TestApp| async move {
        use entity::webhook_delivery;
        use sea_orm::sea_query::Expr;
        let (rx, url, _s) = listening().await;
        let admin = app.token(Role::Admin, &["*"]).await;
        let hook = create_hook(&app, &admin, json!({ "partner": "12345-hotline", "url": url, "events": ["inquiry.*"], "districtCodes": ["441202"], "secret": SECRET })).await;
        switch(&app, &admin, &hook, false).await;
        let hotline = partner_token(&app, "12345-hotline", &["441202"]).await;
        submit_as(
            &app,
            Some(&hotline),
            "CONSULTATION",
            "441202",
            "热线转来：咨询驾驶证换证",
            Some("HL-200"),
        )
        .await;
        let mut statuses = Vec::new();
        for _ in 0..200 {
            statuses = log_statuses(&app, &admin, &hook).await;
            if !statuses.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(statuses, ["PENDING"]);
        // The hook stays disabled past the give-up window (one hour in tests).
        webhook_delivery::Entity::update_many()
            .col_expr(
                webhook_delivery::Column::CreatedAt,
                Expr::value(chrono::Utc::now() - chrono::Duration::hours(2)),
            )
            .filter(webhook_delivery::Column::WebhookId.eq(uuid_of(hook["id"].as_str().unwrap())))
            .exec(&app.state.db)
            .await
            .unwrap();
        switch(&app, &admin, &hook, true).await;
        let mut log = Value::Null;
        for _ in 0..100 {
            log = app
                .gql(Some(&admin), DELIVERY_LOG, json!({ "id": hook["id"] }))
                .await;
            if log["data"]["webhookDeliveries"]["edges"][0]["node"]["status"] == "FAILED" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let node = &log["data"]["webhookDeliveries"]["edges"][0]["node"];
        assert_eq!(node["status"], "FAILED", "{log}");
        assert!(
            node["lastError"].as_str().unwrap().contains("given up"),
            "{node}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(rx.bodies().is_empty(), "a given-up event is not sent");
    }
);

/// Retries half a second apart, so a later event would overtake a failed one if allowed.
fn slow_retries(s: &mut wenzheng::config::Settings) {
    s.webhooks.webhook_poll_ms = 50;
    s.webhooks.webhook_retry_base_ms = 500;
}

both_backends_with!(
    replied_reaches_the_receiver_before_resolved_even_when_its_first_attempt_fails,
    slow_retries,
    |app: TestApp| async move {
        let (rx, url, _s) = listening().await;
        rx.fail_first
            .lock()
            .unwrap()
            .insert("inquiry.replied".to_owned());
        let admin = app.token(Role::Admin, &["*"]).await;
        create_hook(&app, &admin, json!({ "partner": "12345-hotline", "url": url, "events": ["inquiry.replied", "inquiry.resolved"], "districtCodes": ["441202"], "secret": SECRET })).await;
        let hotline = partner_token(&app, "12345-hotline", &["441202"]).await;
        let (id, _) = submit_as(
            &app,
            Some(&hotline),
            "CONSULTATION",
            "441202",
            "热线转来：咨询护照加急办理",
            Some("HL-300"),
        )
        .await;
        handle(&app, &id, false).await;
        eventually("resolved acknowledged", || {
            rx.answered
                .lock()
                .unwrap()
                .iter()
                .any(|(e, s)| e == "inquiry.resolved" && *s == 200)
        })
        .await;
        let answered = rx.answered.lock().unwrap().clone();
        let expected: Vec<(String, u16)> = vec![
            ("inquiry.replied".into(), 500),
            ("inquiry.replied".into(), 200),
            ("inquiry.resolved".into(), 200),
        ];
        assert_eq!(answered, expected, "resolved waited for replied's retry");
    }
);
