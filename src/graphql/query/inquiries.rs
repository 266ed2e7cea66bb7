//! Reading inquiries: the scoped list, one by id, `node`, and tracking.

use std::collections::HashSet;

use async_graphql::{Context, ID, InputObject, Object, Result};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{
    auth::policy,
    graphql::{
        context::ContextExt,
        loaders::loader_error,
        selection::Selection,
        types::{
            announcement::Announcement,
            answer::AnswerEntry,
            connection::Connection,
            directory::{Department, District, Officer},
            enums::{
                Channel, DeadlineState, InquiryKind, InquiryOrderBy, InquiryStatus,
                PendingTransferSide, Priority,
            },
            ids::{GlobalId, Kind, decode},
            inquiry::Inquiry,
            node::Node,
            tracked::TrackedInquiry,
        },
    },
    service::{
        inquiries::{self, InquiryFilter, Joined},
        paging::{Cursor, page_size},
        tracking,
    },
};

/// Narrows the inquiries list; all conditions combine with AND.
#[derive(InputObject, Default)]
pub struct InquiryFilterInput {
    /// A district code; includes the districts below it.
    pub district_code: Option<String>,
    pub department_id: Option<ID>,
    /// Any of these statuses.
    pub status: Option<Vec<InquiryStatus>>,
    pub kind: Option<InquiryKind>,
    pub channel: Option<Channel>,
    pub created_after: Option<DateTime<Utc>>,
    pub created_before: Option<DateTime<Utc>>,
    /// Text contained in the subject or body (Traditional characters also find their
    /// Simplified spelling: 身份證 finds 身份证), or the reference exactly (`ZQ2611-7K3M9Q`).
    pub text: Option<String>,
    /// Where inquiries stand against their deadlines now.
    pub deadline_state: Option<DeadlineState>,
    /// Named to this officer.
    pub officer_id: Option<ID>,
    /// True: named to the caller (none for a caller who is not staff); false: not named to
    /// the caller.
    pub assigned_to_me: Option<bool>,
    /// Any of these priorities.
    pub priority: Option<Vec<Priority>>,
    /// The category exactly.
    pub category: Option<String>,
    /// Transfers waiting for an answer: IN, offered to the department (`departmentId`, else
    /// the caller's; listed under the receiver); OUT, offered by it to another. With this
    /// set, `departmentId` names the side's department rather than the handling one.
    pub pending_transfer: Option<PendingTransferSide>,
    /// True: an extension is waiting for approval; false: none is.
    pub pending_extension: Option<bool>,
    /// True: escalated for lateness (cleared when an extension is approved or it reopens);
    /// false: not.
    pub escalated: Option<bool>,
    /// True: no department yet (the district's routing queue); false: routed.
    pub unrouted: Option<bool>,
    /// Changed at or after this time.
    pub updated_since: Option<DateTime<Utc>>,
    /// Changed before this time.
    pub updated_before: Option<DateTime<Utc>>,
}

impl InquiryFilterInput {
    fn into_service(self) -> Result<InquiryFilter> {
        Ok(InquiryFilter {
            district_code: self.district_code,
            department_id: self
                .department_id
                .map(|d| GlobalId::<Department>::parse(&d, "filter.departmentId"))
                .transpose()?,
            status: self.status.map(|s| s.into_iter().map(Into::into).collect()),
            kind: self.kind.map(Into::into),
            channel: self.channel.map(Into::into),
            created_after: self.created_after,
            created_before: self.created_before,
            text: self.text,
            deadline_state: self.deadline_state.map(Into::into),
            officer_id: self
                .officer_id
                .map(|o| GlobalId::<Officer>::parse(&o, "filter.officerId"))
                .transpose()?,
            assigned_to_me: self.assigned_to_me,
            priority: self
                .priority
                .map(|p| p.into_iter().map(Into::into).collect()),
            category: self.category,
            pending_transfer: self.pending_transfer.map(Into::into),
            pending_extension: self.pending_extension,
            escalated: self.escalated,
            unrouted: self.unrouted,
            updated_since: self.updated_since,
            updated_before: self.updated_before,
        })
    }
}

#[derive(Default)]
pub struct InquiryQuery;

