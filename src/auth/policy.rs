//! The one owner of who-sees-what. Scoping is expressed as SQL
//! conditions, so lists, counts, `node` and nested fields all filter in the
//! database; masking rules decide what a caller sees of citizen data.
//! Resolvers and services ask here; they never decide access themselves.

use entity::{
    InquiryKind, ReplyVisibility, Role, answer_entry, answer_entry_version, expert_consultation,
    inquiry,
};
use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Expr, Query},
};
use uuid::Uuid;

use super::{DistrictScope, Principal, StaffPrincipal};
use crate::{domain::transitions::Action, error::AppError};

mod permit;
mod roles;
mod rota;
pub use permit::*;
pub use roles::*;
pub use rota::*;
mod announcements;
mod directory;
mod open311;
pub use announcements::*;
pub use directory::*;
pub use open311::*;
mod subscriptions;
pub use subscriptions::*;
mod events;
pub use events::*;
mod actions;
pub use actions::*;

/// A condition that matches no row (used for callers who may list nothing).
fn nothing() -> Condition {
    Condition::all().add(Expr::cust("1 = 0"))
}

fn in_districts(scope: &DistrictScope) -> Condition {
    match scope {
        DistrictScope::All => Condition::all(),
        DistrictScope::Only(ids) if ids.is_empty() => nothing(),
        DistrictScope::Only(ids) => {
            Condition::all().add(inquiry::Column::DistrictId.is_in(ids.clone()))
        }
    }
}

/// Inquiries a pending transfer would move into one of these districts on acceptance.
fn transfers_into(scope: &DistrictScope) -> Condition {
    match scope {
        DistrictScope::All => Condition::all(),
        DistrictScope::Only(ids) if ids.is_empty() => nothing(),
        DistrictScope::Only(ids) => {
            Condition::all().add(inquiry::Column::PendingTransferDistrictId.is_in(ids.clone()))
        }
    }
}

/// The inquiries a caller may see, as a SQL condition on the `inquiry` table.
///
/// - no token: none (tracking goes through reference + tracking code instead);
/// - citizen: its own; partner: what it submitted, in its districts;
/// - officer: assigned to its department in its districts, offered to its department by
///   a transfer, or consulted on as an expert;
/// - supervisor and admin: all in its districts, and those a pending transfer would move
///   into them (so the receiving side can accept or return it). An admin of a city-level
///   department with an all-districts token sees all; an admin of a county bureau, that
///   county (see [`crate::auth::principal::jurisdiction`]).
pub fn inquiry_scope(principal: &Principal) -> Condition {
    match principal {
        Principal::Anonymous => nothing(),
        Principal::Citizen { subject } => {
            Condition::all().add(inquiry::Column::CitizenSubject.eq(subject.clone()))
        }
        Principal::Partner {
            partner, districts, ..
        } => Condition::all()
            .add(inquiry::Column::SubmittedByPartner.eq(partner.clone()))
            .add(in_districts(districts)),
        Principal::Staff(staff) => match staff.role {
            Role::Admin | Role::Supervisor => match &staff.districts {
                DistrictScope::All => Condition::all(),
                districts => Condition::any()
                    .add(in_districts(districts))
                    .add(transfers_into(districts)),
            },
            Role::Officer => Condition::any()
                .add(
                    Condition::all()
                        .add(inquiry::Column::DepartmentId.eq(staff.department_id))
                        .add(in_districts(&staff.districts)),
                )
                // A transfer offered to its department, wherever it comes from, so it can be answered.
                .add(inquiry::Column::PendingTransferDepartmentId.eq(staff.department_id))
                // An expert sees the inquiries they were consulted on, wherever they are.
                .add(
                    inquiry::Column::Id.in_subquery(
                        Query::select()
                            .column(expert_consultation::Column::InquiryId)
                            .from(expert_consultation::Entity)
                            .and_where(expert_consultation::Column::ExpertId.eq(staff.officer_id))
                            .to_owned(),
                    ),
                ),
            Role::Citizen | Role::Partner => nothing(),
        },
    }
}

