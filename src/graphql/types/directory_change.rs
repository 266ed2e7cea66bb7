//! The directory's audit trail, for administrators.

use async_graphql::{Context, ID, Json, Object, Result};
use chrono::{DateTime, Utc};
use entity::{DirectorySubject as Subject, directory_change};

use super::{
    directory::{Department, Officer},
    enums::{DirectoryAction, DirectorySubject},
    ids::global_id,
};

/// One change of a department or an officer: what changed (`{ field: { from, to } }`),
/// who changed it and when.
pub struct DirectoryChange(pub directory_change::Model);

#[Object]
impl DirectoryChange {
    async fn id(&self) -> ID {
        global_id::<DirectoryChange>(self.0.id)
    }
    async fn subject_kind(&self) -> DirectorySubject {
        self.0.subject_kind.into()
    }
    /// Global id of the department or officer changed.
    async fn subject_id(&self) -> ID {
        match self.0.subject_kind {
            Subject::Department => global_id::<Department>(self.0.subject_id),
            Subject::Officer => global_id::<Officer>(self.0.subject_id),
        }
    }
    async fn action(&self) -> DirectoryAction {
        self.0.action.into()
    }
    /// The changed fields, each as `{ "from": old, "to": new }` (`from` is null on creation).
    async fn changes(&self) -> Json<serde_json::Value> {
        Json(self.0.changes.clone())
    }
    /// The administrator who made the change.
    async fn actor(&self, ctx: &Context<'_>) -> Result<Option<Officer>> {
        Officer::load(ctx, Some(self.0.actor_id)).await
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
