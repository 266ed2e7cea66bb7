//! `submitInquiry`: open to the public, citizens and partners.

use async_graphql::{Context, InputObject, Object, Result, SimpleObject};

use crate::{
    graphql::{
        context::ContextExt,
        types::{
            enums::{Channel, InquiryKind},
            inquiry::Inquiry,
        },
    },
    service::intake::{self, SubmitInquiry},
};

/// A new consultation, complaint, tip-off, suggestion or praise.
#[derive(InputObject)]
pub struct SubmitInquiryInput {
    pub kind: InquiryKind,
    pub channel: Channel,
    /// 1..200 characters.
    pub subject: String,
    /// 1..5000 characters.
    pub body: String,
    /// The district it concerns, e.g. `441202`.
    pub district_code: String,
    pub category: Option<String>,
    pub location_text: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub citizen_name: Option<String>,
    /// Mainland mobile or landline number.
    pub citizen_phone: Option<String>,
    /// Do not name me publicly.
    #[graphql(default)]
    pub anonymous: bool,
    /// For a REPORT: only supervisors and admins may see who reported.
    #[graphql(default)]
    pub protect_identity: bool,
    /// A partner's own reference; resubmitting it with the same payload returns the existing
    /// inquiry, with a different payload is CONFLICT.
    pub external_ref: Option<String>,
    /// Client-chosen key (a UUID): repeating a request with it returns the same inquiry.
    pub idempotency_key: Option<String>,
}

/// The stored inquiry and the secret code to track it.
#[derive(SimpleObject)]
pub struct SubmitInquiryPayload {
    pub inquiry: Inquiry,
    /// Shown once; keep it with the reference to follow the inquiry without an account.
    pub tracking_code: Option<String>,
}

#[derive(Default)]
pub struct IntakeMutation;

#[Object]
impl IntakeMutation {
    /// Submit an inquiry. Idempotent by `idempotencyKey` (per submitter) and by a partner's `externalRef`.
    async fn submit_inquiry(
        &self,
        ctx: &Context<'_>,
        input: SubmitInquiryInput,
    ) -> Result<SubmitInquiryPayload> {
        let request = SubmitInquiry {
            kind: input.kind.into(),
            channel: input.channel.into(),
            subject: input.subject,
            body: input.body,
            district_code: input.district_code,
            category: input.category,
            location_text: input.location_text,
            latitude: input.latitude,
            longitude: input.longitude,
            citizen_name: input.citizen_name,
            citizen_phone: input.citizen_phone,
            anonymous: input.anonymous,
            protect_identity: input.protect_identity,
            external_ref: input.external_ref,
            idempotency_key: input.idempotency_key,
        };
        let done = intake::submit(ctx.service(), request).await?;
        Ok(SubmitInquiryPayload {
            inquiry: Inquiry(done.inquiry),
            tracking_code: done.tracking_code,
        })
    }
}
