//! The Open311 handlers: each parses, calls one service, maps the result.

use axum::{
    Json,
    extract::{ConnectInfo, FromRequest, Path, Query, Request, State, rejection::QueryRejection},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use std::net::{IpAddr, SocketAddr};

use serde::Serialize;

use super::{
    errors::{Open311Error, Open311Result},
    mapping::{self, Service, ServiceRequest},
    params::{ListParams, PostParams},
};
use crate::{
    auth::Principal,
    http::{HttpState, graphql::authenticate},
    service::{
        self, intake,
        open311::{self as requests, PublicRequest},
    },
};

async fn caller(state: &HttpState, headers: &HeaderMap) -> Open311Result<Principal> {
    Ok(authenticate(state, headers).await?)
}

/// `{id}.json` → `id`; any other format is not served.
fn strip_json(file: &str) -> Open311Result<&str> {
    file.strip_suffix(".json").ok_or_else(|| {
        Open311Error::new(
            StatusCode::NOT_FOUND,
            "only the .json format is served (e.g. requests/ZQ2611-7K3M9Q.json)",
        )
    })
}

fn one(state: &HttpState, row: PublicRequest) -> ServiceRequest {
    mapping::service_request(row, &state.app.directory, state.app.tz)
}

/// `GET services.json`: the inquiry kinds a citizen may raise here.
pub async fn services() -> Json<Vec<Service>> {
    Json(mapping::services())
}

/// `GET services/{code}.json`: the definition of one service. Ours ask no extra attributes
/// (`metadata: false`), but some clients fetch the definition anyway.
pub async fn definition(Path(file): Path<String>) -> Open311Result<Json<Definition>> {
    let code = strip_json(&file)?;
    let kind = mapping::kind_of(code).ok_or_else(|| Open311Error::not_found("service"))?;
    Ok(Json(Definition {
        service_code: kind.as_str(),
        attributes: Vec::new(),
    }))
}

/// A service definition: the code and its (here: no) attributes.
#[derive(Debug, Serialize)]
pub struct Definition {
    pub service_code: &'static str,
    pub attributes: Vec<serde_json::Value>,
}

/// `GET requests.json`: a page of requests the caller may see, newest first.
pub async fn list(
    State(state): State<HttpState>,
    headers: HeaderMap,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Open311Result<Json<Vec<ServiceRequest>>> {
    let Query(params) =
        params.map_err(|e| Open311Error::new(StatusCode::BAD_REQUEST, e.body_text()))?;
    let principal = caller(&state, &headers).await?;
    let mut query = params.into_query(state.app.tz, service::now())?;
    if let Some(code) = &query.jurisdiction {
        let district = state.app.directory.by_code(code).ok_or_else(|| {
            Open311Error::bad("jurisdiction_id", format!("unknown jurisdiction {code}"))
        })?;
        query.filter.district_ids = Some(state.app.directory.subtree(district.id));
    }
    let rows = requests::list(
        &state.app.db,
        &principal,
        &query.filter,
        query.page,
        query.page_size,
    )
    .await?;
    Ok(Json(rows.into_iter().map(|r| one(&state, r)).collect()))
}

/// `GET requests/{id}.json`: one request, as a one-element array (the spec's shape).
pub async fn get_one(
    State(state): State<HttpState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Open311Result<Json<Vec<ServiceRequest>>> {
    let reference = strip_json(&file)?;
    let principal = caller(&state, &headers).await?;
    let row = requests::by_reference(&state.app.db, &principal, reference)
        .await?
        .ok_or_else(|| Open311Error::not_found("service request"))?;
    Ok(Json(vec![one(&state, row)]))
}

/// `{service_request_id, token}` of `tokens/{token}.json`.
#[derive(Debug, Serialize)]
pub struct TokenMapping {
    pub service_request_id: String,
    pub token: String,
}

/// `GET tokens/{token}.json`: our token is the reference itself, so this maps it to itself
/// once the caller may see that request (the same rule as `requests/{id}.json`).
pub async fn token(
    State(state): State<HttpState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Open311Result<Json<Vec<TokenMapping>>> {
    let token = strip_json(&file)?;
    let principal = caller(&state, &headers).await?;
    let row = requests::by_reference(&state.app.db, &principal, token)
        .await?
        .ok_or_else(|| Open311Error::not_found("token"))?;
    let reference = row.inquiry.reference;
    Ok(Json(vec![TokenMapping {
        service_request_id: reference.clone(),
        token: reference,
    }]))
}

/// One element of the `POST requests.json` answer.
#[derive(Debug, Serialize)]
pub struct Created {
    pub service_request_id: String,
    pub service_notice: String,
    pub account_id: Option<String>,
    pub token: String,
    /// Not part of GeoReport v2: the secret code to follow the request without an account
    /// (GraphQL `trackInquiry`), shown only to its submitter.
    pub tracking_code: Option<String>,
    /// Not part of GeoReport v2 here (the spec has it on requests): the deadline to answer.
    pub expected_datetime: Option<String>,
}

/// Reads the body as JSON when the client says so, else as a form (the spec's default).
async fn post_params(request: Request) -> Open311Result<PostParams> {
    let json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if json {
        let Json(p) = Json::<PostParams>::from_request(request, &())
            .await
            .map_err(|e| Open311Error::new(StatusCode::BAD_REQUEST, e.body_text()))?;
        Ok(p)
    } else {
        let axum::Form(p) = axum::Form::<PostParams>::from_request(request, &())
            .await
            .map_err(|e| Open311Error::new(StatusCode::BAD_REQUEST, e.body_text()))?;
        Ok(p)
    }
}

/// `POST requests.json`: submits through the same intake as GraphQL `submitInquiry`
/// (validation, deadline, reference, tracking code, idempotency by `Idempotency-Key`).
pub async fn create(
    State(state): State<HttpState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let client = state
        .settings
        .trusted_proxies
        .client_addr(peer.ip(), request.headers());
    match create_inner(state, client, request).await {
        Ok(created) => (StatusCode::CREATED, Json(vec![created])).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn create_inner(
    state: HttpState,
    client: IpAddr,
    request: Request,
) -> Open311Result<Created> {
    let principal = caller(&state, request.headers()).await?;
    // Submissions without a token count against the same per-address budget as GraphQL's.
    if matches!(principal, Principal::Anonymous) {
        state.rate_limits.submission(client)?;
    }
    let key = request
        .headers()
        .get("idempotency-key")
        .map(|v| {
            v.to_str()
                .map(str::to_owned)
                .map_err(|_| Open311Error::bad("Idempotency-Key", "must be visible ASCII"))
        })
        .transpose()?;
    let params = post_params(request).await?;
    let input = params.into_submission(&principal, key)?;
    let app = &state.app;
    let done = intake::submit(app.service_ctx(&principal), input).await?;
    let reference = done.inquiry.reference.clone();
    let account_id = match &principal {
        Principal::Citizen { subject } => Some(subject.clone()),
        _ => None,
    };
    let service_notice = match &done.tracking_code {
        Some(_) => format!("已受理，编号 {reference}。查询码只显示这一次，请妥善保存。"),
        None => format!("已受理，编号 {reference}。"),
    };
    Ok(Created {
        service_request_id: reference.clone(),
        service_notice,
        account_id,
        token: reference,
        tracking_code: done.tracking_code,
        expected_datetime: done.inquiry.due_at.map(|d| mapping::w3c(d, app.tz)),
    })
}

/// A known resource asked with another method (e.g. `DELETE`).
pub async fn method_not_allowed() -> Open311Error {
    Open311Error::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed: GET, or POST for requests.json",
    )
}

/// Anything else under `/open311/v2/`.
pub async fn fallback() -> Open311Error {
    Open311Error::new(
        StatusCode::NOT_FOUND,
        "no such Open311 resource: services.json, services/{code}.json, requests.json, requests/{id}.json, tokens/{token}.json",
    )
}
