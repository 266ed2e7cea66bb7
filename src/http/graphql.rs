//! `/graphql` over HTTP, after the GraphQL-over-HTTP specification: authentication, strict
//! request parsing, limits counted before validation, GET for queries only, GraphiQL for
//! browsers where enabled, and responses in the media type the client accepts.

use std::{
    net::{IpAddr, SocketAddr},
    sync::Arc,
    time::Instant,
};

use async_graphql::{
    ErrorExtensions, Request, Response as GqlResponse, ServerError, Value,
    parser::types::{DocumentOperations, OperationType},
};
use axum::{
    body::Bytes,
    extract::{
        ConnectInfo, Query, RawQuery, State,
        rejection::{BytesRejection, QueryRejection},
    },
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use super::{
    HttpState, body, csrf, document_limits, limits::Introspection, metrics, negotiate,
    rate_limit::RateCharge, request_id,
};
use crate::{
    app::AppState,
    auth::Principal,
    error::AppError,
    graphql::{RequestContext, loaders::Loaders},
    http::refusal::Refusal,
    service::pii::PiiAccessLog,
};

use negotiate::MediaType;

/// A JSON error body outside GraphQL execution (no `data`), in the negotiated media type.
/// Takes a [`Refusal`] or anything that converts into one (an [`AppError`]).
pub fn error_response(status: StatusCode, err: impl Into<Refusal>, media: MediaType) -> Response {
    let err = err.into();
    let error = err.extend();
    let mut extensions = error.extensions.unwrap_or_default();
    request_id::tag(&mut extensions);
    let body =
        serde_json::json!({ "errors": [ { "message": error.message, "extensions": extensions } ] });
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media.as_str()),
    );
    if status == StatusCode::UNAUTHORIZED {
        resp.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    if let Some(secs) = err.retry_after() {
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    resp
}

/// Verifies the bearer token, if any, and resolves the caller.
pub(crate) async fn authenticate(
    state: &HttpState,
    headers: &HeaderMap,
) -> Result<Principal, AppError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(Principal::Anonymous);
    };
    let value = value
        .to_str()
        .map_err(|_| AppError::Unauthenticated("invalid Authorization header".into()))?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .ok_or_else(|| AppError::Unauthenticated("expected a Bearer token".into()))?;
    principal_from_token(&state.app, token).await
}

/// Verifies a bearer token and resolves the caller from the officer record.
async fn principal_from_token(app: &AppState, token: &str) -> Result<Principal, AppError> {
    let claims = app.keys.verify(token.trim())?;
    Principal::resolve_cached(&claims, &app.db, &app.directory, Some(&app.officers)).await
}

/// One operation's result, and whether it failed before execution (a "request error": no
/// `data` key, and 400 under `application/graphql-response+json`).
struct Outcome {
    response: GqlResponse,
    request_error: bool,
}

impl Outcome {
    fn refused(err: impl Into<Refusal>) -> Self {
        Self {
            response: GqlResponse::from_errors(vec![server_error(err)]),
            request_error: true,
        }
    }

    /// Seconds to wait when a rate limit refused the operation.
    fn retry_after(&self) -> Option<u64> {
        self.response.errors.iter().find_map(|e| {
            let ext = e.extensions.as_ref()?;
            if ext.get("code")? != &Value::from("RATE_LIMITED") {
                return None;
            }
            match ext.get("retryAfter") {
                Some(Value::Number(n)) => n.as_u64(),
                _ => Some(1),
            }
        })
    }

    /// The `outcome` label of the request metrics.
    fn label(&self) -> &'static str {
        if self.retry_after().is_some() {
            "rate_limited"
        } else if self.request_error {
            "refused"
        } else if self.response.errors.is_empty() {
            "ok"
        } else {
            "error"
        }
    }
}

/// Written straight to the response body (no intermediate `serde_json::Value`): a request
/// error as `{"errors": [...]}` without `data`, anything else as the GraphQL response.
impl serde::Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if self.request_error {
            let mut map = serializer.serialize_map(Some(1))?;
            map.serialize_entry("errors", &self.response.errors)?;
            map.end()
        } else {
            self.response.serialize(serializer)
        }
    }
}

pub(super) fn server_error(err: impl Into<Refusal>) -> ServerError {
    let e = err.into().extend();
    let mut s = ServerError::new(e.message, None);
    s.extensions = e.extensions;
    s
}

/// Codes for errors async-graphql raises itself before execution (parse, validation, its own
/// limits), so every refusal carries an `extensions.code` clients can switch on.
fn code_request_errors(errors: &mut [ServerError]) {
    for e in errors {
        let has_code = e
            .extensions
            .as_ref()
            .is_some_and(|x| x.get("code").is_some());
        if has_code {
            continue;
        }
        let code = if e.message.starts_with("Query is too complex")
            || e.message.starts_with("Query is nested too deep")
            || e.message.starts_with("The recursion depth")
            || e.message.starts_with("The number of directives")
        {
            "QUERY_TOO_COMPLEX"
        } else {
            "BAD_USER_INPUT"
        };
        e.extensions
            .get_or_insert_with(Default::default)
            .set("code", code);
    }
}

