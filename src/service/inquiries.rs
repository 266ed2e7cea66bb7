//! Reading inquiries: scoped lists with keyset pagination, counts and lookups.
//! Every query starts from `policy::inquiry_scope`, so nothing out of scope is
//! ever loaded.

use chrono::{DateTime, Utc};
use entity::{Channel, InquiryKind, InquiryStatus, Priority, department, inquiry};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter,
    QuerySelect,
    sea_query::{Expr, ExprTrait, LikeExpr},
};
use uuid::Uuid;

use super::lifecycle::clock::DeadlineState;
use super::paging::{Cursor, Keyset, Page, Rank};
use crate::domain::districts::DistrictDirectory;
use crate::domain::transitions;
use crate::{
    auth::{Principal, policy},
    error::AppResult,
};

/// Narrowing of the scoped list, all optional and combined with AND.
#[derive(Debug, Clone, Default)]
pub struct InquiryFilter {
    pub district_code: Option<String>,
    pub department_id: Option<Uuid>,
    pub status: Option<Vec<InquiryStatus>>,
    pub kind: Option<InquiryKind>,
    pub channel: Option<Channel>,
    pub created_after: Option<DateTime<Utc>>,
    pub created_before: Option<DateTime<Utc>>,
    /// Substring of subject or body.
    pub text: Option<String>,
    /// Where inquiries stand against their deadlines now.
    pub deadline_state: Option<DeadlineState>,
    /// The named officer.
    pub officer_id: Option<Uuid>,
    /// True: named to the caller (nothing for a caller who is not staff); false: not.
    pub assigned_to_me: Option<bool>,
    /// Any of these priorities.
    pub priority: Option<Vec<Priority>>,
    /// The category exactly.
    pub category: Option<String>,
    /// Transfers waiting for an answer, into or out of a department (see [`PendingTransfer`]).
    pub pending_transfer: Option<PendingTransfer>,
    /// True: an extension waits for approval; false: none does.
    pub pending_extension: Option<bool>,
    /// True: escalated for lateness and not yet handled; false: not.
    pub escalated: Option<bool>,
    /// True: no department yet; false: routed.
    pub unrouted: Option<bool>,
    pub updated_since: Option<DateTime<Utc>>,
    pub updated_before: Option<DateTime<Utc>>,
}

/// Which side of a pending transfer a queue shows. The department is `department_id` of
/// the filter when given, the caller's own otherwise (none for a caller who is not staff).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PendingTransfer {
    /// Offered to the department, waiting for it to accept or return: listed under the
    /// receiver, although the inquiry is still the sender's.
    In,
    /// Offered by the department (it still handles the inquiry) to another.
    Out,
}

/// Sort key of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InquiryOrder {
    CreatedAsc,
    #[default]
    CreatedDesc,
    DueAsc,
    DueDesc,
    UpdatedAsc,
    UpdatedDesc,
    /// Most urgent first, oldest first within a priority: the order a desk works in.
    Priority,
}

/// A priority's place in the `Priority` order: URGENT 0, HIGH 1, NORMAL 2, LOW 3. The SQL
/// is [`URGENCY_SQL`]; the index `ix_inquiry_urgency_created_at_id` repeats it verbatim.
pub fn urgency(priority: Priority) -> i64 {
    match priority {
        Priority::Urgent => 0,
        Priority::High => 1,
        Priority::Normal => 2,
        Priority::Low => 3,
    }
}

/// [`urgency`] in SQL, written exactly as the index on it (migration
/// `m20261130_000005_queue_indexes`), so both databases use the index.
pub const URGENCY_SQL: &str =
    "(CASE \"priority\" WHEN 'URGENT' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'NORMAL' THEN 2 ELSE 3 END)";

impl InquiryOrder {
    fn keyset(self) -> Keyset<inquiry::Entity> {
        match self {
            Self::Priority => Keyset::ranked(
                Rank {
                    expr: Expr::cust(URGENCY_SQL),
                    of: |m| urgency(m.priority),
                },
                inquiry::Column::CreatedAt,
                inquiry::Column::Id,
                Order::Asc,
            ),
            _ => Keyset::by_time(self.column(), inquiry::Column::Id, self.direction()),
        }
    }

