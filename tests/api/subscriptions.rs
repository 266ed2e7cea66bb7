//! Subscriptions over graphql-transport-ws at `/graphql/ws`: events come from the outbox,
//! each subscriber sees only what its scope allows, and an event committed through one
//! server process reaches a subscriber connected to another.

use std::time::Duration;

use entity::Role;
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream,
    tungstenite::{Message, client::IntoClientRequest, http::HeaderValue},
};

use crate::{
    both_backends,
    helpers::{TestApp, gid, spawn_app_on},
};

pub(crate) type Socket = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

/// Time for a subscription to be set up on the server before the test causes a change
/// (graphql-transport-ws does not acknowledge a `subscribe`).
pub(crate) const SETTLE: Duration = Duration::from_millis(500);

const EVENTS: &str = "subscription($code: String!) { inquiryEvents(districtCode: $code) { \
    event reference status kind subject district { code } department { name } \
    timelineEvent { kind public } } }";

const TRACKED: &str = "subscription($reference: String!, $code: String!) { \
    trackedInquiry(reference: $reference, trackingCode: $code) { reference status \
    events { kind } } }";

/// Opens a socket speaking graphql-transport-ws, without `connection_init` yet.
pub(crate) async fn open(app: &TestApp) -> Socket {
    let mut request = format!("ws://{}/graphql/ws", app.addr)
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_static("graphql-transport-ws"),
    );
    let (socket, response) = tokio_tungstenite::connect_async(request).await.unwrap();
    assert_eq!(
        response.headers()["sec-websocket-protocol"],
        "graphql-transport-ws"
    );
    socket
}

pub(crate) async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
}

/// Opens and initialises a connection as `token`; panics unless acknowledged.
pub(crate) async fn connect(app: &TestApp, token: Option<&str>) -> Socket {
    let mut socket = open(app).await;
    let payload = token.map_or(json!({}), |t| json!({ "token": t }));
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": payload }),
    )
    .await;
    let ack = next(&mut socket, Duration::from_secs(5))
        .await
        .expect("ack");
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    socket
}

pub(crate) async fn subscribe(socket: &mut Socket, id: &str, query: &str, variables: Value) {
    send(
        socket,
        json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": variables } }),
    )
    .await;
}

/// The next JSON message within `wait`, skipping pings; `None` on timeout.
pub(crate) async fn next(socket: &mut Socket, wait: Duration) -> Option<Value> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next())
            .await
            .ok()??;
        match message.unwrap() {
            Message::Text(text) => {
                let value: Value = serde_json::from_str(&text).unwrap();
                if value["type"] == "ping" {
                    send(socket, json!({ "type": "pong" })).await;
                    continue;
                }
                return Some(value);
            }
            Message::Close(frame) => {
                return Some(json!({ "closed": frame.map(|f| u16::from(f.code)) }));
            }
            _ => {}
        }
    }
}

/// The close code the server ends the connection with.
async fn close_code(socket: &mut Socket) -> Option<u16> {
    let message = next(socket, Duration::from_secs(5)).await?;
    message["closed"].as_u64().map(|c| c as u16)
}

/// The error code a refused subscription carries: validation errors come as an `error`
/// message, resolver refusals as a `next` with `errors` (then `complete`).
pub(crate) fn refusal_code(message: &Value) -> &str {
    let errors = if message["type"] == "error" {
        &message["payload"]
    } else {
        &message["payload"]["errors"]
    };
    errors[0]["extensions"]["code"].as_str().unwrap_or("")
}

async fn anonymous_submit(app: &TestApp, district: &str, subject: &str) -> Value {
    app.submit(None, district, subject).await
}

both_backends!(
    a_supervisor_receives_an_inquiry_submitted_in_their_district,
    |app: TestApp| async move {
        let token = app.token(Role::Supervisor, &["441202"]).await;
        let mut socket = connect(&app, Some(&token)).await;
        subscribe(&mut socket, "1", EVENTS, json!({ "code": "441202" })).await;
        tokio::time::sleep(SETTLE).await;
        let submitted = anonymous_submit(&app, "441202", "护照加急办理").await;
        let reference = submitted["inquiry"]["reference"].as_str().unwrap();
        let message = next(&mut socket, Duration::from_secs(5))
            .await
            .expect("event");
        assert_eq!(message["type"], "next", "{message}");
        assert_eq!(message["id"], "1");
        assert_eq!(
            message["payload"]["data"]["inquiryEvents"],
            json!({
                "event": "inquiry.received", "reference": reference, "status": "NEW",
                "kind": "CONSULTATION", "subject": "护照加急办理",
                "district": { "code": "441202" }, "department": null,
                "timelineEvent": { "kind": "RECEIVED", "public": true }
            })
        );
    }
);