/// Whether `principal` may introspect the schema (and get field suggestions).
pub(super) fn may_introspect(state: &HttpState, principal: &Principal) -> bool {
    match state.settings.introspection {
        Introspection::All => true,
        Introspection::Staff => principal.staff().is_some(),
        Introspection::Off => false,
    }
}

/// Checks the limits that must hold before validation, then executes.
async fn run_one(
    state: &HttpState,
    principal: &Principal,
    pii: &Arc<PiiAccessLog>,
    addr: IpAddr,
    operation: &mut Option<String>,
    mut request: Request,
) -> Outcome {
    if let Err(e) = state.persisted.resolve(&mut request) {
        return Outcome::refused(e);
    }
    let limits = state.settings.document_limits();
    if let Err(e) = document_limits::check_tokens(&request.query, limits.max_tokens) {
        return Outcome::refused(e);
    }
    let variables = std::mem::take(&mut request.variables);
    let (facts, charge) = match request.parsed_query() {
        Ok(doc) => (
            {
                if operation.is_none()
                    && let DocumentOperations::Multiple(ops) = &doc.operations
                    && let [(name, _)] = ops.iter().collect::<Vec<_>>().as_slice()
                {
                    *operation = Some(name.to_string());
                }
                document_limits::check_document(doc, &variables, &limits)
            },
            RateCharge::new(state.rate_limits.clone(), principal, addr, Some(doc)),
        ),
        Err(e) => {
            let mut errors = vec![e];
            code_request_errors(&mut errors);
            return Outcome {
                response: GqlResponse::from_errors(errors),
                request_error: true,
            };
        }
    };
    request.variables = variables;
    let introspect = may_introspect(state, principal);
    let facts = match facts {
        Err(e) => return Outcome::refused(e),
        Ok(f) if f.introspects && !introspect => {
            return Outcome::refused(AppError::Forbidden(
                "introspection is not available to this caller".into(),
            ));
        }
        Ok(f) => f,
    };
    // Charged before execution, from the document's cost: the schema then runs without
    // extensions, so async-graphql resolves every field on its fast path.
    if let Err(e) = charge.apply(facts.cost) {
        return Outcome::refused(e);
    }
    let context = RequestContext {
        principal: principal.clone(),
        loaders: Loaders::new(&state.app.db, principal),
        pii: pii.clone(),
    };
    let request = request.data(context);
    let (schema, request) = if introspect {
        (&state.schema, request)
    } else {
        (&state.public_schema, request.disable_introspection())
    };
    let mut response = schema.execute(request).await;
    // Before execution nothing has a path; once it started, `data` is present (even null).
    let request_error = response.data == Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    if request_error {
        code_request_errors(&mut response.errors);
    }
    Outcome {
        response,
        request_error,
    }
}

/// Authenticates, runs each operation and answers; `batch` says whether to answer an array.
/// `addr` is the client's address (behind a trusted proxy, the one it forwarded).
async fn execute(
    state: HttpState,
    headers: HeaderMap,
    addr: IpAddr,
    media: MediaType,
    requests: Vec<Request>,
    batch: bool,
) -> Response {
    let principal = match authenticate(&state, &headers).await {
        Ok(p) => p,
        Err(e) => {
            let status = if e.is_internal() {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::UNAUTHORIZED
            };
            return error_response(status, e, media);
        }
    };
    let pii = Arc::new(PiiAccessLog::default());
    let mut outcomes = Vec::with_capacity(requests.len());
    for request in requests {
        let started = Instant::now();
        let mut operation = request.operation_name.clone();
        let mut outcome = run_one(&state, &principal, &pii, addr, &mut operation, request).await;
        metrics::request(operation.as_deref(), outcome.label(), started.elapsed());
        for e in &mut outcome.response.errors {
            let extensions = e.extensions.get_or_insert_with(Default::default);
            // Argument coercion fails during execution (with a path), outside our resolvers.
            if extensions.get("code").is_none() && e.message.starts_with("Failed to parse") {
                extensions.set("code", "BAD_USER_INPUT");
            }
            request_id::tag(extensions);
        }
        outcomes.push(outcome);
    }
    // Unmasked citizen data leaves the server only once its reading is on record.
    if let Err(e) = pii.flush(&state.app.db, &principal).await {
        return error_response(StatusCode::SERVICE_UNAVAILABLE, e, media);
    }
    let (mut status, body) = match (batch, outcomes.as_slice()) {
        (false, [one]) => (status_of(one, media), serde_json::to_string(one)),
        _ => (StatusCode::OK, serde_json::to_string(&outcomes)),
    };
    let body = match body {
        Ok(text) => text,
        Err(e) => {
            return error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                AppError::Internal(format!("response serialization: {e}")),
                media,
            );
        }
    };
    // Any operation refused by a rate limit makes the whole answer a 429.
    let retry_after = outcomes.iter().filter_map(Outcome::retry_after).max();
    if retry_after.is_some() {
        status = StatusCode::TOO_MANY_REQUESTS;
    }
    let mut resp = (status, body).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media.as_str()),
    );
    if let Some(secs) = retry_after {
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    resp
}

