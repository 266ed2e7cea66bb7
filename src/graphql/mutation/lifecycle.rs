//! Lifecycle mutations. Each takes one `input` with the
//! `expectedVersion` the caller last saw and returns a payload with the updated
//! inquiry; the rules live in `service::lifecycle`.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};

use crate::domain::values::{CorrectionReason, Reason, ReplyBody};
use crate::{
    graphql::{
        context::ContextExt,
        types::{
            answer::AnswerEntry,
            directory::{Department, Officer},
            enums::{InquiryStatus, Priority, ReplyVisibility, Satisfaction},
            ids::GlobalId,
            inquiry::Inquiry,
            reply::Reply,
            timeline::ExpertConsultation,
        },
    },
    service::lifecycle::{Ctx, experts, replies, results, routing, work},
};

fn ctx<'a>(c: &'a Context<'_>) -> Ctx<'a> {
    c.service()
}

fn inquiry_id(id: &ID) -> Result<uuid::Uuid> {
    Ok(GlobalId::<Inquiry>::parse(id, "inquiryId")?)
}

/// The updated inquiry.
#[derive(SimpleObject)]
pub struct InquiryPayload {
    pub inquiry: Inquiry,
}

fn payload(m: entity::inquiry::Model) -> InquiryPayload {
    InquiryPayload {
        inquiry: Inquiry(m),
    }
}

/// An inquiry and the version the caller last saw.
#[derive(InputObject)]
pub struct InquiryVersionInput {
    pub inquiry_id: ID,
    pub expected_version: i32,
}

#[derive(InputObject)]
pub struct AssignInquiryInput {
    pub inquiry_id: ID,
    pub expected_version: i32,
    /// A department serving the inquiry's district: a bureau of that district (or, for an
    /// inquiry filed with the city, of one of its counties) or a city division. Another
    /// district's bureau is refused (`BAD_USER_INPUT` on `departmentId`): use
    /// `transferInquiry`.
    pub department_id: ID,
    /// A named officer of that department.
    pub officer_id: Option<ID>,
    /// A new priority recomputes the deadlines under its policy.
    pub priority: Option<Priority>,
}

#[derive(InputObject)]
pub struct TransferInquiryInput {
    pub inquiry_id: ID,
    pub expected_version: i32,
    /// The department it is offered to; another county's bureau moves the inquiry into that
    /// county once accepted.
    pub department_id: ID,
    pub reason: String,
}

/// An action that needs a reason.
#[derive(InputObject)]
pub struct InquiryReasonInput {
    pub inquiry_id: ID,
    pub expected_version: i32,
    pub reason: String,
}

#[derive(InputObject)]
pub struct ReplyToInquiryInput {
    pub inquiry_id: ID,
    pub expected_version: i32,
    pub visibility: ReplyVisibility,
    /// The reply's text. May be omitted with `answerEntryId`: the entry's approved wording is
    /// then sent with its placeholders filled from the inquiry (reference, handling
    /// department, the replying officer's duty name, due date). When given with
    /// `answerEntryId`, it is sent as written (the officer adapted the wording).
    pub body: Option<String>,
    /// The answer-library entry the wording comes from: it must be serving (approved, not
    /// retired). The reply records the entry and the approved version, and the entry's
    /// `useCount` goes up.
    pub answer_entry_id: Option<ID>,
}

#[derive(InputObject)]
pub struct CorrectReplyInput {
    /// The reply to correct. A reply already corrected is refused (BAD_USER_INPUT on
    /// `replyId`): correct its latest correction instead.
    pub reply_id: ID,
    /// Version of the reply's inquiry.
    pub expected_version: i32,
    pub body: String,
    /// Why, shown beside the correction: at least 5 characters.
    pub reason: String,
}

#[derive(InputObject)]
pub struct RequestExtensionInput {
    pub inquiry_id: ID,
    pub expected_version: i32,
    /// Working days, 1..30.
    pub days: i32,
    pub reason: String,
}

#[derive(InputObject)]
pub struct ResolveInquiryInput {
    pub inquiry_id: ID,
    pub expected_version: i32,
    pub resolution: String,
}

#[derive(InputObject)]
pub struct MergeInquiryInput {
    pub inquiry_id: ID,
    pub expected_version: i32,
    /// The inquiry this one duplicates.
    pub into_id: ID,
}

