//! Per-request DataLoaders for relations, built with the caller so that what
//! they batch is already filtered by the policy. List resolvers prime them with
//! the ids of the whole page (look-ahead), so nested fields are served from the
//! cache instead of one query per row; the loaders batch whatever is left.

use std::{collections::HashMap, sync::Arc};

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use entity::{
    announcement, answer_entry, answer_entry_version, department, district_setting,
    expert_consultation, feedback, inquiry_event, officer, reply,
};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::{
    auth::{Principal, policy},
    error::{AppError, AppResult},
    service::{
        announcements::queries as announcements, answers::queries as answers, directory,
        inquiry_details, rota,
    },
};

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

/// Loads the stored intake settings of districts (absent: the defaults).
pub struct DistrictSettingLoader(DatabaseConnection);

impl Loader<Uuid> for DistrictSettingLoader {
    type Value = district_setting::Model;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = rota::intake::settings_of(&self.0, keys)
            .await
            .map_err(Arc::new)?;
        Ok(rows.into_iter().map(|s| (s.district_id, s)).collect())
    }
}

/// Groups rows by the inquiry (or library entry) they belong to; every requested key gets an entry.
fn grouped<T>(
    keys: &[Uuid],
    rows: AppResult<Vec<T>>,
    owner_of: fn(&T) -> Uuid,
) -> Result<HashMap<Uuid, Vec<T>>, Arc<AppError>> {
    let mut map: HashMap<Uuid, Vec<T>> = keys.iter().map(|k| (*k, Vec::new())).collect();
    for row in rows.map_err(Arc::new)? {
        map.entry(owner_of(&row)).or_default().push(row);
    }
    Ok(map)
}

/// Loads the replies of inquiries that the request's caller may read.
pub struct RepliesLoader {
    db: DatabaseConnection,
    principal: Principal,
}

impl Loader<Uuid> for RepliesLoader {
    type Value = Vec<reply::Model>;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        grouped(
            keys,
            inquiry_details::replies(&self.db, &self.principal, keys).await,
            |r| r.inquiry_id,
        )
    }
}

/// Loads the timelines of inquiries.
pub struct EventsLoader(DatabaseConnection);

impl Loader<Uuid> for EventsLoader {
    type Value = Vec<inquiry_event::Model>;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        grouped(keys, inquiry_details::events(&self.0, keys).await, |e| {
            e.inquiry_id
        })
    }
}

/// Loads the ratings of inquiries.
pub struct FeedbackLoader(DatabaseConnection);

impl Loader<Uuid> for FeedbackLoader {
    type Value = Vec<feedback::Model>;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        grouped(keys, inquiry_details::feedback(&self.0, keys).await, |f| {
            f.inquiry_id
        })
    }
}

/// Loads the expert consultations of inquiries; none for callers without the policy's
/// permit to read what is internal.
pub struct ConsultationsLoader {
    db: DatabaseConnection,
    principal: Principal,
}

impl Loader<Uuid> for ConsultationsLoader {
    type Value = Vec<expert_consultation::Model>;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let Some(permit) = policy::internal_reader(&self.principal) else {
            return Ok(HashMap::new());
        };
        grouped(
            keys,
            inquiry_details::consultations(&self.db, &permit, keys).await,
            |c| c.inquiry_id,
        )
    }
}

/// Loads answer-library entries; empty for callers who may not read the library.
pub struct AnswerEntryLoader {
    db: DatabaseConnection,
    principal: Principal,
}

impl Loader<Uuid> for AnswerEntryLoader {
    type Value = answer_entry::Model;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = answers::by_ids(&self.db, &self.principal, keys)
            .await
            .map_err(Arc::new)?;
        Ok(rows.into_iter().map(|e| (e.id, e)).collect())
    }
}

/// Loads every revision of answer-library entries, oldest first, keyed by entry.
pub struct AnswerVersionsLoader {
    db: DatabaseConnection,
    principal: Principal,
}

impl Loader<Uuid> for AnswerVersionsLoader {
    type Value = Vec<answer_entry_version::Model>;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        grouped(
            keys,
            answers::versions(&self.db, &self.principal, keys).await,
            |v| v.answer_entry_id,
        )
    }
}

/// Loads announcements by id (public data, no scoping).
pub struct AnnouncementLoader(DatabaseConnection);

impl Loader<Uuid> for AnnouncementLoader {
    type Value = announcement::Model;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = announcements::by_ids(&self.0, keys)
            .await
            .map_err(Arc::new)?;
        Ok(rows.into_iter().map(|a| (a.id, a)).collect())
    }
}

/// Loads the correction of announcements, keyed by the announcement corrected.
pub struct CorrectionLoader(DatabaseConnection);

/// Every key gets an entry (None: not corrected), so "not corrected" is cached too and a
/// page primed once never asks again.
impl Loader<Uuid> for CorrectionLoader {
    type Value = Option<announcement::Model>;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = announcements::corrections_of(&self.0, keys)
            .await
            .map_err(Arc::new)?;
        let mut found: HashMap<Uuid, Self::Value> = keys.iter().map(|k| (*k, None)).collect();
        for a in rows {
            if let Some(original) = a.corrects_id {
                found.insert(original, Some(a));
            }
        }
        Ok(found)
    }
}

type Cached<L> = DataLoader<L, HashMapCache>;

fn cached<L: Loader<Uuid>>(loader: L) -> Cached<L> {
    DataLoader::with_cache(loader, tokio::spawn, HashMapCache::default())
}

/// The loaders of one request (caches live as long as the request).
pub struct Loaders {
    pub department: Cached<DepartmentLoader>,
    pub officer: Cached<OfficerLoader>,
    pub replies: Cached<RepliesLoader>,
    pub events: Cached<EventsLoader>,
    pub feedback: Cached<FeedbackLoader>,
    pub consultations: Cached<ConsultationsLoader>,
    pub answer_entry: Cached<AnswerEntryLoader>,
    pub answer_versions: Cached<AnswerVersionsLoader>,
    pub district_setting: Cached<DistrictSettingLoader>,
    pub announcement: Cached<AnnouncementLoader>,
    pub correction: Cached<CorrectionLoader>,
}

impl Loaders {
    pub fn new(db: &DatabaseConnection, principal: &Principal) -> Self {
        Self {
            department: cached(DepartmentLoader(db.clone())),
            officer: cached(OfficerLoader(db.clone())),
            replies: cached(RepliesLoader {
                db: db.clone(),
                principal: principal.clone(),
            }),
            events: cached(EventsLoader(db.clone())),
            feedback: cached(FeedbackLoader(db.clone())),
            consultations: cached(ConsultationsLoader {
                db: db.clone(),
                principal: principal.clone(),
            }),
            answer_entry: cached(AnswerEntryLoader {
                db: db.clone(),
                principal: principal.clone(),
            }),
            answer_versions: cached(AnswerVersionsLoader {
                db: db.clone(),
                principal: principal.clone(),
            }),
            district_setting: cached(DistrictSettingLoader(db.clone())),
            announcement: cached(AnnouncementLoader(db.clone())),
            correction: cached(CorrectionLoader(db.clone())),
        }
    }
}

/// Turns a loader failure into the client-facing error.
pub fn loader_error(e: Arc<AppError>) -> async_graphql::Error {
    use async_graphql::ErrorExtensions;
    e.as_ref().extend()
}
