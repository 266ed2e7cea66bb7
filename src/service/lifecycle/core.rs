//! What every lifecycle command shares: loading the inquiry in scope inside the
//! write transaction, the optimistic version check, the conditional save, and
//! the actor of the timeline entry.

use entity::{ActorKind, EventKind, InquiryStatus, inquiry};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter,
};
use uuid::Uuid;

use crate::domain::transitions::{self, Action};
use crate::{
    auth::{Principal, StaffPrincipal, policy},
    db::begin_write,
    error::{AppError, AppResult},
    service::timeline::{self, NewEvent},
};

/// Loads the inquiry if the caller may see it, and checks the version the caller last saw.
pub async fn load(
    txn: &DatabaseTransaction,
    principal: &Principal,
    id: Uuid,
    expected_version: Option<i32>,
) -> AppResult<inquiry::Model> {
    let current = inquiry::Entity::find_by_id(id)
        .filter(policy::inquiry_scope(principal))
        .one(txn)
        .await?
        .ok_or(AppError::NotFound("inquiry"))?;
    if let Some(v) = expected_version
        && v != current.version
    {
        return Err(stale(current.version));
    }
    Ok(current)
}

fn stale(current: i32) -> AppError {
    AppError::StaleVersion {
        what: "inquiry",
        current,
    }
}

/// Writes `changes` only if nobody else saved the inquiry since `current` was read;
/// bumps the version and `updated_at`. A lost race is `CONFLICT`, never a silent overwrite.
/// A change that withdraws a pending transfer (its department set to none) withdraws the
/// district it would have moved into with it, whichever command made it.
pub async fn save(
    txn: &DatabaseTransaction,
    current: &inquiry::Model,
    mut changes: inquiry::ActiveModel,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<inquiry::Model> {
    if matches!(changes.pending_transfer_department_id, Set(None)) {
        changes.pending_transfer_district_id = Set(None);
    }
    changes.version = Set(current.version + 1);
    changes.updated_at = Set(now);
    let updated = inquiry::Entity::update_many()
        .set(changes)
        .filter(inquiry::Column::Id.eq(current.id))
        .filter(inquiry::Column::Version.eq(current.version))
        .exec_with_returning(txn)
        .await?;
    match updated.into_iter().next() {
        Some(saved) => Ok(saved),
        // Lost a race: report the version the winner left.
        None => {
            let now_at = inquiry::Entity::find_by_id(current.id)
                .one(txn)
                .await?
                .map_or(current.version + 1, |row| row.version);
            Err(stale(now_at))
        }
    }
}

/// A timeline entry by the caller.
pub fn event(
    principal: &Principal,
    kind: EventKind,
    public: bool,
    note: Option<String>,
    data: Option<serde_json::Value>,
) -> NewEvent {
    let (actor_kind, actor_officer_id) = match principal {
        Principal::Anonymous => (ActorKind::Anonymous, None),
        Principal::Citizen { .. } => (ActorKind::Citizen, None),
        Principal::Partner { .. } => (ActorKind::Partner, None),
        Principal::Staff(s) => (ActorKind::Officer, Some(s.officer_id)),
    };
    NewEvent {
        kind,
        actor_kind,
        actor_officer_id,
        actor_subject: Some(principal.subject_label()),
        public,
        note,
        data,
    }
}

/// An empty change set to fill in.
pub fn changes() -> inquiry::ActiveModel {
    inquiry::ActiveModel {
        ..Default::default()
    }
}

/// One lifecycle command in progress: the write transaction, the inquiry as loaded
/// (scope and version checked), and the status the transition table leads to. Commands
/// read what they need through `txn`, then [`Step::finish`] saves, records and commits.
/// Every command that changes an inquiry goes through a `Step`, so none skips the policy
/// check or the transition table.
pub struct Step<'a> {
    pub txn: DatabaseTransaction,
    pub current: inquiry::Model,
    pub next: InquiryStatus,
    pub now: chrono::DateTime<chrono::Utc>,
    /// Who the timeline entries name.
    actor: Principal,
    /// The member of staff the policy let take the action; none for a citizen's rating.
    staff: Option<&'a StaffPrincipal>,
}

