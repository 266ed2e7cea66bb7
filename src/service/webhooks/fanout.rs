//! Fan-out by cursor: every webhook, enabled or not, walks the outbox in position order
//! (dense and commit-ordered, see `timeline::outbox`) from its own cursor. Each event it
//! may receive becomes one delivery, and the cursor moves past the batch, in one
//! transaction. Nothing committed is ever behind a hook's cursor.
//!
//! - What a hook may receive is the policy's: a partner hook only the inquiry events
//!   its partner's token reads ([`policy::inquiry_scope`], [`policy::event_view`]), with
//!   the fields that view shows; an internal
//!   hook every event of its districts.
//! - A disabled hook's deliveries are created too; they wait (the sender skips disabled
//!   hooks) and go out in order once it is enabled, or are given up after the give-up
//!   window (FAILED).
//! - Idempotent across processes: the cursor only moves from the value the batch was
//!   read at (a conditional update), and the delivery log has one row per (webhook, event).

use std::collections::HashMap;

use entity::{
    DeliveryStatus, InquiryKind, inquiry, inquiry_event, outbox, webhook, webhook_delivery,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::OnConflict,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    auth::policy,
    error::AppResult,
    service::ids::{self as global_ids, Kind},
};

/// Outbox rows read per hook and batch.
const BATCH: u64 = 200;
/// Batches per hook and round, so one hook far behind does not hold up the others.
const BATCHES_PER_ROUND: usize = 10;

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

fn district_ids(hook: &webhook::Model) -> Vec<Uuid> {
    strings(&hook.district_ids)
        .iter()
        .filter_map(|d| d.parse().ok())
        .collect()
}

/// The outbox's head: the newest committed position.
pub async fn head(db: &impl ConnectionTrait) -> AppResult<i64> {
    Ok(crate::realtime::cursor::bounds(db).await?.last_position)
}

/// One round: moves every hook that is behind the head forward; returns the deliveries
/// created.
pub async fn fan_out(db: &DatabaseConnection) -> AppResult<usize> {
    // Cheap reads first, so idle rounds never take SQLite's write lock.
    let head = head(db).await?;
    let hooks = webhook::Entity::find()
        .filter(webhook::Column::Cursor.lt(head))
        .order_by_asc(webhook::Column::Id)
        .all(db)
        .await?;
    let mut created = 0;
    for mut hook in hooks {
        for _ in 0..BATCHES_PER_ROUND {
            match fan_out_batch(db, &hook).await? {
                Some((cursor, n)) if cursor < head => {
                    created += n;
                    hook.cursor = cursor;
                }
                Some((_, n)) => {
                    created += n;
                    break;
                }
                // Caught up, or another process moved this hook meanwhile.
                None => break,
            }
        }
    }
    Ok(created)
}

/// One batch of one hook: `Some((new cursor, deliveries created))`, or `None` when there
/// was nothing to read or another process fanned these rows out first.
async fn fan_out_batch(
    db: &DatabaseConnection,
    hook: &webhook::Model,
) -> AppResult<Option<(i64, usize)>> {
    let rows = outbox::Entity::find()
        .filter(outbox::Column::Position.gt(hook.cursor))
        .order_by_asc(outbox::Column::Position)
        .limit(BATCH)
        .all(db)
        .await?;
    let Some(last) = rows.last().map(|r| r.position) else {
        return Ok(None);
    };
    let payloads = match &hook.partner {
        None => internal_payloads(db, hook, &rows).await?,
        Some(partner) => partner_payloads(db, hook, partner, &rows).await?,
    };
    let now = crate::service::now();
    let deliveries: Vec<webhook_delivery::ActiveModel> = payloads
        .into_iter()
        .map(|(row, payload)| webhook_delivery::ActiveModel {
            id: Set(Uuid::now_v7()),
            webhook_id: Set(hook.id),
            outbox_id: Set(row.id),
            position: Set(row.position),
            inquiry_id: Set(row.inquiry_id),
            event: Set(row.event.clone()),
            payload: Set(payload),
            status: Set(DeliveryStatus::Pending),
            attempts: Set(0),
            next_attempt_at: Set(now),
            last_status_code: Set(None),
            last_error: Set(None),
            delivered_at: Set(None),
            // The event's time: the give-up window counts from it.
            created_at: Set(row.created_at),
            updated_at: Set(now),
        })
        .collect();
    let created = deliveries.len();
    let txn = crate::db::begin_write(db).await?;
    // Claim the batch first: on PostgreSQL a second process waits here for the row lock
    // and then finds the cursor moved.
    let moved = webhook::Entity::update_many()
        .col_expr(
            webhook::Column::Cursor,
            sea_orm::sea_query::Expr::value(last),
        )
        .filter(webhook::Column::Id.eq(hook.id))
        .filter(webhook::Column::Cursor.eq(hook.cursor))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        txn.rollback().await?;
        return Ok(None);
    }
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
    txn.commit().await?;
    Ok(Some((last, created)))
}