#[Object]
impl InquiryQuery {
    /// The inquiries the caller may see, newest first by default (`first` 1..100).
    #[graphql(complexity = "crate::graphql::connection_complexity(first, child_complexity)")]
    async fn inquiries(
        &self,
        ctx: &Context<'_>,
        first: i32,
        after: Option<String>,
        filter: Option<InquiryFilterInput>,
        #[graphql(default)] order_by: InquiryOrderBy,
    ) -> Result<Connection<Inquiry>> {
        let first = page_size(first)?;
        let after = after.as_deref().map(Cursor::decode).transpose()?;
        let filter = filter.unwrap_or_default().into_service()?;
        let app = ctx.app();
        let selection = Selection::of_page(ctx);
        let joined = Joined {
            department: selection.wants(&["department"]),
        };
        let page = inquiries::list(
            &app.db,
            ctx.principal(),
            &app.directory,
            &filter,
            order_by.into(),
            first,
            after,
            joined,
        )
        .await?;
        let loaders = ctx.loaders();
        loaders
            .department
            .feed_many(
                page.rows
                    .iter()
                    .filter_map(|(_, r)| r.department.clone())
                    .map(|d| (d.id, d)),
            )
            .await;
        prefetch_relations(ctx, &selection, page.rows.iter().map(|(_, r)| &r.inquiry)).await?;
        Ok(Connection::new(page, |r| Inquiry(r.inquiry), filter))
    }

    /// One inquiry by global id; null when absent or out of the caller's scope.
    async fn inquiry(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Inquiry>> {
        let uuid = GlobalId::<Inquiry>::parse(&id, "id")?;
        Ok(inquiries::get(&ctx.app().db, ctx.principal(), uuid)
            .await?
            .map(Inquiry))
    }

    /// One inquiry by its citizen-facing reference (`ZQ2611-7K3M9Q`, any case); null when
    /// absent or out of the caller's scope, alike.
    async fn inquiry_by_reference(
        &self,
        ctx: &Context<'_>,
        reference: String,
    ) -> Result<Option<Inquiry>> {
        Ok(
            inquiries::by_reference(&ctx.app().db, ctx.principal(), &reference)
                .await?
                .map(Inquiry),
        )
    }

    /// One inquiry by the partner's own reference (`externalRef`), for partner integrations
    /// only, among what that partner submitted; null when it has none by that reference.
    async fn inquiry_by_external_ref(
        &self,
        ctx: &Context<'_>,
        external_ref: String,
    ) -> Result<Option<Inquiry>> {
        Ok(
            inquiries::by_external_ref(&ctx.app().db, ctx.principal(), &external_ref)
                .await?
                .map(Inquiry),
        )
    }

    /// Any object by global id; null when absent or out of the caller's scope.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Node>> {
        let (kind, uuid) = decode(&id, "id")?;
        let app = ctx.app();
        // A kind this server does not have is null, like an absent object.
        let Some(kind) = kind else {
            return Ok(None);
        };
        Ok(match kind {
            Kind::Inquiry => inquiries::get(&app.db, ctx.principal(), uuid)
                .await?
                .map(|i| Node::Inquiry(Inquiry(i))),
            Kind::District => app
                .directory
                .get(uuid)
                .cloned()
                .map(|d| Node::District(District(d))),
            Kind::Department => ctx
                .loaders()
                .department
                .load_one(uuid)
                .await
                .map_err(loader_error)?
                .map(|d| Node::Department(Department(d))),
            Kind::Officer => ctx
                .loaders()
                .officer
                .load_one(uuid)
                .await
                .map_err(loader_error)?
                .map(|o| Node::Officer(Officer(o))),
            // The loader yields nothing to callers who may not read the library: null, as out of scope.
            Kind::AnswerEntry => ctx
                .loaders()
                .answer_entry
                .load_one(uuid)
                .await
                .map_err(loader_error)?
                .map(|e| Node::AnswerEntry(AnswerEntry(e))),
            Kind::Announcement => ctx
                .loaders()
                .announcement
                .load_one(uuid)
                .await
                .map_err(loader_error)?
                .map(|a| Node::Announcement(Announcement(a))),
            // Not `Node`s (listed, so that a new kind is a decision here).
            Kind::DirectoryChange
            | Kind::DutyShift
            | Kind::ExpertConsultation
            | Kind::InquiryEvent
            | Kind::MonthlyStar
            | Kind::OfficerReview
            | Kind::Reply
            | Kind::Webhook => None,
        })
    }