impl<'a> Step<'a> {
    /// Loads the inquiry in the caller's scope, checks `expected_version`, then asks
    /// [`policy::ensure_may_take`]: the caller's role, the transition table and the action's
    /// preconditions (the same decision `Inquiry.viewerActions` lists).
    pub async fn begin(
        db: &DatabaseConnection,
        principal: &'a Principal,
        id: Uuid,
        expected_version: Option<i32>,
        action: Action,
    ) -> AppResult<Step<'a>> {
        // Who may work inquiries at all comes first: a caller without a staff token learns
        // nothing about whether the inquiry exists.
        policy::require_role(
            principal,
            policy::Needed::Staff,
            "inquiries are worked by staff",
        )?;
        let txn = begin_write(db).await?;
        let current = load(&txn, principal, id, expected_version).await?;
        let facts = super::facts::load(&txn, principal, &current, &[action]).await?;
        let permit = policy::ensure_may_take(principal, action, &current, &facts)?;
        let next = transitions::check(current.status, action)?;
        Ok(Step {
            txn,
            current,
            next,
            now: crate::service::now(),
            actor: principal.clone(),
            staff: Some(permit.staff()),
        })
    }

    /// [`Step::begin`] for the caller of `ctx`.
    pub async fn start(
        ctx: super::Ctx<'a>,
        id: Uuid,
        expected_version: Option<i32>,
        action: Action,
    ) -> AppResult<Step<'a>> {
        Self::begin(ctx.db, ctx.principal, id, expected_version, action).await
    }

    /// A citizen's rating of inquiry `id`, which the caller has shown to be theirs (tracking
    /// code or own token): the policy's rule for raters, the transition table, then the
    /// preconditions (not rated since it was resolved). The
    /// timeline names the citizen (anonymous when rated with the tracking code).
    pub async fn begin_rating(
        db: &DatabaseConnection,
        principal: &Principal,
        id: Uuid,
    ) -> AppResult<Step<'a>> {
        policy::ensure_may_rate(principal)?;
        let txn = begin_write(db).await?;
        let current = inquiry::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound("inquiry"))?;
        let next = transitions::check(current.status, Action::Rate)?;
        let facts = super::facts::load(&txn, principal, &current, &[Action::Rate]).await?;
        policy::ensure_ready(Action::Rate, &current, &facts)?;
        let actor = match principal {
            Principal::Citizen { .. } => principal.clone(),
            _ => Principal::Anonymous,
        };
        Ok(Step {
            txn,
            current,
            next,
            now: crate::service::now(),
            actor,
            staff: None,
        })
    }

    /// The member of staff taking the action.
    pub fn staff(&self) -> AppResult<&'a StaffPrincipal> {
        self.staff
            .ok_or_else(|| AppError::Internal("a staff command without a staff permit".into()))
    }

    /// Saves `changes` with the new status and appends the timeline entry and its outbox
    /// row, without committing: for a command that goes on with [`Step::then`].
    pub async fn apply(
        &mut self,
        mut changes: inquiry::ActiveModel,
        entry: Entry,
    ) -> AppResult<&inquiry::Model> {
        changes.status = Set(self.next);
        let updated = save(&self.txn, &self.current, changes, self.now).await?;
        let new_event = event(
            &self.actor,
            entry.kind,
            entry.public,
            entry.note,
            entry.data,
        );
        timeline::record(&self.txn, &updated, new_event, self.now).await?;
        self.current = updated;
        Ok(&self.current)
    }

    /// A further action of the same command (a rating that reopens), checked against the
    /// table from where the command has got to.
    pub fn then(&mut self, action: Action) -> AppResult<()> {
        self.next = transitions::check(self.current.status, action)?;
        Ok(())
    }

    /// Saves `changes` with the new status, appends the timeline entry and its outbox
    /// row, and commits them together.
    pub async fn finish(
        mut self,
        changes: inquiry::ActiveModel,
        entry: Entry,
    ) -> AppResult<inquiry::Model> {
        self.apply(changes, entry).await?;
        self.commit().await
    }

    /// Commits what [`Step::apply`] wrote.
    pub async fn commit(self) -> AppResult<inquiry::Model> {
        self.txn.commit().await?;
        Ok(self.current)
    }
}

/// The timeline entry a command writes.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: EventKind,
    /// Shown to the citizen in `trackInquiry`.
    pub public: bool,
    pub note: Option<String>,
    pub data: Option<serde_json::Value>,
}

impl Entry {
    /// An entry only staff see.
    pub fn internal(kind: EventKind) -> Self {
        Self {
            kind,
            public: false,
            note: None,
            data: None,
        }
    }

    /// An entry the citizen sees too.
    pub fn public(kind: EventKind) -> Self {
        Self {
            kind,
            public: true,
            note: None,
            data: None,
        }
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    pub fn data(mut self, data: serde_json::Value) -> Self {
        self.data = Some(data);
        self
    }
}