    fn column(self) -> inquiry::Column {
        match self {
            Self::CreatedAsc | Self::CreatedDesc | Self::Priority => inquiry::Column::CreatedAt,
            Self::DueAsc | Self::DueDesc => inquiry::Column::DueAt,
            Self::UpdatedAsc | Self::UpdatedDesc => inquiry::Column::UpdatedAt,
        }
    }

    fn direction(self) -> Order {
        if matches!(self, Self::CreatedDesc | Self::DueDesc | Self::UpdatedDesc) {
            Order::Desc
        } else {
            Order::Asc
        }
    }
}

/// `%text%` for a LIKE escaped with a backslash, so the user's `%` and `_` match literally.
pub(crate) fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// `Some(true)` → the condition, `Some(false)` → its negation, `None` → nothing.
fn either(wanted: Option<bool>, yes: Condition) -> Option<Condition> {
    wanted.map(|w| if w { yes } else { yes.not() })
}

fn filter_condition(
    filter: &InquiryFilter,
    principal: &Principal,
    directory: &DistrictDirectory,
) -> AppResult<Condition> {
    use inquiry::Column as C;
    let mut cond = Condition::all();
    if let Some(code) = &filter.district_code {
        let district = directory.resolve("filter.districtCode", code)?;
        cond = cond.add(C::DistrictId.is_in(directory.subtree(district.id)));
    }
    let me = principal.staff();
    match filter.pending_transfer {
        None => {
            if let Some(id) = filter.department_id {
                cond = cond.add(C::DepartmentId.eq(id));
            }
        }
        Some(side) => {
            let department = filter.department_id.or(me.map(|s| s.department_id));
            let Some(department) = department else {
                return Ok(Condition::all().add(Expr::cust("1 = 0")));
            };
            cond = cond.add(match side {
                PendingTransfer::In => C::PendingTransferDepartmentId.eq(department),
                PendingTransfer::Out => Condition::all()
                    .add(C::DepartmentId.eq(department))
                    .add(C::PendingTransferDepartmentId.is_not_null())
                    .into(),
            });
        }
    }
    if let Some(id) = filter.officer_id {
        cond = cond.add(C::OfficerId.eq(id));
    }
    if let Some(mine) = filter.assigned_to_me {
        cond = cond.add(match (mine, me) {
            (true, Some(staff)) => C::OfficerId.eq(staff.officer_id),
            (true, None) => Expr::cust("1 = 0"),
            (false, Some(staff)) => Condition::any()
                .add(C::OfficerId.is_null())
                .add(C::OfficerId.ne(staff.officer_id))
                .into(),
            (false, None) => Expr::cust("1 = 1"),
        });
    }
    if let Some(priorities) = &filter.priority
        && !priorities.is_empty()
    {
        cond = cond.add(C::Priority.is_in(priorities.iter().copied()));
    }
    if let Some(category) = &filter.category {
        cond = cond.add(C::Category.eq(category.trim()));
    }
    for c in [
        either(
            filter.pending_extension,
            Condition::all().add(C::PendingExtensionDays.is_not_null()),
        ),
        either(
            filter.escalated,
            Condition::all().add(C::EscalatedAt.is_not_null()),
        ),
        either(
            filter.unrouted,
            Condition::all().add(C::DepartmentId.is_null()),
        ),
    ]
    .into_iter()
    .flatten()
    {
        cond = cond.add(c);
    }
    if let Some(since) = filter.updated_since {
        cond = cond.add(C::UpdatedAt.gte(since));
    }
    if let Some(before) = filter.updated_before {
        cond = cond.add(C::UpdatedAt.lt(before));
    }
    if let Some(statuses) = &filter.status
        && !statuses.is_empty()
    {
        cond = cond.add(inquiry::Column::Status.is_in(statuses.iter().copied()));
    }
    if let Some(kind) = filter.kind {
        cond = cond.add(inquiry::Column::Kind.eq(kind));
    }
    if let Some(channel) = filter.channel {
        cond = cond.add(inquiry::Column::Channel.eq(channel));
    }
    if let Some(after) = filter.created_after {
        cond = cond.add(inquiry::Column::CreatedAt.gte(after));
    }
    if let Some(before) = filter.created_before {
        cond = cond.add(inquiry::Column::CreatedAt.lt(before));
    }
    if let Some(text) = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        crate::domain::validate::no_nul("filter.text", text)?;
        // Stored text is matched as written and as Simplified (身份證 finds 身份证).
        let simplified = crate::search::normalize::normalize_str(text);
        let mut any = Condition::any().add(qualified(C::Reference).eq(text.to_ascii_uppercase()));
        let mut variants = vec![text.to_owned()];
        if simplified != text {
            variants.push(simplified);
        }
        for t in variants {
            let pattern = escape_like(&t);
            any = any
                .add(qualified(C::Subject).like(LikeExpr::new(pattern.clone()).escape('\\')))
                .add(qualified(C::Body).like(LikeExpr::new(pattern).escape('\\')));
        }
        cond = cond.add(any);
    }
    if let Some(state) = filter.deadline_state {
        cond = cond.add(deadline_condition(state, super::now()));
    }
    Ok(cond)
}