/// `event` patterns of the hook cover the row's event, and the hook's kind may receive it.
fn asks_for(hook: &webhook::Model, row: &outbox::Model) -> bool {
    policy::hook_may_receive(hook.partner.as_deref(), &row.event)
        && strings(&hook.events)
            .iter()
            .any(|p| event_matches(p, &row.event))
}

/// The inquiries of `rows` (that `scope` lets through), by id.
async fn inquiries_of(
    db: &impl ConnectionTrait,
    rows: &[&outbox::Model],
    scope: Option<sea_orm::Condition>,
) -> AppResult<HashMap<Uuid, inquiry::Model>> {
    let ids: Vec<Uuid> = rows.iter().filter_map(|r| r.inquiry_id).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut q = inquiry::Entity::find().filter(inquiry::Column::Id.is_in(ids));
    if let Some(scope) = scope {
        q = q.filter(scope);
    }
    Ok(q.all(db).await?.into_iter().map(|i| (i.id, i)).collect())
}

/// The timeline entry an inquiry event announces (its `eventId`).
fn timeline_id(row: &outbox::Model) -> Option<Uuid> {
    row.payload
        .get("eventId")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
}

/// An internal hook: every event it asks for in its districts (none named: all), as the
/// outbox has it, with the full event name, the inquiry kind and the inquiry's global id.
async fn internal_payloads<'r>(
    db: &DatabaseConnection,
    hook: &webhook::Model,
    rows: &'r [outbox::Model],
) -> AppResult<Vec<(&'r outbox::Model, Value)>> {
    let districts = district_ids(hook);
    let wanted: Vec<&outbox::Model> = rows
        .iter()
        .filter(|r| asks_for(hook, r))
        .filter(|r| districts.is_empty() || r.district_id.is_some_and(|d| districts.contains(&d)))
        .collect();
    let inquiries = inquiries_of(db, &wanted, None).await?;
    Ok(wanted
        .into_iter()
        .map(|row| {
            let mut payload = row.payload.clone();
            if let Some(map) = payload.as_object_mut() {
                map.insert("event".into(), json!(row.event));
                if let Some(id) = row.inquiry_id {
                    map.insert(
                        "inquiry".into(),
                        json!(global_ids::encode(Kind::Inquiry, id)),
                    );
                    let kind: Option<InquiryKind> = inquiries.get(&id).map(|i| i.kind);
                    map.insert("inquiryKind".into(), json!(kind.map(|k| k.as_str())));
                }
            }
            (row, payload)
        })
        .collect())
}

/// A partner hook: the inquiry events its partner's token reads, in the hook's districts,
/// with what that partner's view of the timeline entry shows.
async fn partner_payloads<'r>(
    db: &DatabaseConnection,
    hook: &webhook::Model,
    partner: &str,
    rows: &'r [outbox::Model],
) -> AppResult<Vec<(&'r outbox::Model, Value)>> {
    let principal = policy::partner_hook_principal(hook.id, partner, district_ids(hook));
    let wanted: Vec<&outbox::Model> = rows
        .iter()
        .filter(|r| asks_for(hook, r) && r.inquiry_id.is_some() && timeline_id(r).is_some())
        .collect();
    let inquiries = inquiries_of(db, &wanted, Some(policy::inquiry_scope(&principal))).await?;
    let wanted: Vec<&outbox::Model> = wanted
        .into_iter()
        .filter(|r| r.inquiry_id.is_some_and(|id| inquiries.contains_key(&id)))
        .collect();
    let entry_ids: Vec<Uuid> = wanted.iter().filter_map(|r| timeline_id(r)).collect();
    let entries: HashMap<Uuid, inquiry_event::Model> = if entry_ids.is_empty() {
        HashMap::new()
    } else {
        inquiry_event::Entity::find()
            .filter(inquiry_event::Column::Id.is_in(entry_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect()
    };
    let mut out = Vec::new();
    for row in wanted {
        let (Some(inquiry), Some(entry)) = (
            row.inquiry_id.and_then(|id| inquiries.get(&id)),
            timeline_id(row).and_then(|id| entries.get(&id)),
        ) else {
            continue;
        };
        let Some(view) =
            policy::event_view(policy::EventViewer::Principal(&principal), inquiry, entry)
        else {
            continue;
        };
        let mut payload = json!({
            "event": row.event,
            "inquiryKind": inquiry.kind.as_str(),
            "inquiry": global_ids::encode(Kind::Inquiry, inquiry.id),
            "reference": inquiry.reference,
            "externalRef": inquiry.external_ref,
            // The status the event left the inquiry in, not the one it has now.
            "status": row.payload.get("status").cloned().unwrap_or(Value::Null),
            "at": row.payload.get("at").cloned().unwrap_or(json!(row.created_at)),
        });
        if view.note
            && let Some(note) = &entry.note
        {
            payload["note"] = json!(note);
        }
        if view.data
            && let Some(data) = &entry.data
        {
            payload["details"] = data.clone();
        }
        out.push((row, payload));
    }
    Ok(out)
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
