//! The expert panel (微博專家團): the handling department consults a specialist,
//! who advises internally. Consultations are never shown to the citizen.

use chrono::{DateTime, Utc};
use entity::{EventKind, expert_consultation, inquiry, officer};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use super::{
    Ctx,
    core::{Entry, Step, changes},
};
use crate::domain::transitions::Action;
use crate::{
    auth::policy,
    domain::validate,
    error::{AppError, AppResult},
};

/// A consultation and the inquiry after it.
#[derive(Debug, Clone)]
pub struct Consulted {
    pub inquiry: inquiry::Model,
    pub consultation: expert_consultation::Model,
}

/// Asks an expert a question about the inquiry, with a date for the advice.
pub async fn consult(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    expert_id: Uuid,
    question: &str,
    due_at: DateTime<Utc>,
) -> AppResult<Consulted> {
    let question = validate::text("question", question, 1, 2000)?;
    // At the precision both databases store, so the inbox's keyset cursor on it is exact.
    let due_at = chrono::SubsecRound::trunc_subsecs(due_at, 6);
    let now = crate::service::now();
    if due_at <= now {
        return Err(AppError::bad_input("dueAt", "must be in the future"));
    }
    let step = Step::start(ctx, id, Some(expected_version), Action::ConsultExpert).await?;
    let staff = step.staff()?;
    let expert = officer::Entity::find_by_id(expert_id)
        .one(&step.txn)
        .await?
        .filter(|o| o.active && o.expert)
        .ok_or_else(|| AppError::bad_input("expertId", "no active expert with this id"))?;
    let consultation = expert_consultation::Entity::insert(expert_consultation::ActiveModel {
        id: Set(Uuid::now_v7()),
        inquiry_id: Set(step.current.id),
        expert_id: Set(expert.id),
        requested_by_id: Set(staff.officer_id),
        question: Set(question),
        advice: Set(None),
        due_at: Set(due_at),
        answered_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(&step.txn)
    .await?;
    let data = json!({ "consultationId": consultation.id, "expertId": expert.id, "specialty": expert.specialty });
    let inquiry = step
        .finish(
            changes(),
            Entry::internal(EventKind::ExpertConsulted).data(data),
        )
        .await?;
    Ok(Consulted {
        inquiry,
        consultation,
    })
}

/// The consulted expert answers. Only that expert may; the advice stays internal.
pub async fn advise(
    ctx: Ctx<'_>,
    consultation_id: Uuid,
    expected_version: Option<i32>,
    advice: &str,
) -> AppResult<Consulted> {
    let advice = validate::text("advice", advice, 1, 5000)?;
    let consultation = expert_consultation::Entity::find_by_id(consultation_id)
        .one(ctx.db)
        .await?
        .ok_or(AppError::NotFoundIn {
            field: "consultationId",
            what: "consultation",
        })?;
    policy::ensure_may_advise(ctx.principal, &consultation)?;
    let step = Step::start(
        ctx,
        consultation.inquiry_id,
        expected_version,
        Action::Advise,
    )
    .await?;
    // Read again inside the command: two answers racing for one consultation, one wins.
    let consultation = expert_consultation::Entity::find_by_id(consultation_id)
        .one(&step.txn)
        .await?
        .ok_or(AppError::NotFoundIn {
            field: "consultationId",
            what: "consultation",
        })?;
    if consultation.answered_at.is_some() {
        return Err(AppError::Conflict(
            "this consultation has already been answered".into(),
        ));
    }
    let mut active: expert_consultation::ActiveModel = consultation.into();
    active.advice = Set(Some(advice));
    active.answered_at = Set(Some(step.now));
    active.updated_at = Set(step.now);
    let consultation = active.update(&step.txn).await?;
    let data = json!({ "consultationId": consultation.id });
    let inquiry = step
        .finish(
            changes(),
            Entry::internal(EventKind::ExpertAdvised).data(data),
        )
        .await?;
    Ok(Consulted {
        inquiry,
        consultation,
    })
}
