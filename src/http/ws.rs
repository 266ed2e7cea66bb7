//! `/graphql/ws`: GraphQL subscriptions over the graphql-transport-ws protocol (the one the
//! `graphql-ws` client speaks). The token travels in `connection_init`'s payload
//! (`{"token": "..."}` or `{"authorization": "Bearer ..."}`) and is verified like an HTTP
//! one; a bad token closes the socket with 4403, a message before `connection_init` with
//! 4401, no `connection_init` in time with 4408. Only subscriptions run here: queries and
//! mutations go over HTTP, where limits and the PII audit apply. When the server shuts down,
//! every socket is closed with [`GOING_AWAY`].

use std::{sync::Arc, time::Duration};

use async_graphql::{
    Data, Executor, Request, Response as GqlResponse,
    futures_util::stream::BoxStream,
    parser::types::{DocumentOperations, OperationType},
};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::{
    extract::{
        State,
        ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade},
    },
    response::Response,
};
use futures::{SinkExt, Stream, StreamExt, stream::SplitSink};

use super::{
    HttpState, document_limits,
    graphql::{may_introspect, server_error},
    refusal::Refusal,
};
use crate::{
    auth::Principal,
    error::AppError,
    graphql::{AppSchema, RequestContext, loaders::Loaders, subscription::Credentials},
    service::pii::PiiAccessLog,
};

/// How long a client may take to send `connection_init` (graphql-ws's default).
const INIT_TIMEOUT: Duration = Duration::from_secs(10);

/// The close code every open socket gets when the server shuts down: 1001 "going away", which
/// RFC 6455 (section 7.4.1) defines for "a server going down". Not 1012 "service restart": a
/// SIGTERM may stop or scale down the service rather than restart it, and 1012 is only in IANA's
/// registry, not in RFC 6455, so not every client and proxy knows it. The `graphql-ws` client
/// retries after either code, reconnecting (through the load balancer, perhaps to another
/// process) and subscribing again; for that reason no `complete` is sent before the close, since
/// a completed subscription is one the client would not renew.
pub const GOING_AWAY: u16 = 1001;

/// Upgrades to a WebSocket speaking the negotiated GraphQL subprotocol. The connection is
/// tracked in `AppState.websockets`, so that shutdown waits for its close frame.
pub async fn upgrade(
    State(state): State<HttpState>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    upgrade
        .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| {
            let tracker = state.app.websockets.clone();
            tracker.track_future(serve(state, protocol, socket))
        })
}

/// Authenticates `connection_init` here (the library would close a refusal with 1002),
/// then hands the socket, that first message included, to async-graphql, until either side
/// ends the connection or the server shuts down.
async fn serve(state: HttpState, protocol: GraphQLProtocol, socket: WebSocket) {
    let shutdown = state.app.shutdown.clone();
    let (mut sink, mut stream) = socket.split();
    let init = tokio::select! {
        biased;
        () = shutdown.cancelled() => return close(&mut sink, GOING_AWAY, "Server shutting down").await,
        init = tokio::time::timeout(INIT_TIMEOUT, next_text(&mut stream)) => init,
    };
    let first = match init {
        Err(_) => return close(&mut sink, 4408, "Connection initialisation timeout").await,
        Ok(None) => return,
        Ok(Some(text)) => text,
    };
    let init: serde_json::Value = serde_json::from_str(&first).unwrap_or_default();
    if init.get("type").and_then(|t| t.as_str()) != Some("connection_init") {
        return close(&mut sink, 4401, "Unauthorized").await;
    }
    let authenticated = match token_in(&init["payload"]) {
        None => Ok((Principal::Anonymous, None)),
        Some(token) => match state.app.keys.verify(token.trim()) {
            Ok(claims) => Principal::resolve(&claims, &state.app.db, &state.app.directory)
                .await
                .map(|p| (p, Some(claims))),
            Err(e) => Err(e),
        },
    };
    let (principal, claims) = match authenticated {
        Ok(p) => p,
        Err(e) if e.is_internal() => {
            tracing::error!(error = %e, "authenticating a WebSocket failed");
            return close(&mut sink, 1011, "Internal error").await;
        }
        Err(_) => return close(&mut sink, 4403, "Forbidden").await,
    };
    let executor = SubscriptionsOnly {
        schema: if may_introspect(&state, &principal) {
            state.schema.clone()
        } else {
            state.public_schema.clone()
        },
        introspect: may_introspect(&state, &principal),
        max_tokens: state.settings.max_tokens,
    };
    let mut data = Data::default();
    data.insert(Credentials(claims));
    data.insert(RequestContext {
        loaders: Loaders::new(&state.app.db, &principal),
        principal,
        pii: Arc::new(PiiAccessLog::default()),
    });
    let replayed =
        futures::stream::once(async move { Ok(Message::Text(first.into())) }).chain(stream);
    super::metrics::subscription_opened();
    // async-graphql writes into a channel rather than the socket, so that this loop, which
    // owns the socket, can still send a close frame of its own at shutdown.
    let (writer, mut outgoing) = futures::channel::mpsc::channel::<Message>(16);
    let session = GraphQLWebSocket::new_with_pair(writer, replayed, executor, protocol)
        .with_data(data)
        .serve();
    tokio::pin!(session);
    let mut session_ended = false;
    loop {
        tokio::select! {
            // Shutdown first: the close must not follow a `complete` (see GOING_AWAY).
            biased;
            () = shutdown.cancelled() => {
                close(&mut sink, GOING_AWAY, "Server shutting down").await;
                break;
            }
            message = outgoing.next() => match message {
                Some(message) => {
                    if sink.send(message).await.is_err() {
                        break;
                    }
                }
                // The session ended (the client left, or async-graphql closed the socket)
                // and all it wrote has been sent.
                None => break,
            },
            () = &mut session, if !session_ended => session_ended = true,
        }
    }
    super::metrics::subscription_closed();
}

