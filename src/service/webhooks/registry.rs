//! Registering, listing and switching webhooks, and reading their delivery log.
//! Administrators only (policy: `ensure_may_manage_webhooks`).

use entity::{DeliveryStatus, webhook, webhook_delivery};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    auth::{Principal, policy},
    error::{AppError, AppResult},
    service::{districts::DistrictDirectory, timeline},
};

/// What an administrator registers.
#[derive(Debug, Clone)]
pub struct NewWebhook {
    pub url: String,
    pub events: Vec<String>,
    /// Empty: every district.
    pub district_codes: Vec<String>,
    pub secret: String,
    pub description: Option<String>,
}

fn valid_pattern(p: &str) -> bool {
    let name = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    match p.split_once('.') {
        _ if p == "*" => true,
        None => false,
        Some((family, rest)) => name(family) && (rest == "*" || name(rest)),
    }
}

fn validate(input: &NewWebhook) -> AppResult<()> {
    let url = reqwest::Url::parse(input.url.trim())
        .map_err(|_| AppError::bad_input("url", "an absolute http or https URL"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() || input.url.len() > 2048 {
        return Err(AppError::bad_input("url", "an absolute http or https URL"));
    }
    if input.events.is_empty() || input.events.len() > 30 {
        return Err(AppError::bad_input("events", "1..30 event patterns"));
    }
    if let Some(bad) = input.events.iter().find(|p| !valid_pattern(p)) {
        return Err(AppError::bad_input(
            "events",
            format!("{bad:?} is not an event pattern such as inquiry.* or inquiry.replied"),
        ));
    }
    let secret_len = input.secret.chars().count();
    if !(16..=256).contains(&secret_len) {
        return Err(AppError::bad_input("secret", "16..256 characters"));
    }
    if input
        .description
        .as_deref()
        .is_some_and(|d| d.chars().count() > 200)
    {
        return Err(AppError::bad_input("description", "at most 200 characters"));
    }
    Ok(())
}

/// Registers a webhook; deliveries start with the events committed after it.
pub async fn create(
    db: &DatabaseConnection,
    directory: &DistrictDirectory,
    principal: &Principal,
    input: NewWebhook,
) -> AppResult<webhook::Model> {
    let staff = policy::ensure_may_manage_webhooks(principal)?;
    validate(&input)?;
    let district_ids = directory
        .expand_codes(&input.district_codes)
        .map_err(|code| AppError::bad_input("districtCodes", format!("unknown district {code}")))?;
    let now = crate::service::now();
    let row = webhook::ActiveModel {
        id: Set(Uuid::now_v7()),
        url: Set(input.url.trim().to_owned()),
        events: Set(json!(input.events)),
        district_ids: Set(json!(
            district_ids.iter().map(Uuid::to_string).collect::<Vec<_>>()
        )),
        secret: Set(input.secret),
        description: Set(input
            .description
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty())),
        active: Set(true),
        created_by_id: Set(staff.officer_id),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let txn = crate::db::begin_write(db).await?;
    let stored = webhook::Entity::insert(row)
        .exec_with_returning(&txn)
        .await?;
    timeline::outbox(
        &txn,
        "webhook.created",
        json!({ "webhookId": stored.id, "events": stored.events, "by": staff.badge_number }),
        None,
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(stored)
}

/// Every webhook, oldest first.
pub async fn list(
    db: &DatabaseConnection,
    principal: &Principal,
) -> AppResult<Vec<webhook::Model>> {
    policy::ensure_may_manage_webhooks(principal)?;
    Ok(webhook::Entity::find()
        .order_by_asc(webhook::Column::Id)
        .all(db)
        .await?)
}

/// Disables (or enables again) a webhook. Deliveries of a disabled webhook wait; enabled
/// again, it receives what it missed (unless given up meanwhile).
pub async fn set_active(
    db: &DatabaseConnection,
    principal: &Principal,
    id: Uuid,
    active: bool,
) -> AppResult<webhook::Model> {
    let staff = policy::ensure_may_manage_webhooks(principal)?;
    let txn = crate::db::begin_write(db).await?;
    let hook = webhook::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("webhook"))?;
    let now = crate::service::now();
    let mut row: webhook::ActiveModel = hook.into();
    row.active = Set(active);
    row.updated_at = Set(now);
    let stored = webhook::Entity::update(row).exec(&txn).await?;
    timeline::outbox(
        &txn,
        if active {
            "webhook.enabled"
        } else {
            "webhook.disabled"
        },
        json!({ "webhookId": id, "by": staff.badge_number }),
        None,
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(stored)
}

/// A page of a webhook's delivery log, newest first; `first + 1` rows tell whether more follow.
pub async fn deliveries(
    db: &DatabaseConnection,
    principal: &Principal,
    webhook_id: Uuid,
    status: Option<DeliveryStatus>,
    first: u64,
    after: Option<Uuid>,
) -> AppResult<(Vec<webhook_delivery::Model>, bool)> {
    policy::ensure_may_manage_webhooks(principal)?;
    let mut q =
        webhook_delivery::Entity::find().filter(webhook_delivery::Column::WebhookId.eq(webhook_id));
    if let Some(s) = status {
        q = q.filter(webhook_delivery::Column::Status.eq(s));
    }
    if let Some(a) = after {
        q = q.filter(webhook_delivery::Column::Id.lt(a));
    }
    let mut rows = q
        .order_by_desc(webhook_delivery::Column::Id)
        .limit(first + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > first;
    rows.truncate(first as usize);
    Ok((rows, more))
}

#[cfg(test)]
mod tests {
    use super::valid_pattern;

    #[test]
    fn event_patterns_are_family_dot_name_or_star() {
        for ok in ["*", "inquiry.*", "inquiry.replied", "duty_shift.checked_in"] {
            assert!(valid_pattern(ok), "{ok}");
        }
        for bad in [
            "",
            "inquiry",
            "inquiry.",
            ".replied",
            "Inquiry.*",
            "inquiry.re plied",
            "a.b.c",
        ] {
            assert!(!valid_pattern(bad), "{bad}");
        }
    }
}