/// A column named with its table, so conditions stay unambiguous when the page joins departments.
fn qualified(column: inquiry::Column) -> Expr {
    Expr::col((inquiry::Entity, column))
}

/// The SQL form of `clock::state`: the same rules, evaluated in the database.
fn deadline_condition(state: DeadlineState, now: DateTime<Utc>) -> Condition {
    use inquiry::Column as C;
    let open = C::Status.is_in(transitions::OPEN);
    let done = C::Status.is_in([InquiryStatus::Resolved, InquiryStatus::Closed]);
    let running = C::PausedAt.is_null();
    let paused = C::PausedAt.is_not_null();
    let col = qualified;
    match state {
        DeadlineState::Overdue => Condition::all().add(open).add(
            Condition::any()
                .add(Condition::all().add(running).add(C::DueAt.lt(now)))
                .add(
                    Condition::all()
                        .add(paused)
                        .add(col(C::PausedAt).gt(col(C::DueAt))),
                ),
        ),
        DeadlineState::DueSoon => Condition::all().add(open).add(
            Condition::any()
                .add(
                    Condition::all()
                        .add(running)
                        .add(C::DueSoonAt.lte(now))
                        .add(C::DueAt.gte(now)),
                )
                .add(
                    Condition::all()
                        .add(paused)
                        .add(col(C::PausedAt).gte(col(C::DueSoonAt)))
                        .add(col(C::PausedAt).lte(col(C::DueAt))),
                ),
        ),
        DeadlineState::OnTrack => Condition::all().add(open).add(
            Condition::any()
                .add(Condition::all().add(running).add(C::DueSoonAt.gt(now)))
                .add(
                    Condition::all()
                        .add(paused)
                        .add(col(C::PausedAt).lt(col(C::DueSoonAt))),
                ),
        ),
        DeadlineState::Met => Condition::all()
            .add(done)
            .add(col(C::ResolvedAt).lte(col(C::DueAt))),
        DeadlineState::Missed => Condition::all()
            .add(done)
            .add(col(C::ResolvedAt).gt(col(C::DueAt))),
    }
}

/// What a page fetches in the same statement as its rows (LEFT JOINs), because the caller
/// is going to show it: one round trip instead of a second query per relation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Joined {
    pub department: bool,
}

/// A listed inquiry with what was joined to it.
#[derive(Debug, Clone)]
pub struct Listed {
    pub inquiry: inquiry::Model,
    /// Set when [`Joined::department`] was asked for and the inquiry has a department.
    pub department: Option<department::Model>,
}

