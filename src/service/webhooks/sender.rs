//! Sending due deliveries: each attempt is claimed with a conditional update (so two
//! processes never send the same attempt), POSTed with its signature, and recorded:
//! a 2xx answer delivers it; anything else schedules the next attempt with back-off,
//! until the event is older than the give-up age.
//!
//! Order: a delivery about an inquiry is due only when no earlier (by outbox event id)
//! delivery of the same hook and inquiry is still PENDING, so one receiver has at most one
//! event of an inquiry in flight and gets them in commit order, retries included; a
//! FAILED (given up) one no longer holds the later ones back.

use std::time::Duration;

use entity::{DeliveryStatus, webhook, webhook_delivery};
use futures::StreamExt;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Alias, Expr, ExprTrait, Query},
};

use super::{
    WebhookSettings,
    signature::{DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, sign},
};
use crate::error::AppResult;

/// Deliveries attempted per round, and at once.
const ROUND: u64 = 50;
const PARALLEL: usize = 8;

/// The HTTP client of the dispatcher: no redirects (a receiver answers itself), a timeout.
pub fn client(settings: &WebhookSettings) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(settings.webhook_timeout_secs))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("wenzheng-webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// The give-up window after an event, for a delivery created at `created_at`.
fn give_up_at(
    settings: &WebhookSettings,
    created_at: chrono::DateTime<chrono::Utc>,
) -> chrono::DateTime<chrono::Utc> {
    created_at + chrono::Duration::hours(settings.webhook_give_up_hours as i64)
}

/// Gives up (FAILED) the pending deliveries whose event is older than the give-up window
/// without having been delivered: those of a hook disabled that long, and those held back
/// behind an earlier event of their inquiry that long. Returns how many.
pub async fn give_up_stale(db: &DatabaseConnection, settings: &WebhookSettings) -> AppResult<u64> {
    let now = crate::service::now();
    let cutoff = now - chrono::Duration::hours(settings.webhook_give_up_hours as i64);
    let stale = || {
        webhook_delivery::Entity::find()
            .filter(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending))
            .filter(webhook_delivery::Column::CreatedAt.lt(cutoff))
    };
    // A cheap read first, so idle rounds never take SQLite's write lock.
    if stale()
        .select_only()
        .column(webhook_delivery::Column::Id)
        .into_tuple::<uuid::Uuid>()
        .one(db)
        .await?
        .is_none()
    {
        return Ok(0);
    }
    let given_up = webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::Status,
            Expr::value(DeliveryStatus::Failed.as_str()),
        )
        .col_expr(
            webhook_delivery::Column::LastError,
            Expr::value(format!(
                "given up: not delivered within {} hours of the event",
                settings.webhook_give_up_hours
            )),
        )
        .col_expr(webhook_delivery::Column::UpdatedAt, Expr::value(now))
        .filter(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending))
        .filter(webhook_delivery::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?;
    Ok(given_up.rows_affected)
}