/// 200 unless a request error is answered as `application/graphql-response+json`: then 403
/// for a refusal of the caller, else 400.
fn status_of(outcome: &Outcome, media: MediaType) -> StatusCode {
    if media == MediaType::Json || !outcome.request_error {
        return StatusCode::OK;
    }
    let forbidden = outcome.response.errors.first().is_some_and(|e| {
        e.extensions
            .as_ref()
            .and_then(|x| x.get("code"))
            .is_some_and(|c| *c == Value::from("FORBIDDEN"))
    });
    if forbidden {
        StatusCode::FORBIDDEN
    } else {
        StatusCode::BAD_REQUEST
    }
}

fn not_acceptable() -> Response {
    error_response(
        StatusCode::NOT_ACCEPTABLE,
        AppError::bad_input(
            "Accept",
            "accept application/graphql-response+json or application/json",
        ),
        MediaType::Json,
    )
}

/// POST: a JSON `{query, variables, operationName, extensions}` body, or a batch of them.
pub async fn post(
    State(state): State<HttpState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(media) = negotiate::negotiate(&headers) else {
        return not_acceptable();
    };
    if let Err(e) = csrf::check_post_content_type(&headers) {
        return error_response(StatusCode::UNSUPPORTED_MEDIA_TYPE, e, media);
    }
    let body = match body {
        Ok(b) => b,
        Err(rejection) => {
            let status = rejection.status();
            let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
                format!("larger than {} bytes", state.settings.max_body_bytes)
            } else {
                rejection.body_text()
            };
            return error_response(status, AppError::bad_input("body", message), media);
        }
    };
    let realtime = state.app.realtime.clone();
    let client = state
        .settings
        .trusted_proxies
        .client_addr(peer.ip(), &headers);
    let response = match body::parse(&body, state.settings.max_batch) {
        Ok(body::Incoming::Single(r)) => {
            execute(state, headers, client, media, vec![*r], false).await
        }
        Ok(body::Incoming::Batch(rs)) => execute(state, headers, client, media, rs, true).await,
        Err(e) => error_response(StatusCode::BAD_REQUEST, e, media),
    };
    // Whatever this request committed is in the outbox now: let the relay announce it
    // without waiting for its poll (the only prompt signal on SQLite).
    realtime.wake();
    response
}

/// GET: queries only (a mutation gets 405 with `Allow: POST`); GraphiQL for a browser.
pub async fn get(
    State(state): State<HttpState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    params: Result<Query<body::GetParams>, QueryRejection>,
) -> Response {
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    let query = query.unwrap_or_default();
    if query.is_empty() && wants_html && state.app.graphiql {
        return super::graphiql::page(state.app.demo_tokens.get().is_some());
    }
    let Some(media) = negotiate::negotiate(&headers) else {
        return not_acceptable();
    };
    if query.is_empty() {
        return error_response(
            StatusCode::BAD_REQUEST,
            AppError::bad_input("query", "missing"),
            media,
        );
    }
    let request = params
        .map_err(|e| AppError::bad_input("query", e.body_text()))
        .and_then(|Query(p)| p.into_request());
    let mut request = match request {
        Ok(r) => r,
        Err(e) => return error_response(StatusCode::BAD_REQUEST, e, media),
    };
    if let Err(e) = state.persisted.resolve(&mut request) {
        // Apollo clients read a miss from the body and resend the document.
        let status = match e {
            Refusal::PersistedQueryNotFound => StatusCode::OK,
            ref e if e.is_forbidden() => StatusCode::FORBIDDEN,
            _ => StatusCode::BAD_REQUEST,
        };
        return error_response(status, e, media);
    }
    if let Err(e) = document_limits::check_tokens(&request.query, state.settings.max_tokens) {
        return error_response(StatusCode::BAD_REQUEST, e, media);
    }
    if is_mutation(&mut request) {
        let mut resp = error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            AppError::bad_input("query", "mutations must be sent with POST"),
            media,
        );
        resp.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return resp;
    }
    let client = state
        .settings
        .trusted_proxies
        .client_addr(peer.ip(), &headers);
    execute(state, headers, client, media, vec![request], false).await
}

/// True when the operation GET would run is a mutation or subscription (or, with several
/// operations and no name, when any of them is: nothing but a query may run over GET).
fn is_mutation(request: &mut Request) -> bool {
    let name = request.operation_name.clone();
    let Ok(doc) = request.parsed_query() else {
        return false;
    };
    let not_query = |ty: OperationType| ty != OperationType::Query;
    match (&doc.operations, name) {
        (DocumentOperations::Single(op), _) => not_query(op.node.ty),
        (DocumentOperations::Multiple(ops), Some(name)) => ops
            .iter()
            .find(|(n, _)| n.as_str() == name)
            .is_some_and(|(_, op)| not_query(op.node.ty)),
        (DocumentOperations::Multiple(ops), None) => ops.values().any(|op| not_query(op.node.ty)),
    }
}