both_backends!(
    a_supervisor_of_another_district_receives_nothing,
    |app: TestApp| async move {
        let token = app.token(Role::Supervisor, &["441203"]).await;
        let mut socket = connect(&app, Some(&token)).await;
        subscribe(&mut socket, "mine", EVENTS, json!({ "code": "441203" })).await;
        tokio::time::sleep(SETTLE).await;
        anonymous_submit(&app, "441202", "端州区的咨询").await;
        assert_eq!(next(&mut socket, Duration::from_millis(1500)).await, None);
        // The subscription does work: its own district's inquiry arrives.
        anonymous_submit(&app, "441203", "鼎湖区的咨询").await;
        let message = next(&mut socket, Duration::from_secs(5))
            .await
            .expect("event");
        assert_eq!(
            message["payload"]["data"]["inquiryEvents"]["subject"],
            "鼎湖区的咨询"
        );
        // Asking for another district's events is NOT_FOUND, as for queries.
        subscribe(&mut socket, "theirs", EVENTS, json!({ "code": "441202" })).await;
        let refused = next(&mut socket, Duration::from_secs(5))
            .await
            .expect("error");
        assert_eq!(refused["id"], "theirs", "{refused}");
        assert_eq!(refusal_code(&refused), "NOT_FOUND", "{refused}");
    }
);

both_backends!(
    the_public_may_not_follow_district_events,
    |app: TestApp| async move {
        let mut socket = connect(&app, None).await;
        subscribe(&mut socket, "1", EVENTS, json!({ "code": "441202" })).await;
        let refused = next(&mut socket, Duration::from_secs(5))
            .await
            .expect("error");
        assert_eq!(
            refusal_code(&refused),
            "UNAUTHENTICATED",
            "no token: {refused}"
        );
    }
);

both_backends!(
    a_bad_token_closes_the_socket_with_4403,
    |app: TestApp| async move {
        let mut socket = open(&app).await;
        send(
            &mut socket,
            json!({ "type": "connection_init", "payload": { "token": "not-a-jwt" } }),
        )
        .await;
        assert_eq!(close_code(&mut socket).await, Some(4403));

        let mut early = open(&app).await;
        subscribe(&mut early, "1", EVENTS, json!({ "code": "441202" })).await;
        assert_eq!(close_code(&mut early).await, Some(4401));
    }
);

both_backends!(
    queries_and_mutations_are_refused_over_the_socket,
    |app: TestApp| async move {
        let token = app.token(Role::Admin, &["*"]).await;
        let mut socket = connect(&app, Some(&token)).await;
        subscribe(&mut socket, "q", "{ districts { code } }", json!({})).await;
        let refused = next(&mut socket, Duration::from_secs(5))
            .await
            .expect("refusal");
        assert_eq!(refused["id"], "q", "{refused}");
        assert_eq!(refusal_code(&refused), "BAD_USER_INPUT", "{refused}");
    }
);

both_backends!(
    a_citizen_tracking_an_inquiry_is_pushed_its_public_changes,
    |app: TestApp| async move {
        let submitted = anonymous_submit(&app, "441202", "户籍迁移咨询").await;
        let reference = submitted["inquiry"]["reference"]
            .as_str()
            .unwrap()
            .to_owned();
        let code = submitted["trackingCode"].as_str().unwrap().to_owned();
        let inquiry_id = submitted["inquiry"]["id"].as_str().unwrap().to_owned();
        // Let the submission's own event pass before following.
        tokio::time::sleep(SETTLE).await;

        let mut socket = connect(&app, None).await;
        subscribe(
            &mut socket,
            "wrong",
            TRACKED,
            json!({ "reference": reference, "code": "WRONG-CODE" }),
        )
        .await;
        let refused = next(&mut socket, Duration::from_secs(5))
            .await
            .expect("error");
        assert_eq!(refusal_code(&refused), "NOT_FOUND", "{refused}");
        let done = next(&mut socket, Duration::from_secs(5))
            .await
            .expect("complete");
        assert_eq!(done, json!({ "id": "wrong", "type": "complete" }));

        subscribe(
            &mut socket,
            "mine",
            TRACKED,
            json!({ "reference": reference, "code": code }),
        )
        .await;
        tokio::time::sleep(SETTLE).await;
        let bureau = app.bureau_of("441202").await;
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let department = gid("Department", bureau.id);
        let assigned = app
            .gql(
                Some(&supervisor),
                "mutation($input: AssignInquiryInput!) { assignInquiry(input: $input) { inquiry { status } } }",
                json!({ "input": { "inquiryId": inquiry_id, "expectedVersion": 1, "departmentId": department } }),
            )
            .await;
        assert_eq!(
            assigned["data"]["assignInquiry"]["inquiry"]["status"], "ASSIGNED",
            "{assigned}"
        );
        let message = next(&mut socket, Duration::from_secs(5))
            .await
            .expect("push");
        assert_eq!(message["id"], "mine", "{message}");
        assert_eq!(
            message["payload"]["data"]["trackedInquiry"],
            json!({
                "reference": reference, "status": "ASSIGNED",
                "events": [ { "kind": "RECEIVED" }, { "kind": "ASSIGNED" } ]
            })
        );
    }
);

