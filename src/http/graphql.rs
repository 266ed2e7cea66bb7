//! `/graphql` over HTTP: authentication, request parsing, GET for queries only,
//! GraphiQL for browsers, and responses in the media type the client accepts.

use std::sync::Arc;

use async_graphql::{
    ErrorExtensions, Request, Response as GqlResponse,
    http::GraphiQLSource,
    parser::{parse_query, types::OperationType},
};
use axum::{
    body::Bytes,
    extract::{RawQuery, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Response},
};

use super::HttpState;
use crate::{
    auth::Principal,
    error::AppError,
    graphql::{RequestContext, loaders::Loaders},
    service::pii::PiiAccessLog,
};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// Which JSON media type to answer with.
fn response_type(headers: &HeaderMap) -> &'static str {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if accept.contains(GRAPHQL_RESPONSE) {
        GRAPHQL_RESPONSE
    } else {
        "application/json"
    }
}

fn error_response(status: StatusCode, err: &AppError, headers: &HeaderMap) -> Response {
    let error = err.extend();
    let body = serde_json::json!({ "errors": [ { "message": error.message, "extensions": error.extensions } ] });
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(response_type(headers)),
    );
    if status == StatusCode::UNAUTHORIZED {
        resp.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    resp
}

/// Verifies the bearer token, if any, and resolves the caller.
async fn authenticate(state: &HttpState, headers: &HeaderMap) -> Result<Principal, AppError> {
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
    let claims = state.app.keys.verify(token.trim())?;
    Principal::resolve(&claims, &state.app.db, &state.app.directory).await
}

async fn execute(state: HttpState, headers: HeaderMap, request: Request) -> Response {
    let principal = match authenticate(&state, &headers).await {
        Ok(p) => p,
        Err(e) => {
            let status = if e.is_internal() {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::UNAUTHORIZED
            };
            return error_response(status, &e, &headers);
        }
    };
    let pii = Arc::new(PiiAccessLog::default());
    let context = RequestContext {
        principal: principal.clone(),
        loaders: Loaders::new(&state.app.db, &principal),
        pii: pii.clone(),
    };
    let response = state.schema.execute(request.data(context)).await;
    // Unmasked citizen data leaves the server only once its reading is on record.
    if let Err(e) = pii.flush(&state.app.db, &principal).await {
        return error_response(StatusCode::SERVICE_UNAVAILABLE, &e, &headers);
    }
    finish(&headers, response)
}

fn finish(headers: &HeaderMap, response: GqlResponse) -> Response {
    let media = response_type(headers);
    let status = if media == GRAPHQL_RESPONSE
        && response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
    {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let body = match serde_json::to_vec(&response) {
        Ok(b) => b,
        Err(e) => {
            return error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                &AppError::Internal(e.to_string()),
                headers,
            );
        }
    };
    let mut resp = (status, body).into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    resp
}

/// POST: a JSON `{query, variables, operationName, extensions}` body.
pub async fn post(State(state): State<HttpState>, headers: HeaderMap, body: Bytes) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type.starts_with("application/json") {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &AppError::bad_input("Content-Type", "send application/json"),
            &headers,
        );
    }
    let request: Request = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                &AppError::bad_input("body", format!("not a GraphQL request: {e}")),
                &headers,
            );
        }
    };
    execute(state, headers, request).await
}

/// GET: queries only (a mutation gets 405 with `Allow: POST`); GraphiQL for a browser.
pub async fn get(
    State(state): State<HttpState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    let query = query.unwrap_or_default();
    if query.is_empty() {
        if wants_html && state.app.graphiql {
            return Html(
                GraphiQLSource::build()
                    .endpoint("/graphql")
                    .title("wenzheng")
                    .finish(),
            )
            .into_response();
        }
        return error_response(
            StatusCode::BAD_REQUEST,
            &AppError::bad_input("query", "missing"),
            &headers,
        );
    }
    let request = match async_graphql::http::parse_query_string(&query) {
        Ok(r) => r,
        Err(e) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                &AppError::bad_input("query", e.to_string()),
                &headers,
            );
        }
    };
    if is_mutation(&request) {
        let mut resp = error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            &AppError::bad_input("query", "mutations must be sent with POST"),
            &headers,
        );
        resp.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return resp;
    }
    execute(state, headers, request).await
}

/// True when the operation GET would run is a mutation or subscription.
fn is_mutation(request: &Request) -> bool {
    let Ok(doc) = parse_query(&request.query) else {
        return false;
    };
    let ty = match request.operation_name.as_deref() {
        Some(name) => doc
            .operations
            .iter()
            .find(|(n, _)| n.map(|n| n.as_str()) == Some(name))
            .map(|(_, op)| op.node.ty),
        None => doc.operations.iter().next().map(|(_, op)| op.node.ty),
    };
    matches!(
        ty,
        Some(OperationType::Mutation | OperationType::Subscription)
    )
}