    /// Follow an inquiry: its progress in plain words, replies and result. Without an
    /// account with the tracking code; a citizen's own inquiry also with their token alone.
    /// A wrong code and an unknown reference (or another citizen's) both give null, in the
    /// same time.
    async fn track_inquiry(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The inquiry's reference, e.g. `ZQ2611-8Y97DF`.")] reference: String,
        #[graphql(
            desc = "The tracking code given at submission. Optional only for a citizen's \
                    token following its own inquiry; otherwise BAD_USER_INPUT."
        )]
        tracking_code: Option<String>,
    ) -> Result<Option<TrackedInquiry>> {
        let db = &ctx.app().db;
        let view = match tracking_code {
            Some(code) => tracking::view(db, &reference, &code).await?,
            None => tracking::own_view(db, ctx.principal(), &reference).await?,
        };
        Ok(view.map(TrackedInquiry))
    }
}

/// Loads, in one query each, the relations the selection asks for on a page of inquiries,
/// so the nested resolvers find them in the loaders' caches: a page costs the same
/// number of statements whatever its size.
async fn prefetch_relations<'a>(
    ctx: &Context<'_>,
    selection: &Selection<'_>,
    rows: impl Iterator<Item = &'a entity::inquiry::Model>,
) -> Result<()> {
    let wants = |path: &[&str]| selection.wants(path);
    let rows: Vec<&entity::inquiry::Model> = rows.collect();
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut departments: HashSet<Uuid> = HashSet::new();
    let mut officers: HashSet<Uuid> = HashSet::new();
    if wants(&["department"]) {
        departments.extend(rows.iter().filter_map(|r| r.department_id));
    }
    if wants(&["pendingTransferDepartment"]) {
        departments.extend(rows.iter().filter_map(|r| r.pending_transfer_department_id));
    }
    if wants(&["officer"]) {
        officers.extend(rows.iter().filter_map(|r| r.officer_id));
    }
    let loaders = ctx.loaders();
    let staff = policy::may_read_timeline(ctx.principal());
    // Second-level relations: what replies, events and consultations point at.
    let (replies, events, consultations, _) = futures::try_join!(
        async {
            if wants(&["replies"]) || wants(&["lastReply"]) {
                loaders.replies.load_many(ids.clone()).await.map(Some)
            } else {
                Ok(None)
            }
        },
        async {
            if staff && wants(&["events"]) {
                loaders.events.load_many(ids.clone()).await.map(Some)
            } else {
                Ok(None)
            }
        },
        async {
            if staff && wants(&["consultations"]) {
                loaders.consultations.load_many(ids.clone()).await.map(Some)
            } else {
                Ok(None)
            }
        },
        async {
            if wants(&["feedback"]) {
                loaders.feedback.load_many(ids.clone()).await.map(|_| ())
            } else {
                Ok(())
            }
        },
    )
    .map_err(loader_error)?;
    if wants(&["replies", "signedBy"]) || wants(&["lastReply", "signedBy"]) {
        for r in replies.iter().flat_map(|m| m.values()).flatten() {
            officers.insert(r.officer_id);
            departments.insert(r.department_id);
        }
    }
    if wants(&["events", "actor"]) {
        officers.extend(
            events
                .iter()
                .flat_map(|m| m.values())
                .flatten()
                .filter_map(|e| e.actor_officer_id),
        );
    }
    if wants(&["consultations"]) {
        for c in consultations.iter().flat_map(|m| m.values()).flatten() {
            officers.insert(c.expert_id);
            officers.insert(c.requested_by_id);
        }
    }
    let (_, loaded_officers) = futures::try_join!(
        loaders.department.load_many(departments.iter().copied()),
        loaders.officer.load_many(officers.iter().copied()),
    )
    .map_err(loader_error)?;
    // Officers' own departments, when the selection reaches them.
    if wants(&["officer", "department"])
        || wants(&["replies", "signedBy", "officer", "department"])
        || wants(&["lastReply", "signedBy", "officer", "department"])
    {
        let more: Vec<Uuid> = loaded_officers
            .values()
            .map(|o| o.department_id)
            .filter(|d| !departments.contains(d))
            .collect();
        loaders
            .department
            .load_many(more)
            .await
            .map_err(loader_error)?;
    }
    Ok(())
}
