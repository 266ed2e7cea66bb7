//! Events read from the log with what every subscriber needs to decide on them: the
//! inquiry and the timeline entry, loaded in two statements per batch and shared, so a
//! burst costs the database per batch, not per subscriber and event.

use std::sync::Arc;

use entity::{inquiry, inquiry_event, outbox};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::OutboxEvent;
use crate::error::AppResult;

/// `rows` as events, in the same order, with their inquiries and timeline entries.
pub async fn enrich(
    db: &impl ConnectionTrait,
    rows: Vec<outbox::Model>,
) -> AppResult<Vec<Arc<OutboxEvent>>> {
    let mut events: Vec<OutboxEvent> = rows.into_iter().map(OutboxEvent::from).collect();
    let mut inquiry_ids: Vec<Uuid> = events
        .iter()
        .filter(|e| e.event.starts_with("inquiry."))
        .filter_map(|e| e.inquiry_id)
        .collect();
    inquiry_ids.sort_unstable();
    inquiry_ids.dedup();
    let entry_ids: Vec<Uuid> = events
        .iter()
        .filter_map(OutboxEvent::timeline_event_id)
        .collect();
    let inquiries = if inquiry_ids.is_empty() {
        Vec::new()
    } else {
        inquiry::Entity::find()
            .filter(inquiry::Column::Id.is_in(inquiry_ids))
            .all(db)
            .await?
    };
    let entries = if entry_ids.is_empty() {
        Vec::new()
    } else {
        inquiry_event::Entity::find()
            .filter(inquiry_event::Column::Id.is_in(entry_ids))
            .all(db)
            .await?
    };
    for event in &mut events {
        if !event.event.starts_with("inquiry.") {
            continue;
        }
        event.inquiry = inquiries
            .iter()
            .find(|i| Some(i.id) == event.inquiry_id)
            .cloned();
        event.entry = event
            .timeline_event_id()
            .and_then(|id| entries.iter().find(|t| t.id == id))
            .cloned();
    }
    Ok(events.into_iter().map(Arc::new).collect())
}
