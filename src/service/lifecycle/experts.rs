//! The expert panel (微博專家團): the handling department consults a specialist,
//! who advises internally. Consultations are never shown to the citizen.

use chrono::{DateTime, Utc};
use entity::{EventKind, expert_consultation, inquiry, officer};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use super::{
    Ctx,
    core::{Entry, Step, changes, event, load, save},
};
use crate::domain::transitions::Action;
use crate::{
    db::begin_write,
    error::{AppError, AppResult},
    service::{timeline, validate},
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
    let staff = ctx
        .principal
        .staff()
        .ok_or_else(|| AppError::Forbidden("staff only".into()))?
        .clone();
    let now = crate::service::now();
    if due_at <= now {
        return Err(AppError::bad_input("dueAt", "must be in the future"));
    }
    let step = Step::begin(
        ctx.db,
        ctx.principal,
        id,
        Some(expected_version),
        Action::ConsultExpert,
    )
    .await?;
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
    let staff = ctx
        .principal
        .staff()
        .ok_or_else(|| AppError::Forbidden("staff only".into()))?
        .clone();
    let txn = begin_write(ctx.db).await?;
    let consultation = expert_consultation::Entity::find_by_id(consultation_id)
        .one(&txn)
        .await?
        // Another expert's consultation is as absent as one that never was.
        .filter(|c| c.expert_id == staff.officer_id)
        .ok_or(AppError::NotFoundIn {
            field: "consultationId",
            what: "consultation",
        })?;
    if consultation.answered_at.is_some() {
        return Err(AppError::Conflict(
            "this consultation has already been answered".into(),
        ));
    }
    let current = load(
        &txn,
        ctx.principal,
        consultation.inquiry_id,
        expected_version,
    )
    .await?;
    let now = crate::service::now();
    let mut active: expert_consultation::ActiveModel = consultation.into();
    active.advice = Set(Some(advice));
    active.answered_at = Set(Some(now));
    active.updated_at = Set(now);
    let consultation = active.update(&txn).await?;
    let updated = save(&txn, &current, changes(), now).await?;
    let data = json!({ "consultationId": consultation.id });
    timeline::record(
        &txn,
        &updated,
        event(
            ctx.principal,
            EventKind::ExpertAdvised,
            false,
            None,
            Some(data),
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Consulted {
        inquiry: updated,
        consultation,
    })
}
