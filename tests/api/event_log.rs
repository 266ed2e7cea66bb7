//! The event log behind subscriptions: every committed event has a cursor; subscribers
//! receive every event in their scope once, in commit order, also in a burst across
//! server processes; a client that reconnects with `after` receives exactly what it
//! missed; a cursor older than retention is CURSOR_EXPIRED.

use std::time::Duration;

use entity::{ActorKind, EventKind, Role, inquiry};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use wenzheng::service::timeline::{self, NewEvent};

use crate::{
    both_backends,
    helpers::{TestApp, spawn_app_on, uuid_of},
    subscriptions::{SETTLE, Socket, connect, next, refusal_code, subscribe},
};

const FEED: &str = "subscription($code: String!, $after: String) { \
    inquiryEvents(districtCode: $code, after: $after) { cursor event reference \
    timelineEvent { id kind } } }";

const TRACKED_FEED: &str = "subscription($reference: String!, $code: String!, $after: String) { \
    trackedInquiry(reference: $reference, trackingCode: $code, after: $after) { cursor status \
    replies { body visibility } events { kind } } }";

/// The `next` payloads of subscription `id` until `count` arrived or `wait` passed.
async fn collect(socket: &mut Socket, count: usize, wait: Duration) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + wait;
    let mut got = Vec::new();
    while got.len() < count {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let Some(message) = next(socket, left).await else {
            break;
        };
        assert_eq!(message["type"], "next", "{message}");
        assert!(message["payload"].get("errors").is_none(), "{message}");
        got.push(message["payload"]["data"].clone());
    }
    got
}

/// Commits `count` escalation entries spread over `inquiries` through `app`, one
/// transaction each, `pace` apart.
async fn commit_events(app: &TestApp, inquiries: &[inquiry::Model], count: usize, pace: Duration) {
    for i in 0..count {
        let inquiry = &inquiries[i % inquiries.len()];
        let txn = wenzheng::db::begin_write(&app.state.db).await.unwrap();
        let entry = NewEvent {
            kind: EventKind::Escalated,
            actor_kind: ActorKind::System,
            actor_officer_id: None,
            actor_subject: Some("system:burst".into()),
            public: false,
            note: Some(format!("#{i}")),
            data: None,
        };
        timeline::record(&txn, inquiry, entry, wenzheng::service::now())
            .await
            .unwrap();
        txn.commit().await.unwrap();
        app.state.realtime.wake();
        tokio::time::sleep(pace).await;
    }
}

/// Inquiries submitted in Duanzhou, as stored.
async fn duanzhou_inquiries(app: &TestApp, count: usize) -> Vec<inquiry::Model> {
    let mut rows = Vec::new();
    for i in 0..count {
        let submitted = app
            .submit(None, "441202", &format!("突发事件咨询{i}"))
            .await;
        let id = uuid_of(submitted["inquiry"]["id"].as_str().unwrap());
        rows.push(
            inquiry::Entity::find_by_id(id)
                .one(&app.state.db)
                .await
                .unwrap()
                .unwrap(),
        );
    }
    rows
}

/// The ids of the timeline entries announced after outbox position `after`, in log order.
async fn announced_after(app: &TestApp, after: i64) -> Vec<uuid::Uuid> {
    entity::outbox::Entity::find()
        .filter(entity::outbox::Column::Position.gt(after))
        .filter(entity::outbox::Column::Event.starts_with("inquiry."))
        .order_by_asc(entity::outbox::Column::Position)
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| uuid::Uuid::parse_str(r.payload["eventId"].as_str().unwrap()).unwrap())
        .collect()
}

async fn head(app: &TestApp) -> i64 {
    wenzheng::realtime::cursor::bounds(&app.state.db)
        .await
        .unwrap()
        .last_position
}

fn entry_ids(notices: &[Value]) -> Vec<uuid::Uuid> {
    notices
        .iter()
        .map(|n| uuid_of(n["inquiryEvents"]["timelineEvent"]["id"].as_str().unwrap()))
        .collect()
}

