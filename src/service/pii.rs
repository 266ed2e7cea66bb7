//! The audit trail of unmasked reads of citizens' names and phones.

use std::sync::Mutex;

use entity::pii_access;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::{auth::Principal, error::AppResult};

/// Collects the unmasked reads of one request, written in one statement at its end.
#[derive(Debug, Default)]
pub struct PiiAccessLog {
    reads: Mutex<Vec<(Uuid, &'static str)>>,
}

impl PiiAccessLog {
    /// Notes that `field` of `inquiry_id` was shown unmasked.
    pub fn note(&self, inquiry_id: Uuid, field: &'static str) {
        if let Ok(mut reads) = self.reads.lock() {
            reads.push((inquiry_id, field));
        }
    }

    /// Writes one `pii_access` row per inquiry read, naming the fields shown.
    pub async fn flush(&self, db: &impl ConnectionTrait, principal: &Principal) -> AppResult<()> {
        let reads = match self.reads.lock() {
            Ok(mut r) => std::mem::take(&mut *r),
            Err(_) => return Ok(()),
        };
        if reads.is_empty() {
            return Ok(());
        }
        let mut by_inquiry: Vec<(Uuid, Vec<&'static str>)> = Vec::new();
        for (id, field) in reads {
            match by_inquiry.iter_mut().find(|(i, _)| *i == id) {
                Some((_, fields)) if !fields.contains(&field) => fields.push(field),
                Some(_) => {}
                None => by_inquiry.push((id, vec![field])),
            }
        }
        let now = super::now();
        let officer_id = principal.staff().map(|s| s.officer_id);
        let accessor = principal.subject_label();
        let rows = by_inquiry
            .into_iter()
            .map(|(inquiry_id, fields)| pii_access::ActiveModel {
                id: Set(Uuid::now_v7()),
                inquiry_id: Set(inquiry_id),
                officer_id: Set(officer_id),
                accessor: Set(accessor.clone()),
                fields: Set(fields.join(",")),
                accessed_at: Set(now),
                created_at: Set(now),
                updated_at: Set(now),
            });
        pii_access::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
        Ok(())
    }
}