/// A page of the inquiries the caller may see.
#[allow(clippy::too_many_arguments)]
pub async fn list(
    db: &impl ConnectionTrait,
    principal: &Principal,
    directory: &DistrictDirectory,
    filter: &InquiryFilter,
    order: InquiryOrder,
    first: u64,
    after: Option<Cursor>,
    joined: Joined,
) -> AppResult<Page<Listed>> {
    let query = inquiry::Entity::find()
        .filter(policy::inquiry_scope(principal))
        .filter(filter_condition(filter, principal, directory)?);
    let keyset = order.keyset();
    Ok(if joined.department {
        let page = keyset
            .page(
                db,
                query.find_also_related(department::Entity),
                first,
                after,
            )
            .await?;
        page.map(|(inquiry, department)| Listed {
            inquiry,
            department,
        })
    } else {
        let page = keyset.page(db, query, first, after).await?;
        page.map(|inquiry| Listed {
            inquiry,
            department: None,
        })
    })
}

/// Where counting stops by default (`TOTAL_COUNT_CAP`): an exact count of millions of rows per
/// request would cost more than the page itself. Lists show "10,000+" beyond it.
pub const DEFAULT_COUNT_CAP: u64 = 10_000;

/// The number of matching inquiries, counted up to a cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CappedCount {
    /// Exact when `capped` is false; the cap otherwise.
    pub count: u64,
    /// More inquiries match than were counted.
    pub capped: bool,
}

/// How many inquiries match, under the same scope and filter as [`list`], reading at most
/// `cap + 1` rows (`SELECT COUNT(*) FROM (... LIMIT cap + 1)`).
pub async fn count(
    db: &impl ConnectionTrait,
    principal: &Principal,
    directory: &DistrictDirectory,
    filter: &InquiryFilter,
    cap: u64,
) -> AppResult<CappedCount> {
    let counted = inquiry::Entity::find()
        .select_only()
        .column(inquiry::Column::Id)
        .filter(policy::inquiry_scope(principal))
        .filter(filter_condition(filter, principal, directory)?)
        .limit(cap + 1)
        .count(db)
        .await?;
    Ok(CappedCount {
        count: Ord::min(counted, cap),
        capped: counted > cap,
    })
}

/// One inquiry, if the caller may see it (`None` otherwise: out of scope looks like absent).
pub async fn get(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: Uuid,
) -> AppResult<Option<inquiry::Model>> {
    Ok(inquiry::Entity::find_by_id(id)
        .filter(policy::inquiry_scope(principal))
        .one(db)
        .await?)
}

/// One inquiry by its reference (case and surrounding spaces ignored), if the caller may
/// see it; absent and out of scope alike are `None`.
pub async fn by_reference(
    db: &impl ConnectionTrait,
    principal: &Principal,
    reference: &str,
) -> AppResult<Option<inquiry::Model>> {
    let reference = super::reference::parse_reference("reference", reference)?;
    Ok(inquiry::Entity::find()
        .filter(inquiry::Column::Reference.eq(reference))
        .filter(policy::inquiry_scope(principal))
        .one(db)
        .await?)
}

/// One inquiry by a partner's own reference, among what that partner submitted (external
/// references are unique per partner only); refused to callers who are not partners.
pub async fn by_external_ref(
    db: &impl ConnectionTrait,
    principal: &Principal,
    external_ref: &str,
) -> AppResult<Option<inquiry::Model>> {
    let partner = policy::external_ref_owner(principal)?;
    crate::domain::validate::no_nul("externalRef", external_ref)?;
    Ok(inquiry::Entity::find()
        .filter(inquiry::Column::SubmittedByPartner.eq(partner))
        .filter(inquiry::Column::ExternalRef.eq(external_ref.trim()))
        .filter(policy::inquiry_scope(principal))
        .one(db)
        .await?)
}

/// Several inquiries by id, limited to the caller's scope (for loaders).
pub async fn get_many(
    db: &impl ConnectionTrait,
    principal: &Principal,
    ids: &[Uuid],
) -> AppResult<Vec<inquiry::Model>> {
    Ok(inquiry::Entity::find()
        .filter(inquiry::Column::Id.is_in(ids.iter().copied()))
        .filter(policy::inquiry_scope(principal))
        .all(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(escape_like("50%_off"), "%50\\%\\_off%");
    }
}
