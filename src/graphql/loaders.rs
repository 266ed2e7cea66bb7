//! Per-request DataLoaders for relations. List resolvers prime them with the
//! ids of the whole page (look-ahead), so nested fields are served from the
//! cache instead of one query per row; the loaders batch whatever is left.

use std::{collections::HashMap, sync::Arc};

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use entity::{department, officer};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::{error::AppError, service::directory};

/// Loads departments by id.
pub struct DepartmentLoader(DatabaseConnection);

impl Loader<Uuid> for DepartmentLoader {
    type Value = department::Model;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = directory::departments_by_ids(&self.0, keys)
            .await
            .map_err(Arc::new)?;
        Ok(rows.into_iter().map(|d| (d.id, d)).collect())
    }
}

/// Loads officers by id.
pub struct OfficerLoader(DatabaseConnection);

impl Loader<Uuid> for OfficerLoader {
    type Value = officer::Model;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = directory::officers_by_ids(&self.0, keys)
            .await
            .map_err(Arc::new)?;
        Ok(rows.into_iter().map(|o| (o.id, o)).collect())
    }
}

/// The loaders of one request (caches live as long as the request).
pub struct Loaders {
    pub department: DataLoader<DepartmentLoader, HashMapCache>,
    pub officer: DataLoader<OfficerLoader, HashMapCache>,
}

impl Loaders {
    pub fn new(db: &DatabaseConnection) -> Self {
        Self {
            department: DataLoader::with_cache(
                DepartmentLoader(db.clone()),
                tokio::spawn,
                HashMapCache::default(),
            ),
            officer: DataLoader::with_cache(
                OfficerLoader(db.clone()),
                tokio::spawn,
                HashMapCache::default(),
            ),
        }
    }
}

/// Turns a loader failure into the client-facing error.
pub fn loader_error(e: Arc<AppError>) -> async_graphql::Error {
    use async_graphql::ErrorExtensions;
    e.as_ref().extend()
}