#[derive(InputObject)]
pub struct RateInquiryInput {
    pub reference: String,
    /// Needed unless the caller is the citizen who submitted it, with their own token.
    pub tracking_code: Option<String>,
    pub satisfaction: Satisfaction,
    pub reason: Option<String>,
    pub comment: Option<String>,
}

/// The result of a rating, as the citizen may see it.
#[derive(SimpleObject)]
pub struct RateInquiryPayload {
    pub reference: String,
    pub status: InquiryStatus,
    /// True when the rating sent the inquiry back for re-handling.
    pub reopened: bool,
}

#[derive(InputObject)]
pub struct ConsultExpertInput {
    pub inquiry_id: ID,
    pub expected_version: i32,
    pub expert_id: ID,
    pub question: String,
    pub due_at: DateTime<Utc>,
}

#[derive(InputObject)]
pub struct AdviseOnInquiryInput {
    pub consultation_id: ID,
    /// Version of the inquiry, if the expert wants the check.
    pub expected_version: Option<i32>,
    pub advice: String,
}

/// A reply and the inquiry after it.
#[derive(SimpleObject)]
pub struct ReplyPayload {
    pub inquiry: Inquiry,
    pub reply: Reply,
}

/// A consultation and the inquiry after it.
#[derive(SimpleObject)]
pub struct ConsultationPayload {
    pub inquiry: Inquiry,
    pub consultation: ExpertConsultation,
}

#[derive(Default)]
pub struct LifecycleMutation;

#[Object]
impl LifecycleMutation {
    /// Hand an inquiry to a department of its own district (supervisor, admin); withdraws a
    /// pending transfer. It never moves an inquiry sideways to another district, for
    /// anyone: a bureau of another district is `BAD_USER_INPUT` on `departmentId`, and the
    /// move is a `transferInquiry` the receiving side accepts or returns. Only an inquiry
    /// filed with the city moves, down into the county whose bureau gets it; the `ASSIGNED`
    /// event then names `fromDistrictId`/`toDistrictId` and their codes.
    async fn assign_inquiry(
        &self,
        c: &Context<'_>,
        input: AssignInquiryInput,
    ) -> Result<InquiryPayload> {
        let department_id = GlobalId::<Department>::parse(&input.department_id, "departmentId")?;
        let officer_id = input
            .officer_id
            .as_ref()
            .map(|o| GlobalId::<Officer>::parse(o, "officerId"))
            .transpose()?;
        let assignment = routing::Assignment {
            inquiry_id: inquiry_id(&input.inquiry_id)?,
            expected_version: input.expected_version,
            department_id,
            officer_id,
            priority: input.priority.map(Into::into),
        };
        let m = routing::assign(ctx(c), assignment).await?;
        Ok(payload(m))
    }

    /// Offer an inquiry to another department (supervisor, admin); the receiving side
    /// accepts or returns it. Nothing moves yet: department and district change on
    /// acceptance. Meanwhile the receiving department's officers and the supervisors of the
    /// district it would move into (`pendingTransferDistrict`) see the inquiry.
    async fn transfer_inquiry(
        &self,
        c: &Context<'_>,
        input: TransferInquiryInput,
    ) -> Result<InquiryPayload> {
        let department = GlobalId::<Department>::parse(&input.department_id, "departmentId")?;
        let id = inquiry_id(&input.inquiry_id)?;
        Ok(payload(
            routing::transfer(
                ctx(c),
                id,
                input.expected_version,
                department,
                Reason::parse(&input.reason)?,
            )
            .await?,
        ))
    }

    /// The receiving side takes the transferred inquiry over: officers of the receiving
    /// department, supervisors of the district it moves into (the receiving bureau's; the
    /// inquiry's own for a city division) and admins; anyone else, the sending supervisor
    /// included, gets `FORBIDDEN`. The department and district change now (deadlines stay);
    /// the `TRANSFER_ACCEPTED` event names the departments and districts moved from and to
    /// (`fromDepartmentId`, `toDepartmentId`, `fromDistrictId`/`fromDistrictCode`,
    /// `toDistrictId`/`toDistrictCode`).
    async fn accept_transfer(
        &self,
        c: &Context<'_>,
        input: InquiryVersionInput,
    ) -> Result<InquiryPayload> {
        Ok(payload(
            routing::accept_transfer(
                ctx(c),
                inquiry_id(&input.inquiry_id)?,
                input.expected_version,
            )
            .await?,
        ))
    }

