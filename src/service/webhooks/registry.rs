//! Registering, listing and switching webhooks, and reading their delivery log.
//! Administrators only (policy: `ensure_may_manage_webhooks`).
//!
//! A webhook either belongs to a partner (it receives what that partner's token reads in
//! the hook's districts) or is internal (the bureau's own systems: every event of its
//! districts).

use entity::{DeliveryStatus, webhook, webhook_delivery};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, Order, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use crate::domain::districts::DistrictDirectory;
use crate::{
    auth::{Principal, policy},
    error::{AppError, AppResult},
    service::{
        paging::{Cursor, Keyset, Page},
        timeline,
    },
};

/// What an administrator registers.
#[derive(Debug, Clone)]
pub struct NewWebhook {
    /// The partner (as in its tokens' `partner` claim); `None`: an internal hook.
    pub partner: Option<String>,
    pub url: String,
    pub events: Vec<String>,
    /// A partner hook: the districts its partner's tokens cover (required). An internal
    /// hook: the districts whose events it receives; empty: every district.
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

/// A partner hook is sent inquiry events only, so its patterns must be able to match one.
fn partner_pattern(p: &str) -> bool {
    p == "*" || p.starts_with("inquiry.")
}

fn validate(input: &NewWebhook) -> AppResult<()> {
    if let Some(partner) = &input.partner {
        let n = partner.chars().count();
        if n == 0 || n > 100 || partner.trim() != partner {
            return Err(AppError::bad_input(
                "partner",
                "the partner's name as in its tokens' partner claim (1..100 characters)",
            ));
        }
        if input.district_codes.is_empty() {
            return Err(AppError::bad_input(
                "districtCodes",
                "a partner hook names the districts its partner's tokens cover",
            ));
        }
    }
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
    if input.partner.is_some()
        && let Some(bad) = input.events.iter().find(|p| !partner_pattern(p))
    {
        return Err(AppError::bad_input(
            "events",
            format!("{bad:?}: a partner hook receives inquiry events only (inquiry.* or *)"),
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

/// Registers a webhook; deliveries start with the events written after it (its cursor
/// starts at the outbox's head).
pub async fn create(
    db: &DatabaseConnection,
    directory: &DistrictDirectory,
    principal: &Principal,
    input: NewWebhook,
) -> AppResult<webhook::Model> {
    let staff = policy::ensure_may_manage_webhooks(principal)?;
    validate(&input)?;
    let district_ids = directory.expand_codes("districtCodes", &input.district_codes)?;
    let now = crate::service::now();
    let txn = crate::db::begin_write(db).await?;
    let row = webhook::ActiveModel {
        id: Set(Uuid::now_v7()),
        partner: Set(input.partner),
        cursor: Set(super::fanout::head(&txn).await?),
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
    let stored = webhook::Entity::insert(row)
        .exec_with_returning(&txn)
        .await?;
    timeline::outbox(
        &txn,
        timeline::OutboxEntry {
            event: "webhook.created",
            payload: json!({
                "webhookId": stored.id,
                "partner": stored.partner,
                "events": stored.events,
                "by": staff.badge_number,
            }),
            inquiry_id: None,
            district_id: None,
            at: now,
        },
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

/// Disables (or enables again) a webhook. A disabled webhook's deliveries are still
/// created, and wait; enabled again, it is sent them in order (those older than the
/// give-up window are FAILED meanwhile).
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
        timeline::OutboxEntry {
            event: if active {
                "webhook.enabled"
            } else {
                "webhook.disabled"
            },
            payload: json!({ "webhookId": id, "by": staff.badge_number }),
            inquiry_id: None,
            district_id: None,
            at: now,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(stored)
}

/// A page of a webhook's delivery log, newest first.
pub async fn deliveries(
    db: &DatabaseConnection,
    principal: &Principal,
    webhook_id: Uuid,
    status: Option<DeliveryStatus>,
    first: u64,
    after: Option<Cursor>,
) -> AppResult<Page<webhook_delivery::Model>> {
    policy::ensure_may_manage_webhooks(principal)?;
    let mut q =
        webhook_delivery::Entity::find().filter(webhook_delivery::Column::WebhookId.eq(webhook_id));
    if let Some(s) = status {
        q = q.filter(webhook_delivery::Column::Status.eq(s));
    }
    Keyset::by_id(webhook_delivery::Column::Id, Order::Desc)
        .page(db, q, first, after)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(partner: Option<&str>, events: &[&str], districts: &[&str]) -> NewWebhook {
        NewWebhook {
            partner: partner.map(str::to_owned),
            url: "https://hotline.example/hook".into(),
            events: events.iter().map(|e| e.to_string()).collect(),
            district_codes: districts.iter().map(|d| d.to_string()).collect(),
            secret: "0123456789abcdef".into(),
            description: None,
        }
    }

    fn refused_field(input: &NewWebhook) -> Option<String> {
        match validate(input) {
            Err(AppError::BadInput { field, .. }) => Some(field),
            _ => None,
        }
    }

    #[test]
    fn a_partner_hook_names_its_districts_and_asks_for_inquiry_events_only() {
        assert!(validate(&hook(Some("12345-hotline"), &["inquiry.*"], &["441202"])).is_ok());
        assert!(validate(&hook(Some("12345-hotline"), &["*"], &["441200"])).is_ok());
        assert_eq!(
            refused_field(&hook(Some("12345-hotline"), &["inquiry.*"], &[])).as_deref(),
            Some("districtCodes")
        );
        assert_eq!(
            refused_field(&hook(Some("12345-hotline"), &["webhook.*"], &["441202"])).as_deref(),
            Some("events")
        );
        assert_eq!(
            refused_field(&hook(Some(" "), &["inquiry.*"], &["441202"])).as_deref(),
            Some("partner")
        );
        // Internal hooks may ask for anything, in every district.
        assert!(validate(&hook(None, &["webhook.*", "inquiry.*"], &[])).is_ok());
    }

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
