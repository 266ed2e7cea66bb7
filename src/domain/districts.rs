//! The district tree (city and county-level units) kept in memory: it is small,
//! changes only with administrative reorganisation, and is read on every request.

use std::collections::HashMap;

use entity::district;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use crate::error::AppError;

/// All districts, by id and by administrative code.
#[derive(Debug, Clone, Default)]
pub struct DistrictDirectory {
    by_id: HashMap<Uuid, district::Model>,
    by_code: HashMap<String, Uuid>,
    ordered: Vec<Uuid>,
}

impl DistrictDirectory {
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        let mut rows = district::Entity::find().all(db).await?;
        rows.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(Self::from_rows(rows))
    }

    pub fn from_rows(rows: Vec<district::Model>) -> Self {
        let ordered = rows.iter().map(|d| d.id).collect();
        let by_code = rows.iter().map(|d| (d.code.clone(), d.id)).collect();
        let by_id = rows.into_iter().map(|d| (d.id, d)).collect();
        Self {
            by_id,
            by_code,
            ordered,
        }
    }

    pub fn get(&self, id: Uuid) -> Option<&district::Model> {
        self.by_id.get(&id)
    }

    pub fn by_code(&self, code: &str) -> Option<&district::Model> {
        self.by_code.get(code).and_then(|id| self.by_id.get(id))
    }

    /// The district a caller's input names in `field`: the one place a code from outside
    /// is trimmed and looked up, so every unknown code is refused alike (`BAD_USER_INPUT`
    /// on that field).
    pub fn resolve(&self, field: &str, code: &str) -> Result<&district::Model, AppError> {
        let code = code.trim();
        self.by_code(code)
            .ok_or_else(|| AppError::bad_input(field, format!("unknown district {code}")))
    }

    /// Every district, ordered by code.
    pub fn all(&self) -> impl Iterator<Item = &district::Model> {
        self.ordered.iter().filter_map(|id| self.by_id.get(id))
    }

    /// The ids of `id` and every district below it.
    pub fn subtree(&self, id: Uuid) -> Vec<Uuid> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            let parent = out[i];
            out.extend(
                self.ordered
                    .iter()
                    .copied()
                    .filter(|c| self.by_id[c].parent_id == Some(parent)),
            );
            i += 1;
        }
        out
    }

    /// Resolves the codes in `field` to ids including sub-districts.
    pub fn expand_codes(&self, field: &str, codes: &[String]) -> Result<Vec<Uuid>, AppError> {
        let mut ids = Vec::new();
        for code in codes {
            let id = self.resolve(field, code)?.id;
            for d in self.subtree(id) {
                if !ids.contains(&d) {
                    ids.push(d);
                }
            }
        }
        Ok(ids)
    }
}
