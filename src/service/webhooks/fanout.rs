//! Fan-out: each new outbox row becomes one delivery per active webhook that wants its
//! event and district, then the row is marked delivered (handed to the webhooks).
//! Idempotent: the delivery log has one row per (webhook, event), so two processes
//! fanning out the same rows at once produce each delivery once.

use entity::{DeliveryStatus, outbox, webhook, webhook_delivery};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::OnConflict,
};
use uuid::Uuid;

use crate::error::AppResult;

/// Outbox rows handled per round.
const BATCH: u64 = 200;

/// True when `pattern` (`*`, `inquiry.*` or an exact name) covers `event`.
pub fn event_matches(pattern: &str, event: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some("") => true,
        Some(prefix) => event.starts_with(prefix),
        None => pattern == event,
    }
}

/// The stored JSON array of strings, as strings (anything else is ignored).
pub fn strings(json: &serde_json::Value) -> Vec<String> {
    json.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn wants(hook: &webhook::Model, row: &outbox::Model) -> bool {
    let events = strings(&hook.events);
    if !events.iter().any(|p| event_matches(p, &row.event)) {
        return false;
    }
    let districts = strings(&hook.district_ids);
    // No restriction: everything. Restricted: only events of those districts.
    districts.is_empty()
        || row
            .district_id
            .is_some_and(|d| districts.iter().any(|x| *x == d.to_string()))
}

/// One round: turns up to [`BATCH`] undelivered outbox rows into deliveries.
pub async fn fan_out(db: &DatabaseConnection) -> AppResult<usize> {
    // A cheap read first, so idle rounds never take SQLite's write lock.
    let pending = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(outbox::Column::DeliveredAt.is_null())
        .limit(1)
        .into_tuple::<Uuid>()
        .one(db)
        .await?;
    if pending.is_none() {
        return Ok(0);
    }
    let txn = crate::db::begin_write(db).await?;
    let rows = outbox::Entity::find()
        .filter(outbox::Column::DeliveredAt.is_null())
        .order_by_asc(outbox::Column::Id)
        .limit(BATCH)
        .all(&txn)
        .await?;
    let hooks = webhook::Entity::find()
        .filter(webhook::Column::Active.eq(true))
        .all(&txn)
        .await?;
    let now = crate::service::now();
    let mut deliveries = Vec::new();
    for row in &rows {
        for hook in hooks.iter().filter(|h| wants(h, row)) {
            deliveries.push(webhook_delivery::ActiveModel {
                id: Set(Uuid::now_v7()),
                webhook_id: Set(hook.id),
                outbox_id: Set(row.id),
                event: Set(row.event.clone()),
                payload: Set(row.payload.clone()),
                status: Set(DeliveryStatus::Pending),
                attempts: Set(0),
                next_attempt_at: Set(now),
                last_status_code: Set(None),
                last_error: Set(None),
                delivered_at: Set(None),
                created_at: Set(row.created_at),
                updated_at: Set(now),
            });
        }
    }
    let created = deliveries.len();
    for chunk in deliveries.chunks(100) {
        let insert = webhook_delivery::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::columns([
                    webhook_delivery::Column::WebhookId,
                    webhook_delivery::Column::OutboxId,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&txn)
            .await;
        match insert {
            Ok(_) | Err(DbErr::RecordNotInserted) => {}
            Err(e) => return Err(e.into()),
        }
    }
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::DeliveredAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(outbox::Column::Id.is_in(rows.iter().map(|r| r.id)))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::event_matches;

    #[test]
    fn patterns_match_exact_names_prefixes_and_everything() {
        assert!(event_matches("inquiry.*", "inquiry.received"));
        assert!(event_matches("*", "announcement.published"));
        assert!(event_matches("inquiry.replied", "inquiry.replied"));
        assert!(!event_matches("inquiry.replied", "inquiry.resolved"));
        assert!(!event_matches("inquiry.*", "announcement.published"));
    }
}