both_backends!(
    a_mutation_on_one_server_process_reaches_a_subscriber_on_another,
    |app: TestApp| async move {
        let other = spawn_app_on(&app).await;
        let token = other.token(Role::Supervisor, &["441202"]).await;
        let mut socket = connect(&other, Some(&token)).await;
        subscribe(&mut socket, "1", EVENTS, json!({ "code": "441202" })).await;
        tokio::time::sleep(SETTLE).await;
        let submitted = anonymous_submit(&app, "441202", "跨进程的咨询").await;
        let message = next(&mut socket, Duration::from_secs(8))
            .await
            .expect("event");
        assert_eq!(
            message["payload"]["data"]["inquiryEvents"]["reference"],
            submitted["inquiry"]["reference"],
            "{message}"
        );
    }
);

/// Writes the outbox row of an `inquiry.received` event for `inquiry_id` in its own
/// transaction, committed or rolled back.
async fn outbox_row(app: &TestApp, inquiry_id: uuid::Uuid, commit: bool) {
    use sea_orm::EntityTrait;
    let inquiry = entity::inquiry::Entity::find_by_id(inquiry_id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let txn = wenzheng::db::begin_write(&app.state.db).await.unwrap();
    wenzheng::service::timeline::outbox(
        &txn,
        wenzheng::service::timeline::OutboxEntry {
            event: "inquiry.received",
            payload: json!({ "inquiryId": inquiry.id, "public": true }),
            inquiry_id: Some(inquiry.id),
            district_id: Some(inquiry.district_id),
            at: wenzheng::service::now(),
        },
    )
    .await
    .unwrap();
    if commit {
        txn.commit().await.unwrap();
    } else {
        txn.rollback().await.unwrap();
    }
    app.state.realtime.wake();
}

both_backends!(
    a_rolled_back_change_is_never_announced,
    |app: TestApp| async move {
        let submitted = anonymous_submit(&app, "441202", "撤销的变更").await;
        let inquiry_id = crate::helpers::uuid_of(submitted["inquiry"]["id"].as_str().unwrap());
        tokio::time::sleep(SETTLE).await;
        let token = app.token(Role::Supervisor, &["441202"]).await;
        let mut socket = connect(&app, Some(&token)).await;
        subscribe(&mut socket, "1", EVENTS, json!({ "code": "441202" })).await;
        tokio::time::sleep(SETTLE).await;

        outbox_row(&app, inquiry_id, false).await;
        // Longer than the relay's safety poll: nothing arrives.
        assert_eq!(next(&mut socket, Duration::from_millis(2500)).await, None);
        outbox_row(&app, inquiry_id, true).await;
        let message = next(&mut socket, Duration::from_secs(5))
            .await
            .expect("event");
        assert_eq!(
            message["payload"]["data"]["inquiryEvents"]["subject"],
            "撤销的变更"
        );
        assert_eq!(next(&mut socket, Duration::from_millis(500)).await, None);
    }
);

/// The positions of every outbox row, in position order.
async fn positions(app: &TestApp) -> Vec<i64> {
    use sea_orm::{EntityTrait, QueryOrder};
    entity::outbox::Entity::find()
        .order_by_asc(entity::outbox::Column::Position)
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.position)
        .collect()
}