/// [`inquiry_scope`] decided in memory for an inquiry already loaded, so a live event can be
/// checked for many subscribers without a query each. `Some` is the same answer the SQL
/// condition gives; `None` means it depends on rows this function does not see (an expert's
/// consultations) and the caller must ask the database with
/// [`inquiry_scope`]. Keep the two in step: a widening of the scope belongs in both.
pub fn inquiry_visible(principal: &Principal, inquiry: &inquiry::Model) -> Option<bool> {
    match principal {
        Principal::Anonymous => Some(false),
        Principal::Citizen { subject } => {
            Some(inquiry.citizen_subject.as_deref() == Some(subject.as_str()))
        }
        Principal::Partner {
            partner, districts, ..
        } => Some(
            inquiry.submitted_by_partner.as_deref() == Some(partner.as_str())
                && districts.contains(inquiry.district_id),
        ),
        Principal::Staff(staff) => match staff.role {
            Role::Admin | Role::Supervisor => Some(
                staff.districts.contains(inquiry.district_id)
                    || inquiry
                        .pending_transfer_district_id
                        .is_some_and(|d| staff.districts.contains(d)),
            ),
            Role::Officer => {
                let handles = inquiry.department_id == Some(staff.department_id)
                    && staff.districts.contains(inquiry.district_id);
                let offered = inquiry.pending_transfer_department_id == Some(staff.department_id);
                if handles || offered {
                    Some(true)
                } else if staff.expert {
                    None
                } else {
                    Some(false)
                }
            }
            Role::Citizen | Role::Partner => Some(false),
        },
    }
}

/// How much of the citizen's name and phone a caller may see on one inquiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactView {
    /// Shown as entered; staff reads are written to `pii_access`.
    Full,
    /// Shown masked (`138****5678`, `张*`).
    Masked,
    /// Not shown at all (a protected informant).
    Hidden,
}

/// Name and phone go to the handling department, its district's supervisors and
/// admins (within their districts); a `REPORT` with `protectIdentity` only to the district's supervisors and
/// admins. The citizen who submitted it sees their own data.
pub fn contact_view(principal: &Principal, inquiry: &inquiry::Model) -> ContactView {
    let protected = inquiry.protect_identity && inquiry.kind == InquiryKind::Report;
    let fallback = if protected {
        ContactView::Hidden
    } else {
        ContactView::Masked
    };
    match principal {
        Principal::Citizen { subject }
            if inquiry.citizen_subject.as_deref() == Some(subject.as_str()) =>
        {
            ContactView::Full
        }
        Principal::Staff(staff) => match staff.role {
            Role::Admin | Role::Supervisor if staff.districts.contains(inquiry.district_id) => {
                ContactView::Full
            }
            Role::Officer
                if !protected
                    && inquiry.department_id == Some(staff.department_id)
                    && staff.districts.contains(inquiry.district_id) =>
            {
                ContactView::Full
            }
            _ => fallback,
        },
        _ => fallback,
    }
}

/// True when showing `view` to this caller must be recorded in `pii_access`.
pub fn is_audited_read(principal: &Principal, view: ContactView) -> bool {
    view == ContactView::Full && principal.staff().is_some()
}

/// `13812345678` → `138****5678`; short values keep only their last two characters.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() >= 11 {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}****{tail}")
    } else {
        let keep = chars.len().min(2);
        let tail: String = chars[chars.len() - keep..].iter().collect();
        format!("{}{tail}", "*".repeat(chars.len() - keep))
    }
}

/// `张三` → `张*`, `欧阳娜娜` → `欧***`: the family name stays, as Chinese desks mask names.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => format!("{first}{}", "*".repeat(chars.count().max(1))),
        None => String::new(),
    }
}

/// Submitting is open to the public, citizens and partners; staff work inquiries instead.
pub fn ensure_may_submit(principal: &Principal) -> Result<(), AppError> {
    match principal {
        Principal::Anonymous | Principal::Citizen { .. } | Principal::Partner { .. } => Ok(()),
        Principal::Staff(_) => Err(AppError::Forbidden("staff do not submit inquiries".into())),
    }
}

/// Only partners carry their own reference numbers (`externalRef`), which dedupe resubmissions.
pub fn ensure_may_set_external_ref(principal: &Principal) -> Result<(), AppError> {
    match principal {
        Principal::Partner { .. } => Ok(()),
        _ => Err(AppError::bad_input(
            "externalRef",
            "only partner integrations may set externalRef",
        )),
    }
}

/// Whose external references a lookup by `externalRef` searches: only a partner's own
/// (they are unique per partner, so anyone else's lookup would be ambiguous).
pub fn external_ref_owner(principal: &Principal) -> Result<&str, AppError> {
    match principal {
        Principal::Partner { partner, .. } => Ok(partner),
        Principal::Anonymous => Err(AppError::Unauthenticated(
            "externalRef lookups are for partner integrations: send a bearer token".into(),
        )),
        _ => Err(AppError::Forbidden(
            "externalRef lookups are for partner integrations".into(),
        )),
    }
}

