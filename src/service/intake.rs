//! Intake: a citizen, the public or a partner submits an inquiry.
//!
//! Idempotent by `(submitter, idempotencyKey)` and by a partner's own `externalRef` (unique
//! per partner: two partners using the same reference each get their own inquiry, and
//! nothing tells one that the other used it);
//! the inquiry, its `RECEIVED` event and its outbox row commit in one transaction. In a
//! district that offers new inquiries to its officer on duty (`setDistrictIntake`), the
//! same transaction assigns it to that officer (see `rota::intake`).

use entity::{ActorKind, Channel, EventKind, InquiryKind, InquiryStatus, Priority, inquiry};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{
    Ctx, deadline, lifecycle,
    reference::{TrackingCodes, new_reference},
    rota,
    timeline::{self, NewEvent},
};
use crate::domain::validate;
use crate::{
    auth::{Principal, policy},
    db::begin_write,
    error::{AppError, AppResult, is_unique_violation},
};

/// What a submitter sends.
#[derive(Debug, Clone, Serialize)]
pub struct SubmitInquiry {
    pub kind: InquiryKind,
    pub channel: Channel,
    pub subject: String,
    pub body: String,
    pub district_code: String,
    pub category: Option<String>,
    pub location_text: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub citizen_name: Option<String>,
    pub citizen_phone: Option<String>,
    pub anonymous: bool,
    pub protect_identity: bool,
    pub external_ref: Option<String>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// The stored inquiry and, when this caller may have it, its tracking code.
#[derive(Debug, Clone)]
pub struct Submitted {
    pub inquiry: inquiry::Model,
    pub tracking_code: Option<String>,
}

struct Checked {
    input: SubmitInquiry,
    district_id: Uuid,
    request_hash: String,
    /// The submitting partner, whose `externalRef`s are its own.
    partner: Option<String>,
}

fn check(principal: &Principal, ctx: Ctx<'_>, input: SubmitInquiry) -> AppResult<Checked> {
    policy::ensure_may_submit(principal)?;
    let mut input = input;
    input.subject = validate::text("subject", &input.subject, 1, 200)?;
    input.body = validate::text("body", &input.body, 1, 5000)?;
    input.category = validate::optional_text("category", input.category.as_deref(), 50)?;
    input.location_text =
        validate::optional_text("locationText", input.location_text.as_deref(), 200)?;
    input.citizen_name = validate::optional_text("citizenName", input.citizen_name.as_deref(), 50)?;
    input.citizen_phone =
        match validate::optional_text("citizenPhone", input.citizen_phone.as_deref(), 20)? {
            Some(p) => Some(validate::phone("citizenPhone", &p)?),
            None => None,
        };
    (input.latitude, input.longitude) = validate::coordinates(input.latitude, input.longitude)?;
    input.external_ref =
        validate::optional_text("externalRef", input.external_ref.as_deref(), 100)?;
    if input.external_ref.is_some() {
        policy::ensure_may_set_external_ref(principal)?;
    }
    input.idempotency_key =
        validate::optional_text("idempotencyKey", input.idempotency_key.as_deref(), 128)?;
    if let Some(key) = &input.idempotency_key
        && key.chars().count() < 8
    {
        return Err(AppError::bad_input(
            "idempotencyKey",
            "must be at least 8 characters (use a UUID)",
        ));
    }
    let district = ctx
        .directory
        .resolve("districtCode", &input.district_code)?;
    policy::ensure_may_submit_in(principal, district.id)?;
    if input.protect_identity && input.kind != InquiryKind::Report {
        return Err(AppError::bad_input(
            "protectIdentity",
            "only a REPORT (tip-off) protects the informant's identity",
        ));
    }
    let request_hash = hex::encode(Sha256::digest(
        serde_json::to_vec(&input).unwrap_or_default(),
    ));
    let partner = match principal {
        Principal::Partner { partner, .. } => Some(partner.clone()),
        _ => None,
    };
    Ok(Checked {
        district_id: district.id,
        input,
        request_hash,
        partner,
    })
}

/// Submits an inquiry, or returns the one an identical earlier request created.
pub async fn submit(ctx: Ctx<'_>, input: SubmitInquiry) -> AppResult<Submitted> {
    let (db, principal) = (ctx.db, ctx.principal);
    let checked = check(principal, ctx, input)?;
    let submitter = principal.subject_label();
    if let Some(found) = find_existing(db, &submitter, &checked).await? {
        return replay(ctx, &submitter, found, &checked);
    }
    for _attempt in 0..3 {
        match insert(db, principal, ctx, &submitter, &checked).await {
            Ok(submitted) => return Ok(submitted),
            Err(AppError::Database(e)) if is_unique_violation(&e) => {
                // Lost a race with an identical request, or drew a reference already taken.
                if let Some(found) = find_existing(db, &submitter, &checked).await? {
                    return replay(ctx, &submitter, found, &checked);
                }
            }
            Err(e) => return Err(e),
        }
    }
    Err(AppError::Internal(
        "could not allocate a unique reference".into(),
    ))
}

async fn find_existing(
    db: &impl ConnectionTrait,
    submitter: &str,
    checked: &Checked,
) -> AppResult<Option<inquiry::Model>> {
    if let Some(key) = &checked.input.idempotency_key {
        let found = inquiry::Entity::find()
            .filter(inquiry::Column::Submitter.eq(submitter))
            .filter(inquiry::Column::IdempotencyKey.eq(key.as_str()))
            .one(db)
            .await?;
        if found.is_some() {
            return Ok(found);
        }
    }
    // Only partners set `externalRef` (checked above); it is looked up among their own.
    if let (Some(ext), Some(partner)) = (&checked.input.external_ref, &checked.partner) {
        return Ok(inquiry::Entity::find()
            .filter(inquiry::Column::SubmittedByPartner.eq(partner.as_str()))
            .filter(inquiry::Column::ExternalRef.eq(ext.as_str()))
            .one(db)
            .await?);
    }
    Ok(None)
}

/// An earlier inquiry of this submitter matched: the same request gets the same answer; a
/// reused idempotency key with a different request is a conflict. A partner resending its
/// `externalRef` gets its inquiry back (the reference names the case, as on the partner's
/// side) when the payload is the same; a different payload under the same `externalRef` is a
/// conflict too (rows from before request hashes were kept are replayed as before).
fn replay(
    ctx: Ctx<'_>,
    submitter: &str,
    found: inquiry::Model,
    checked: &Checked,
) -> AppResult<Submitted> {
    let same_key = checked.input.idempotency_key.is_some()
        && found.idempotency_key == checked.input.idempotency_key;
    if same_key && found.request_hash.as_deref() != Some(checked.request_hash.as_str()) {
        return Err(AppError::Conflict(
            "idempotencyKey was already used with a different request".into(),
        ));
    }
    let same_ref =
        checked.input.external_ref.is_some() && found.external_ref == checked.input.external_ref;
    let differs = found
        .request_hash
        .as_deref()
        .is_some_and(|h| h != checked.request_hash);
    if !same_key && same_ref && differs {
        return Err(AppError::Conflict(
            "externalRef was already used with a different request: resend the same \
             payload to get the inquiry back, or use a new externalRef for a new case"
                .into(),
        ));
    }
    if found.submitter != submitter {
        // Both lookups are per submitter: another's inquiry never reaches this point.
        return Err(AppError::Internal(
            "an idempotent replay matched another submitter's inquiry".into(),
        ));
    }
    let code = ctx.codes.code_for(found.id);
    let tracking_code =
        TrackingCodes::matches(&found.tracking_code_hash, &found.reference, &code).then_some(code);
    Ok(Submitted {
        inquiry: found,
        tracking_code,
    })
}

async fn insert(
    db: &DatabaseConnection,
    principal: &Principal,
    ctx: Ctx<'_>,
    submitter: &str,
    checked: &Checked,
) -> AppResult<Submitted> {
    let input = &checked.input;
    let now = super::now();
    let id = Uuid::now_v7();
    let reference = new_reference(now);
    let code = ctx.codes.code_for(id);
    let priority = Priority::Normal;
    let txn = begin_write(db).await?;
    let (first_due, due) = deadline::compute(&txn, ctx.tz, input.kind, priority, now).await?;
    let (citizen_subject, partner) = match principal {
        Principal::Citizen { subject } => (Some(subject.clone()), None),
        Principal::Partner { partner, .. } => (None, Some(partner.clone())),
        _ => (None, None),
    };
    let model = inquiry::ActiveModel {
        id: Set(id),
        reference: Set(reference.clone()),
        tracking_code_hash: Set(TrackingCodes::hash(&reference, &code)),
        kind: Set(input.kind),
        channel: Set(input.channel),
        external_ref: Set(input.external_ref.clone()),
        subject: Set(input.subject.clone()),
        body: Set(input.body.clone()),
        category: Set(input.category.clone()),
        district_id: Set(checked.district_id),
        location_text: Set(input.location_text.clone()),
        latitude: Set(input.latitude),
        longitude: Set(input.longitude),
        citizen_name: Set(input.citizen_name.clone()),
        citizen_phone: Set(input.citizen_phone.clone()),
        citizen_subject: Set(citizen_subject),
        submitter: Set(submitter.to_owned()),
        anonymous: Set(input.anonymous),
        protect_identity: Set(input.protect_identity),
        status: Set(InquiryStatus::New),
        priority: Set(priority),
        department_id: Set(None),
        officer_id: Set(None),
        pending_transfer_department_id: Set(None),
        pending_transfer_district_id: Set(None),
        pending_extension_days: Set(None),
        first_response_due_at: Set(Some(first_due)),
        due_at: Set(Some(due)),
        due_soon_at: Set(Some(lifecycle::clock::due_soon_at(now, due))),
        paused_at: Set(None),
        first_responded_at: Set(None),
        resolved_at: Set(None),
        closed_at: Set(None),
        escalated_at: Set(None),
        resolution: Set(None),
        reopened_count: Set(0),
        merged_into_id: Set(None),
        submitted_by_partner: Set(partner),
        idempotency_key: Set(input.idempotency_key.clone()),
        request_hash: Set(Some(checked.request_hash.clone())),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let stored = inquiry::Entity::insert(model)
        .exec_with_returning(&txn)
        .await?;
    let actor = match principal {
        Principal::Citizen { .. } => ActorKind::Citizen,
        Principal::Partner { .. } => ActorKind::Partner,
        _ => ActorKind::Anonymous,
    };
    timeline::record(
        &txn,
        &stored,
        NewEvent {
            kind: EventKind::Received,
            actor_kind: actor,
            actor_officer_id: None,
            actor_subject: Some(principal.subject_label()),
            public: true,
            note: None,
            data: Some(serde_json::json!({ "channel": input.channel.as_str(), "kind": input.kind.as_str() })),
        },
        now,
    )
    .await?;
    // Nobody routed it yet: a district that offers new inquiries to its officer on duty
    // hands it over now; otherwise it waits NEW in the district's queue.
    let stored = match rota::intake::duty_officer_for_intake(&txn, stored.district_id, now).await? {
        Some(officer) => {
            lifecycle::routing::assign_to_duty_officer(&txn, &stored, &officer, now).await?
        }
        None => stored,
    };
    txn.commit().await?;
    Ok(Submitted {
        inquiry: stored,
        tracking_code: Some(code),
    })
}