both_backends!(
    outbox_positions_follow_commit_order_and_a_rollback_leaves_no_gap,
    |app: TestApp| async move {
        let submitted = anonymous_submit(&app, "441202", "提交顺序").await;
        let inquiry_id = crate::helpers::uuid_of(submitted["inquiry"]["id"].as_str().unwrap());
        let before = positions(&app).await;
        let head = *before.last().unwrap();
        // A writer that took its position first holds every later writer until it ends.
        let first = wenzheng::db::begin_write(&app.state.db).await.unwrap();
        wenzheng::service::timeline::outbox(
            &first,
            wenzheng::service::timeline::OutboxEntry {
                event: "test.first",
                payload: json!({}),
                inquiry_id: Some(inquiry_id),
                district_id: None,
                at: wenzheng::service::now(),
            },
        )
        .await
        .unwrap();
        let db = app.state.db.clone();
        let second = tokio::spawn(async move {
            let txn = wenzheng::db::begin_write(&db).await.unwrap();
            wenzheng::service::timeline::outbox(
                &txn,
                wenzheng::service::timeline::OutboxEntry {
                    event: "test.second",
                    payload: json!({}),
                    inquiry_id: None,
                    district_id: None,
                    at: wenzheng::service::now(),
                },
            )
            .await
            .unwrap();
            txn.commit().await.unwrap();
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(
            !second.is_finished(),
            "the later writer waits for the earlier one"
        );
        first.commit().await.unwrap();
        second.await.unwrap();
        outbox_row(&app, inquiry_id, false).await;
        outbox_row(&app, inquiry_id, true).await;
        let after = positions(&app).await;
        assert_eq!(
            after[before.len()..].to_vec(),
            vec![head + 1, head + 2, head + 3],
            "dense, in commit order"
        );
        use sea_orm::{EntityTrait, QueryOrder};
        let names: Vec<String> = entity::outbox::Entity::find()
            .order_by_asc(entity::outbox::Column::Position)
            .all(&app.state.db)
            .await
            .unwrap()
            .into_iter()
            .skip(before.len())
            .map(|r| r.event)
            .collect();
        assert_eq!(names, ["test.first", "test.second", "inquiry.received"]);
    }
);

both_backends!(
    a_suspended_officer_stops_receiving_events_at_once,
    |app: TestApp| async move {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
        let token = app.token(Role::Supervisor, &["441202"]).await;
        let badge = app.state.keys.verify(&token).unwrap().sub;
        let mut socket = connect(&app, Some(&token)).await;
        subscribe(&mut socket, "1", EVENTS, json!({ "code": "441202" })).await;
        tokio::time::sleep(SETTLE).await;

        let officer = entity::officer::Entity::find()
            .filter(entity::officer::Column::BadgeNumber.eq(badge))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let mut suspended: entity::officer::ActiveModel = officer.into();
        suspended.active = Set(false);
        suspended.update(&app.state.db).await.unwrap();

        anonymous_submit(&app, "441202", "停职后的咨询").await;
        let refused = next(&mut socket, Duration::from_secs(5))
            .await
            .expect("refusal");
        assert_eq!(refusal_code(&refused), "UNAUTHENTICATED", "{refused}");
        assert_eq!(
            refused["payload"]["data"],
            Value::Null,
            "no event data after suspension: {refused}"
        );
        let done = next(&mut socket, Duration::from_secs(5))
            .await
            .expect("complete");
        assert_eq!(done, json!({ "id": "1", "type": "complete" }));
    }
);

both_backends!(
    shutdown_closes_every_socket_with_1001_going_away,
    |mut app: TestApp| async move {
        let token = app.token(Role::Supervisor, &["441202"]).await;
        let mut subscribed = connect(&app, Some(&token)).await;
        subscribe(&mut subscribed, "1", EVENTS, json!({ "code": "441202" })).await;
        // A client that has not sent `connection_init` yet is closed the same way.
        let mut starting = open(&app).await;
        tokio::time::sleep(SETTLE).await;

        let server = app.shut_down();
        // The close frame is the first thing to arrive: no `complete` before it, so a
        // graphql-ws client reconnects and subscribes again.
        assert_eq!(
            next(&mut subscribed, Duration::from_secs(5)).await,
            Some(json!({ "closed": wenzheng::http::ws::GOING_AWAY })),
        );
        assert_eq!(close_code(&mut starting).await, Some(1001));
        // Then the server ends the connection and stops, without waiting for the clients.
        let end = tokio::time::timeout(Duration::from_secs(5), subscribed.next())
            .await
            .expect("connection ended");
        assert!(!matches!(end, Some(Ok(Message::Text(_)))), "{end:?}");
        tokio::time::timeout(Duration::from_secs(5), server)
            .await
            .expect("server stopped")
            .unwrap()
            .unwrap();
    }
);