/// One round: attempts the deliveries that are due.
pub async fn send_due(
    db: &DatabaseConnection,
    client: &reqwest::Client,
    settings: &WebhookSettings,
) -> AppResult<usize> {
    use webhook_delivery::Column as D;
    let now = crate::service::now();
    let active_hooks = Query::select()
        .column(webhook::Column::Id)
        .from(webhook::Entity)
        .and_where(webhook::Column::Active.eq(true))
        .to_owned();
    // An earlier delivery of the same hook and inquiry still pending holds this one back.
    let earlier = Alias::new("earlier");
    let held_back = Query::select()
        .expr(Expr::val(1))
        .from_as(webhook_delivery::Entity, earlier.clone())
        .and_where(
            Expr::col((earlier.clone(), D::WebhookId))
                .equals((webhook_delivery::Entity, D::WebhookId)),
        )
        .and_where(
            Expr::col((earlier.clone(), D::InquiryId))
                .equals((webhook_delivery::Entity, D::InquiryId)),
        )
        .and_where(Expr::col((earlier.clone(), D::Status)).eq(DeliveryStatus::Pending.as_str()))
        .and_where(
            Expr::col((earlier.clone(), D::Position))
                .lt(Expr::col((webhook_delivery::Entity, D::Position))),
        )
        .to_owned();
    let due = webhook_delivery::Entity::find()
        .filter(D::Status.eq(DeliveryStatus::Pending))
        .filter(D::NextAttemptAt.lte(now))
        .filter(D::WebhookId.in_subquery(active_hooks))
        .filter(Expr::exists(held_back).not())
        .order_by_asc(D::NextAttemptAt)
        .order_by_asc(D::Position)
        .limit(ROUND)
        .all(db)
        .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let hooks: Vec<webhook::Model> = webhook::Entity::find()
        .filter(webhook::Column::Id.is_in(due.iter().map(|d| d.webhook_id)))
        .all(db)
        .await?;
    let sent = futures::stream::iter(due)
        .map(|d| {
            let hook = hooks.iter().find(|h| h.id == d.webhook_id).cloned();
            async move {
                match hook {
                    Some(hook) => attempt(db, client, settings, hook, d).await,
                    None => Ok(false),
                }
            }
        })
        .buffer_unordered(PARALLEL)
        .collect::<Vec<_>>()
        .await;
    let mut n = 0;
    for r in sent {
        if r? {
            n += 1;
        }
    }
    Ok(n)
}

/// Claims and sends one delivery; false when another process claimed it first.
async fn attempt(
    db: &DatabaseConnection,
    client: &reqwest::Client,
    settings: &WebhookSettings,
    hook: webhook::Model,
    d: webhook_delivery::Model,
) -> AppResult<bool> {
    let now = crate::service::now();
    let lease = chrono::Duration::seconds(settings.webhook_timeout_secs as i64 + 30);
    let claimed = webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::NextAttemptAt,
            sea_orm::sea_query::Expr::value(now + lease),
        )
        .filter(webhook_delivery::Column::Id.eq(d.id))
        .filter(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending))
        .filter(webhook_delivery::Column::NextAttemptAt.eq(d.next_attempt_at))
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        return Ok(false);
    }
    let body = serde_json::to_vec(&serde_json::json!({
        "id": d.outbox_id,
        "event": d.event,
        "createdAt": d.created_at,
        "deliveryId": d.id,
        "attempt": d.attempts + 1,
        "data": d.payload,
    }))
    .unwrap_or_default();
    let result = client
        .post(&hook.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(EVENT_HEADER, &d.event)
        .header(DELIVERY_HEADER, d.id.to_string())
        .header(SIGNATURE_HEADER, sign(&hook.secret, now.timestamp(), &body))
        .body(body)
        .send()
        .await;
    let attempts = d.attempts + 1;
    let (status_code, error) = match result {
        Ok(resp) if resp.status().is_success() => (Some(resp.status().as_u16()), None),
        Ok(resp) => (
            Some(resp.status().as_u16()),
            Some(format!("receiver answered {}", resp.status())),
        ),
        Err(e) => (None, Some(describe(&e))),
    };
    let done = crate::service::now();
    let mut row: webhook_delivery::ActiveModel = d.clone().into();
    row.attempts = Set(attempts);
    row.last_status_code = Set(status_code.map(i32::from));
    row.updated_at = Set(done);
    match error {
        None => {
            row.status = Set(DeliveryStatus::Delivered);
            row.delivered_at = Set(Some(done));
            row.last_error = Set(None);
        }
        Some(error) => {
            let give_up = give_up_at(settings, d.created_at);
            let next =
                done + chrono::Duration::from_std(settings.backoff(attempts)).unwrap_or_default();
            row.status = Set(if next > give_up {
                DeliveryStatus::Failed
            } else {
                DeliveryStatus::Pending
            });
            row.next_attempt_at = Set(next);
            row.last_error = Set(Some(error.chars().take(1000).collect()));
        }
    }
    webhook_delivery::Entity::update(row).exec(db).await?;
    Ok(true)
}

/// A short reason for the log, without the receiver's internals.
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else {
        format!("request failed: {e}")
    }
}