/// A partner may only submit into the districts its token covers.
pub fn ensure_may_submit_in(principal: &Principal, district_id: Uuid) -> Result<(), AppError> {
    match principal {
        Principal::Partner { districts, .. } if !districts.contains(district_id) => Err(
            AppError::bad_input("districtCode", "district outside this partner's scope"),
        ),
        _ => Ok(()),
    }
}

/// Replies a caller may read on an inquiry it can already see.
pub fn visible_reply_kinds(principal: &Principal) -> &'static [ReplyVisibility] {
    match principal {
        Principal::Staff(_) => &[
            ReplyVisibility::Public,
            ReplyVisibility::Private,
            ReplyVisibility::Internal,
        ],
        Principal::Citizen { .. } => &[ReplyVisibility::Public, ReplyVisibility::Private],
        Principal::Anonymous | Principal::Partner { .. } => &[ReplyVisibility::Public],
    }
}

/// The full timeline, internal notes and consultations are for staff; citizens get the public subset through tracking.
pub fn may_read_timeline(principal: &Principal) -> bool {
    principal.staff().is_some()
}

/// Officers' real names and badge numbers are for colleagues; the public sees duty names.
pub fn may_see_officer_identity(principal: &Principal) -> bool {
    principal.staff().is_some()
}

/// Who may take `action` on an inquiry the caller can already see (scope is checked by
/// loading through [`inquiry_scope`]; this decides the role part).
///
/// - supervisors and admins (of the inquiry's district): everything staff may do, except
///   answering a transfer;
/// - a transfer is answered (accepted or returned) by the receiving side only: officers of
///   the department it is offered to, supervisors and admins of the district it would move
///   the inquiry into (`pending_transfer_district_id`: the receiving county bureau's
///   district, the inquiry's own for a city division); never by a sender who supervises
///   only the district it comes from;
/// - an officer of the handling department: work it (start, reply, pause, resume, ask for
///   more time, consult an expert, resolve, close);
/// - assigning, transferring, rejecting, merging, approving extensions and reopening are
///   for supervisors and admins.
pub fn ensure_may(
    principal: &Principal,
    action: Action,
    inquiry: &inquiry::Model,
) -> Result<(), AppError> {
    let staff = require_role(principal, Needed::Staff, "inquiries are worked by staff")?;
    let answers_transfer = matches!(action, Action::AcceptTransfer | Action::ReturnTransfer);
    let district = if answers_transfer {
        inquiry
            .pending_transfer_district_id
            .unwrap_or(inquiry.district_id)
    } else {
        inquiry.district_id
    };
    let supervises = match staff.role {
        Role::Admin | Role::Supervisor => staff.districts.contains(district),
        _ => false,
    };
    if supervises {
        return Ok(());
    }
    let handles = staff.role == Role::Officer && inquiry.department_id == Some(staff.department_id);
    let offered = staff.role == Role::Officer
        && inquiry.pending_transfer_department_id == Some(staff.department_id);
    // Each arm says who may take the action, so a refusal can name the role it lacks.
    let (allowed, needs) = match action {
        Action::AcceptTransfer | Action::ReturnTransfer => (
            offered,
            "the receiving side: an officer of the department the transfer is offered to, \
             or a supervisor or administrator of the district it moves the inquiry into",
        ),
        Action::StartWork
        | Action::ReplyToCitizen
        | Action::ReplyInternally
        | Action::Pause
        | Action::Resume
        | Action::RequestExtension
        | Action::Resolve
        | Action::Close
        | Action::ConsultExpert
        | Action::CorrectReply => (
            handles,
            "an officer of the handling department, or a supervisor or administrator of \
             the inquiry's district",
        ),
        // Which expert: `ensure_may_advise` checks the consultation names the caller.
        Action::Advise => (
            staff.expert,
            "the consulted expert, or a supervisor or administrator of the inquiry's district",
        ),
        Action::Assign
        | Action::Transfer
        | Action::Reject
        | Action::Merge
        | Action::ApproveExtension
        | Action::RejectExtension
        | Action::Reopen => (
            false,
            "a supervisor or administrator of the inquiry's district",
        ),
        Action::Rate => (false, "the citizen who submitted the inquiry"),
    };
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden(format!(
            "{} needs {needs}",
            action.describe()
        )))
    }
}