both_backends!(
    fifty_subscribers_on_two_processes_receive_every_event_of_a_burst_once_in_commit_order,
    |app: TestApp| async move {
        const SUBSCRIBERS: usize = 50;
        const EVENTS: usize = 2000;
        let other = spawn_app_on(&app).await;
        let inquiries = duanzhou_inquiries(&app, 8).await;
        let token = app.token(Role::Supervisor, &["441202"]).await;
        let start = head(&app).await;
        let mut sockets = Vec::new();
        for i in 0..SUBSCRIBERS {
            let server = if i % 2 == 0 { &app } else { &other };
            let mut socket = connect(server, Some(&token)).await;
            subscribe(&mut socket, "burst", FEED, json!({ "code": "441202" })).await;
            sockets.push(socket);
        }
        tokio::time::sleep(SETTLE * 2).await;
        let listeners: Vec<_> = sockets
            .into_iter()
            .map(|mut socket| {
                tokio::spawn(
                    async move { collect(&mut socket, EVENTS, Duration::from_secs(120)).await },
                )
            })
            .collect();
        // Four writers, two through each process, as fast as the database commits them
        // (about ten seconds for 2,000 in a debug build here).
        let pace = Duration::from_millis(2);
        let quarter = EVENTS / 4;
        futures::future::join_all([
            commit_events(&app, &inquiries[..4], quarter, pace),
            commit_events(&app, &inquiries[4..], quarter, pace),
            commit_events(&other, &inquiries[..4], quarter, pace),
            commit_events(&other, &inquiries[4..], quarter, pace),
        ])
        .await;
        let expected = announced_after(&app, start).await;
        assert_eq!(expected.len(), EVENTS);
        for (i, listener) in listeners.into_iter().enumerate() {
            let notices = listener.await.unwrap();
            assert_eq!(
                notices.len(),
                EVENTS,
                "subscriber {i} received {} of {EVENTS}",
                notices.len()
            );
            let got = entry_ids(&notices);
            let first_difference = got.iter().zip(&expected).position(|(a, b)| a != b);
            assert_eq!(
                first_difference, None,
                "subscriber {i}: commit order, once each"
            );
        }
    }
);

both_backends!(
    a_client_that_reconnects_to_another_process_with_after_receives_exactly_what_it_missed,
    |app: TestApp| async move {
        let mut app = app;
        let other = spawn_app_on(&app).await;
        let token = app.token(Role::Supervisor, &["441202"]).await;
        let mut socket = connect(&app, Some(&token)).await;
        subscribe(&mut socket, "live", FEED, json!({ "code": "441202" })).await;
        tokio::time::sleep(SETTLE).await;
        for subject in ["断线前一", "断线前二"] {
            app.submit(None, "441202", subject).await;
        }
        let seen = collect(&mut socket, 2, Duration::from_secs(8)).await;
        assert_eq!(seen.len(), 2);
        let cursor = seen[1]["inquiryEvents"]["cursor"]
            .as_str()
            .unwrap()
            .to_owned();

        // The process goes away (1001); meanwhile changes are committed through the other.
        app.shut_down().await.unwrap().unwrap();
        let mut missed = Vec::new();
        for subject in ["断线期间一", "断线期间二", "断线期间三"] {
            let s = other.submit(None, "441202", subject).await;
            missed.push(s["inquiry"]["reference"].as_str().unwrap().to_owned());
        }

        let mut socket = connect(&other, Some(&token)).await;
        subscribe(
            &mut socket,
            "resumed",
            FEED,
            json!({ "code": "441202", "after": cursor }),
        )
        .await;
        let replayed = collect(&mut socket, 3, Duration::from_secs(8)).await;
        let references: Vec<&str> = replayed
            .iter()
            .map(|n| n["inquiryEvents"]["reference"].as_str().unwrap())
            .collect();
        assert_eq!(references, missed);
        // Then live changes follow, and nothing is sent twice.
        let live = other.submit(None, "441202", "重连之后").await;
        let after = collect(&mut socket, 1, Duration::from_secs(8)).await;
        assert_eq!(
            after[0]["inquiryEvents"]["reference"],
            live["inquiry"]["reference"]
        );
        assert_eq!(next(&mut socket, Duration::from_millis(800)).await, None);
    }
);

