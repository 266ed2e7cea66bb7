//! The one owner of who-sees-what (DESIGN.md §5). Scoping is expressed as SQL
//! conditions, so lists, counts, `node` and nested fields all filter in the
//! database; masking rules decide what a caller sees of citizen data.
//! Resolvers and services ask here; they never decide access themselves.

use entity::{InquiryKind, ReplyVisibility, Role, inquiry};
use sea_orm::{ColumnTrait, Condition, sea_query::Expr};
use uuid::Uuid;

use super::{DistrictScope, Principal};
use crate::error::AppError;

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

/// The inquiries a caller may see, as a SQL condition on the `inquiry` table.
///
/// - no token: none (tracking goes through reference + tracking code instead);
/// - citizen: its own; partner: what it submitted, in its districts;
/// - officer: assigned to its department (or offered to it by transfer), in its districts;
/// - supervisor: all in its districts; admin: all.
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
            Role::Admin => Condition::all(),
            Role::Supervisor => in_districts(&staff.districts),
            Role::Officer => Condition::all()
                .add(
                    Condition::any()
                        .add(inquiry::Column::DepartmentId.eq(staff.department_id))
                        .add(inquiry::Column::PendingTransferDepartmentId.eq(staff.department_id)),
                )
                .add(in_districts(&staff.districts)),
            Role::Citizen | Role::Partner => nothing(),
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
/// admins; a `REPORT` with `protectIdentity` only to the district's supervisors and
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
            Role::Admin => ContactView::Full,
            Role::Supervisor if staff.districts.contains(inquiry.district_id) => ContactView::Full,
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

/// Officers' real names and badge numbers are for colleagues; the public sees duty names.
pub fn may_see_officer_identity(principal: &Principal) -> bool {
    principal.staff().is_some()
}

#[cfg(test)]
mod tests;