/// Ratings come from the citizen (with their token or the tracking code); staff never rate
/// on a citizen's behalf.
pub fn ensure_may_rate(principal: &Principal) -> Result<(), AppError> {
    match principal {
        Principal::Staff(_) => Err(AppError::Forbidden("ratings come from citizens".into())),
        _ => Ok(()),
    }
}

/// Whether the caller follows its own inquiries without their tracking code: a citizen's
/// token, for the inquiries [`inquiry_scope`] gives it (those it submitted signed in).
/// Everyone else proves the inquiry is theirs with the code.
pub fn tracks_with_own_token(principal: &Principal) -> bool {
    matches!(principal, Principal::Citizen { .. })
}

/// Advice comes from the expert the consultation asked, and nobody else: another expert's
/// consultation is as absent as one that never was (`NOT_FOUND` on `consultationId`).
pub fn ensure_may_advise<'a>(
    principal: &'a Principal,
    consultation: &expert_consultation::Model,
) -> Result<&'a StaffPrincipal, AppError> {
    let staff = require_role(
        principal,
        Needed::Staff,
        "advice comes from the consulted expert",
    )?;
    if consultation.expert_id == staff.officer_id {
        Ok(staff)
    } else {
        Err(AppError::NotFoundIn {
            field: "consultationId",
            what: "consultation",
        })
    }
}

/// Administration of the desk's rules (SLA policies, calendar, directory).
pub fn ensure_admin(principal: &Principal) -> Result<&StaffPrincipal, AppError> {
    require_role(principal, Needed::Admin, "administrators only")
}

/// Any staff member (reading internal material such as rules and calendars).
pub fn ensure_staff(principal: &Principal) -> Result<&StaffPrincipal, AppError> {
    require_role(principal, Needed::Staff, "staff only")
}

/// The answer library (口徑庫) is the bureau's internal wording: every staff member reads
/// all of it, drafts included, to reply with it and to review it; the public, citizens and
/// partners read none of it.
pub fn may_read_library(principal: &Principal) -> bool {
    principal.staff().is_some()
}

/// The library is internal as a whole (not scoped per row), so outsiders get `FORBIDDEN`
/// rather than an empty list that would look like a library with nothing in it.
pub fn ensure_may_read_library(principal: &Principal) -> Result<&StaffPrincipal, AppError> {
    require_role(
        principal,
        Needed::Staff,
        "the answer library is for staff only",
    )
}

fn is_admin(staff: &StaffPrincipal) -> bool {
    staff.role == Role::Admin
}

/// New wording and revisions come from the expert panel (微博專家團) and admins.
pub fn ensure_may_author_answers(principal: &Principal) -> Result<&StaffPrincipal, AppError> {
    require_role(
        principal,
        Needed::Expert,
        "only experts and administrators write answer-library wording",
    )
}

/// Asking for review is for whoever wrote the wording under review (the entry's author or
/// the author of its latest revision) or an admin, so nobody pushes a colleague's draft.
pub fn ensure_may_submit_answer(
    principal: &Principal,
    entry: &answer_entry::Model,
    revision: &answer_entry_version::Model,
) -> Result<(), AppError> {
    let staff = ensure_may_read_library(principal)?;
    if is_admin(staff)
        || staff.officer_id == entry.author_id
        || staff.officer_id == revision.author_id
    {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only the author or an administrator submits wording for review".into(),
        ))
    }
}

/// Approval speaks with the bureau's authority: a spokesperson (網絡發言人) or an admin, and
/// never the author of the revision being approved (four eyes).
pub fn ensure_may_approve_answer(
    principal: &Principal,
    revision: &answer_entry_version::Model,
) -> Result<(), AppError> {
    let staff = require_role(
        principal,
        Needed::Spokesperson,
        "only a spokesperson or an administrator approves wording",
    )?;
    if staff.officer_id == revision.author_id {
        return Err(AppError::Forbidden(
            "the author of a revision cannot approve it".into(),
        ));
    }
    Ok(())
}

/// Withdrawing wording from use is the approvers' call: a spokesperson or an admin.
pub fn ensure_may_retire_answer(principal: &Principal) -> Result<&StaffPrincipal, AppError> {
    require_role(
        principal,
        Needed::Spokesperson,
        "only a spokesperson or an administrator retires wording",
    )
}

mod reports;
pub use reports::*;
mod webhooks;
pub use webhooks::*;

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod library_tests;