    /// The receiving side (as for `acceptTransfer`) declines the transfer, with a reason;
    /// the inquiry stays with its department and district.
    async fn return_transfer(
        &self,
        c: &Context<'_>,
        input: InquiryReasonInput,
    ) -> Result<InquiryPayload> {
        let id = inquiry_id(&input.inquiry_id)?;
        Ok(payload(
            routing::return_transfer(
                ctx(c),
                id,
                input.expected_version,
                Reason::parse(&input.reason)?,
            )
            .await?,
        ))
    }

    /// The handling officer takes the inquiry up.
    async fn start_work(
        &self,
        c: &Context<'_>,
        input: InquiryVersionInput,
    ) -> Result<InquiryPayload> {
        Ok(payload(
            work::start_work(
                ctx(c),
                inquiry_id(&input.inquiry_id)?,
                input.expected_version,
            )
            .await?,
        ))
    }

    /// Reply to the citizen (PUBLIC, PRIVATE) or note internally (INTERNAL), signed by the caller.
    async fn reply_to_inquiry(
        &self,
        c: &Context<'_>,
        input: ReplyToInquiryInput,
    ) -> Result<ReplyPayload> {
        let entry = input
            .answer_entry_id
            .as_ref()
            .map(|e| GlobalId::<AnswerEntry>::parse(e, "answerEntryId"))
            .transpose()?;
        let id = inquiry_id(&input.inquiry_id)?;
        let r = replies::reply(
            ctx(c),
            id,
            input.expected_version,
            input.visibility.into(),
            input.body.as_deref().map(ReplyBody::parse).transpose()?,
            entry,
        )
        .await?;
        Ok(ReplyPayload {
            inquiry: Inquiry(r.inquiry),
            reply: Reply(r.reply),
        })
    }

    /// Correct a reply in the open: the original stays and the correction points at it.
    async fn correct_reply(
        &self,
        c: &Context<'_>,
        input: CorrectReplyInput,
    ) -> Result<ReplyPayload> {
        let reply = GlobalId::<Reply>::parse(&input.reply_id, "replyId")?;
        let r = replies::correct_reply(
            ctx(c),
            reply,
            input.expected_version,
            ReplyBody::parse(&input.body)?,
            CorrectionReason::parse(&input.reason)?,
        )
        .await?;
        Ok(ReplyPayload {
            inquiry: Inquiry(r.inquiry),
            reply: Reply(r.reply),
        })
    }

    /// Stop the deadline clock while waiting for the citizen.
    async fn pause_inquiry(
        &self,
        c: &Context<'_>,
        input: InquiryReasonInput,
    ) -> Result<InquiryPayload> {
        let id = inquiry_id(&input.inquiry_id)?;
        Ok(payload(
            work::pause(
                ctx(c),
                id,
                input.expected_version,
                Reason::parse(&input.reason)?,
            )
            .await?,
        ))
    }

    /// Restart the clock; the deadline moves by the time lost.
    async fn resume_inquiry(
        &self,
        c: &Context<'_>,
        input: InquiryVersionInput,
    ) -> Result<InquiryPayload> {
        Ok(payload(
            work::resume(
                ctx(c),
                inquiry_id(&input.inquiry_id)?,
                input.expected_version,
            )
            .await?,
        ))
    }

    /// Ask a supervisor for more working days.
    async fn request_extension(
        &self,
        c: &Context<'_>,
        input: RequestExtensionInput,
    ) -> Result<InquiryPayload> {
        let id = inquiry_id(&input.inquiry_id)?;
        Ok(payload(
            work::request_extension(
                ctx(c),
                id,
                input.expected_version,
                input.days,
                Reason::parse(&input.reason)?,
            )
            .await?,
        ))
    }

    /// Grant the pending extension (supervisor).
    async fn approve_extension(
        &self,
        c: &Context<'_>,
        input: InquiryVersionInput,
    ) -> Result<InquiryPayload> {
        Ok(payload(
            work::approve_extension(
                ctx(c),
                inquiry_id(&input.inquiry_id)?,
                input.expected_version,
            )
            .await?,
        ))
    }

    /// Refuse the pending extension (supervisor), with the reason for the handling
    /// department: the deadline stays, the request is cleared, and the timeline (staff
    /// only) records it. Without a pending request: INVALID_TRANSITION.
    async fn reject_extension(
        &self,
        c: &Context<'_>,
        input: InquiryReasonInput,
    ) -> Result<InquiryPayload> {
        Ok(payload(
            work::reject_extension(
                ctx(c),
                inquiry_id(&input.inquiry_id)?,
                input.expected_version,
                Reason::parse(&input.reason)?,
            )
            .await?,
        ))
    }