/// The next text message, skipping pings; `None` when the client leaves or sends binary.
async fn next_text(
    stream: &mut (impl Stream<Item = Result<Message, axum::Error>> + Unpin),
) -> Option<String> {
    while let Some(message) = stream.next().await {
        match message.ok()? {
            Message::Text(text) => return Some(text.as_str().to_owned()),
            Message::Ping(_) | Message::Pong(_) => {}
            Message::Binary(_) | Message::Close(_) => return None,
        }
    }
    None
}

/// The bearer token of a `connection_init` payload, if it carries one.
fn token_in(payload: &serde_json::Value) -> Option<String> {
    let field = |name: &str| payload.get(name).and_then(|v| v.as_str());
    if let Some(token) = field("token") {
        return Some(token.to_owned());
    }
    let header = field("authorization").or_else(|| field("Authorization"))?;
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .unwrap_or(header);
    Some(token.to_owned())
}

/// Sends a close frame (and flushes it: `send` does).
async fn close(sink: &mut SplitSink<WebSocket, Message>, code: u16, reason: &'static str) {
    let frame = CloseFrame {
        code,
        reason: reason.into(),
    };
    let _ = sink.send(Message::Close(Some(frame))).await;
}

/// The schema, running subscriptions only and under the HTTP endpoint's token limit.
#[derive(Clone)]
struct SubscriptionsOnly {
    schema: AppSchema,
    introspect: bool,
    max_tokens: usize,
}

impl SubscriptionsOnly {
    fn refuse(err: impl Into<Refusal>) -> GqlResponse {
        GqlResponse::from_errors(vec![server_error(err)])
    }

    /// Why `request` may not run here, if it may not.
    fn check(&self, request: &mut Request) -> Result<(), Refusal> {
        document_limits::check_tokens(&request.query, self.max_tokens)?;
        let name = request.operation_name.clone();
        let Ok(doc) = request.parsed_query() else {
            return Ok(()); // the schema reports the syntax error
        };
        document_limits::check_typename_selections(doc)?;
        let ty = match (&doc.operations, name) {
            (DocumentOperations::Single(op), _) => Some(op.node.ty),
            (DocumentOperations::Multiple(ops), Some(name)) => ops
                .iter()
                .find(|(n, _)| n.as_str() == name)
                .map(|(_, op)| op.node.ty),
            (DocumentOperations::Multiple(_), None) => None,
        };
        match ty {
            Some(OperationType::Subscription) | None => Ok(()),
            Some(_) => Err(AppError::bad_input(
                "query",
                "only subscriptions run over /graphql/ws; send queries and mutations over HTTP",
            )
            .into()),
        }
    }
}

impl Executor for SubscriptionsOnly {
    async fn execute(&self, _request: Request) -> GqlResponse {
        Self::refuse(AppError::bad_input(
            "query",
            "only subscriptions run over /graphql/ws",
        ))
    }

    fn execute_stream(
        &self,
        mut request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, GqlResponse> {
        if let Err(e) = self.check(&mut request) {
            return futures::stream::once(async move { Self::refuse(e) }).boxed();
        }
        if !self.introspect {
            request = request.disable_introspection();
        }
        Executor::execute_stream(&self.schema, request, session_data)
    }
}
