//! The facts about rows around an inquiry that `policy::ensure_ready` decides on, loaded for
//! the actions in question only (a list of inquiries asks few statements per row), and the
//! `viewerActions` read built on them.

use entity::{ReplyVisibility, department, expert_consultation, feedback, inquiry, reply};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};

use crate::{
    auth::{
        Principal,
        policy::{self, Facts},
    },
    domain::transitions::Action,
    error::AppResult,
};

/// The facts `actions` depend on; the others stay [`Facts::FAVOURABLE`] (not asked).
pub async fn load(
    db: &impl ConnectionTrait,
    principal: &Principal,
    current: &inquiry::Model,
    actions: &[Action],
) -> AppResult<Facts> {
    let mut facts = Facts::FAVOURABLE;
    let wants = |a: Action| actions.contains(&a);
    if wants(Action::Resolve) || wants(Action::CorrectReply) {
        let kinds: Vec<ReplyVisibility> = reply::Entity::find()
            .select_only()
            .column(reply::Column::Visibility)
            .distinct()
            .filter(reply::Column::InquiryId.eq(current.id))
            .into_tuple()
            .all(db)
            .await?;
        facts.has_replies = !kinds.is_empty();
        facts.replied_to_citizen = kinds.iter().any(|k| *k != ReplyVisibility::Internal);
    }
    if wants(Action::Advise) {
        facts.consulted_caller = match principal.staff() {
            Some(staff) => {
                expert_consultation::Entity::find()
                    .filter(expert_consultation::Column::InquiryId.eq(current.id))
                    .filter(expert_consultation::Column::ExpertId.eq(staff.officer_id))
                    .filter(expert_consultation::Column::AnsweredAt.is_null())
                    .count(db)
                    .await?
                    > 0
            }
            None => false,
        };
    }
    if wants(Action::Rate) {
        let resolved_at = current.resolved_at.unwrap_or(current.updated_at);
        facts.rated = feedback::Entity::find()
            .filter(feedback::Column::InquiryId.eq(current.id))
            .filter(feedback::Column::CreatedAt.gte(resolved_at))
            .count(db)
            .await?
            > 0;
    }
    if wants(Action::AcceptTransfer)
        && let Some(target) = current.pending_transfer_department_id
    {
        facts.transfer_target_active = department::Entity::find_by_id(target)
            .one(db)
            .await?
            .is_some_and(|d| d.active);
    }
    Ok(facts)
}

/// The lifecycle actions the caller may take on `current` (loaded in its scope) now:
/// [`policy::allowed_actions`] with the facts its candidates depend on.
pub async fn viewer_actions(
    db: &impl ConnectionTrait,
    principal: &Principal,
    current: &inquiry::Model,
) -> AppResult<Vec<Action>> {
    let candidates = policy::allowed_actions(principal, current, &Facts::FAVOURABLE);
    if candidates.is_empty() {
        return Ok(candidates);
    }
    let facts = load(db, principal, current, &candidates).await?;
    Ok(policy::allowed_actions(principal, current, &facts))
}