    /// Record the result; refused until the citizen has had a PUBLIC or PRIVATE reply.
    async fn resolve_inquiry(
        &self,
        c: &Context<'_>,
        input: ResolveInquiryInput,
    ) -> Result<InquiryPayload> {
        let id = inquiry_id(&input.inquiry_id)?;
        Ok(payload(
            results::resolve(ctx(c), id, input.expected_version, &input.resolution).await?,
        ))
    }

    /// Close a resolved inquiry.
    async fn close_inquiry(
        &self,
        c: &Context<'_>,
        input: InquiryVersionInput,
    ) -> Result<InquiryPayload> {
        Ok(payload(
            results::close(
                ctx(c),
                inquiry_id(&input.inquiry_id)?,
                input.expected_version,
            )
            .await?,
        ))
    }

    /// Refuse an inquiry the desk cannot handle, with the reason (supervisor).
    async fn reject_inquiry(
        &self,
        c: &Context<'_>,
        input: InquiryReasonInput,
    ) -> Result<InquiryPayload> {
        let id = inquiry_id(&input.inquiry_id)?;
        Ok(payload(
            routing::reject(ctx(c), id, input.expected_version, &input.reason).await?,
        ))
    }

    /// Mark a duplicate (supervisor); its citizen follows the target's public replies.
    async fn merge_inquiry(
        &self,
        c: &Context<'_>,
        input: MergeInquiryInput,
    ) -> Result<InquiryPayload> {
        let into = GlobalId::<Inquiry>::parse(&input.into_id, "intoId")?;
        let id = inquiry_id(&input.inquiry_id)?;
        Ok(payload(
            routing::merge(ctx(c), id, input.expected_version, into).await?,
        ))
    }

    /// Send a result back for re-handling (supervisor).
    async fn reopen_inquiry(
        &self,
        c: &Context<'_>,
        input: InquiryReasonInput,
    ) -> Result<InquiryPayload> {
        let id = inquiry_id(&input.inquiry_id)?;
        Ok(payload(
            results::reopen(
                ctx(c),
                id,
                input.expected_version,
                Reason::parse(&input.reason)?,
            )
            .await?,
        ))
    }

    /// The citizen rates the result; UNSATISFIED within 15 days of resolution reopens it.
    async fn rate_inquiry(
        &self,
        c: &Context<'_>,
        input: RateInquiryInput,
    ) -> Result<RateInquiryPayload> {
        let proof = match input.tracking_code {
            Some(code) => results::RatingProof::TrackingCode(code),
            None => results::RatingProof::OwnToken,
        };
        let m = results::rate(
            ctx(c),
            &input.reference,
            proof,
            input.satisfaction.into(),
            input.reason.as_deref(),
            input.comment.as_deref(),
        )
        .await?;
        Ok(RateInquiryPayload {
            reference: m.reference,
            status: m.status.into(),
            reopened: m.status == entity::InquiryStatus::Reopened,
        })
    }

    /// Ask a member of the expert panel (internal).
    async fn consult_expert(
        &self,
        c: &Context<'_>,
        input: ConsultExpertInput,
    ) -> Result<ConsultationPayload> {
        let expert = GlobalId::<Officer>::parse(&input.expert_id, "expertId")?;
        let id = inquiry_id(&input.inquiry_id)?;
        let r = experts::consult(
            ctx(c),
            id,
            input.expected_version,
            expert,
            &input.question,
            input.due_at,
        )
        .await?;
        Ok(ConsultationPayload {
            inquiry: Inquiry(r.inquiry),
            consultation: ExpertConsultation(r.consultation),
        })
    }

    /// The consulted expert's advice (internal; never shown to the citizen).
    async fn advise_on_inquiry(
        &self,
        c: &Context<'_>,
        input: AdviseOnInquiryInput,
    ) -> Result<ConsultationPayload> {
        let consultation =
            GlobalId::<ExpertConsultation>::parse(&input.consultation_id, "consultationId")?;
        let r =
            experts::advise(ctx(c), consultation, input.expected_version, &input.advice).await?;
        Ok(ConsultationPayload {
            inquiry: Inquiry(r.inquiry),
            consultation: ExpertConsultation(r.consultation),
        })
    }
}