both_backends!(
    a_cursor_older_than_the_retention_window_is_cursor_expired,
    |app: TestApp| async move {
        use sea_orm::sea_query::Expr;
        let token = app.token(Role::Supervisor, &["441202"]).await;
        let mut socket = connect(&app, Some(&token)).await;
        subscribe(&mut socket, "1", FEED, json!({ "code": "441202" })).await;
        tokio::time::sleep(SETTLE).await;
        app.submit(None, "441202", "很久以前的咨询").await;
        app.submit(None, "441202", "稍后的咨询").await;
        let seen = collect(&mut socket, 2, Duration::from_secs(8)).await;
        let first = seen[0]["inquiryEvents"]["cursor"]
            .as_str()
            .unwrap()
            .to_owned();
        let second = seen[1]["inquiryEvents"]["cursor"]
            .as_str()
            .unwrap()
            .to_owned();

        // Everything so far is older than retention and is pruned.
        let long_ago = wenzheng::service::now() - chrono::Duration::days(30);
        entity::outbox::Entity::update_many()
            .col_expr(entity::outbox::Column::CreatedAt, Expr::value(long_ago))
            .exec(&app.state.db)
            .await
            .unwrap();
        let pruned = wenzheng::realtime::retention::prune(
            &app.state.db,
            Duration::from_secs(wenzheng::realtime::retention::DEFAULT_RETENTION_SECS),
        )
        .await
        .unwrap();
        assert!(pruned >= 2);

        let mut socket = connect(&app, Some(&token)).await;
        subscribe(
            &mut socket,
            "old",
            FEED,
            json!({ "code": "441202", "after": first }),
        )
        .await;
        let refused = refusal(&mut socket, "old").await;
        assert_eq!(refusal_code(&refused), "CURSOR_EXPIRED", "{refused}");

        subscribe(
            &mut socket,
            "bad",
            FEED,
            json!({ "code": "441202", "after": "42" }),
        )
        .await;
        let refused = refusal(&mut socket, "bad").await;
        assert_eq!(refusal_code(&refused), "BAD_USER_INPUT", "{refused}");

        // The newest pruned cursor lost nothing after it: it resumes.
        let mut socket = connect(&app, Some(&token)).await;
        subscribe(
            &mut socket,
            "edge",
            FEED,
            json!({ "code": "441202", "after": second }),
        )
        .await;
        tokio::time::sleep(SETTLE).await;
        let fresh = app.submit(None, "441202", "之后的咨询").await;
        let got = collect(&mut socket, 1, Duration::from_secs(8)).await;
        assert_eq!(
            got[0]["inquiryEvents"]["reference"],
            fresh["inquiry"]["reference"]
        );
    }
);

/// The first message of subscription `id` that carries errors (skipping `complete`s).
async fn refusal(socket: &mut Socket, id: &str) -> Value {
    loop {
        let message = next(socket, Duration::from_secs(5))
            .await
            .expect("a refusal");
        if message["id"] == id && message["type"] != "complete" {
            return message;
        }
    }
}

/// Runs a mutation whose input is `input` as `token`; panics on errors.
async fn mutate(app: &TestApp, token: &str, name: &str, ty: &str, input: Value) -> Value {
    let q =
        format!("mutation($input: {ty}!) {{ {name}(input: $input) {{ inquiry {{ version }} }} }}");
    let body = app.gql(Some(token), &q, json!({ "input": input })).await;
    assert!(body.get("errors").is_none(), "{name}: {body}");
    body["data"][name].clone()
}

both_backends!(
    the_citizen_is_pushed_a_private_reply_but_not_internal_work_and_resumes_with_after,
    |app: TestApp| async move {
        let submitted = app.submit(None, "441202", "护照加急办理").await;
        let id = submitted["inquiry"]["id"].as_str().unwrap().to_owned();
        let reference = submitted["inquiry"]["reference"]
            .as_str()
            .unwrap()
            .to_owned();
        let code = submitted["trackingCode"].as_str().unwrap().to_owned();
        let bureau = app.bureau_of("441202").await;
        app.assign_in_db(uuid_of(&id), bureau.id, None).await;
        let officer = app.token(Role::Officer, &["441202"]).await;
        let vars = json!({ "reference": reference, "code": code });
        let mut socket = connect(&app, None).await;
        subscribe(&mut socket, "mine", TRACKED_FEED, vars.clone()).await;
        tokio::time::sleep(SETTLE).await;

        let version = |v: &Value, name: &str| {
            v["inquiry"]["version"]
                .as_i64()
                .unwrap_or_else(|| panic!("{name}"))
        };
        let current = entity::inquiry::Entity::find_by_id(uuid_of(&id))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap()
            .version;
        let started = mutate(
            &app,
            &officer,
            "startWork",
            "InquiryVersionInput",
            json!({ "inquiryId": id, "expectedVersion": current }),
        )
        .await;
        let internal = mutate(&app, &officer, "replyToInquiry", "ReplyToInquiryInput",
            json!({ "inquiryId": id, "expectedVersion": version(&started, "start"), "visibility": "INTERNAL", "body": "内部：已核实申请人材料" })).await;
        assert_eq!(
            next(&mut socket, Duration::from_millis(1500)).await,
            None,
            "internal work is not pushed"
        );

        let private = mutate(&app, &officer, "replyToInquiry", "ReplyToInquiryInput",
            json!({ "inquiryId": id, "expectedVersion": version(&internal, "internal"), "visibility": "PRIVATE", "body": "您好，加急需提供出行证明，请留意短信通知。" })).await;
        let pushed = collect(&mut socket, 1, Duration::from_secs(8)).await;
        let view = &pushed[0]["trackedInquiry"];
        assert_eq!(
            view["replies"],
            json!([{ "body": "您好，加急需提供出行证明，请留意短信通知。", "visibility": "PRIVATE" }])
        );
        let cursor = view["cursor"].as_str().expect("a cursor").to_owned();
        // What tracking shows over HTTP is what was pushed.
        let tracked = app
            .gql(None, "query($r: String!, $c: String!) { trackInquiry(reference: $r, trackingCode: $c) { cursor status replies { body visibility } events { kind } } }",
                json!({ "r": reference, "c": code }))
            .await;
        let mut expected = view.clone();
        expected["cursor"] = Value::Null;
        assert_eq!(tracked["data"]["trackInquiry"], expected);

        // Offline while a public reply is sent; back with `after`, it arrives.
        drop(socket);
        mutate(&app, &officer, "replyToInquiry", "ReplyToInquiryInput",
            json!({ "inquiryId": id, "expectedVersion": version(&private, "private"), "visibility": "PUBLIC", "body": "加急办理一般需5个工作日。" })).await;
        let mut socket = connect(&app, None).await;
        let mut resume = vars.clone();
        resume["after"] = json!(cursor);
        subscribe(&mut socket, "back", TRACKED_FEED, resume).await;
        let replayed = collect(&mut socket, 1, Duration::from_secs(8)).await;
        let replies = replayed[0]["trackedInquiry"]["replies"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(replies.len(), 2, "{replies:?}");
        assert_eq!(replies[1]["visibility"], "PUBLIC");
        assert_eq!(next(&mut socket, Duration::from_millis(800)).await, None);
    }
);
