//! Webhooks: who manages them, and what each kind of hook receives.
//!
//! - Only administrators register, switch and inspect webhooks. A caller without a token
//!   is `UNAUTHENTICATED`; any other valid token (citizen, partner, non-admin staff) is
//!   `FORBIDDEN`.
//! - A partner hook reads as its partner's token would, in the hook's districts: inquiry
//!   events only, of inquiries in that partner's [`super::inquiry_scope`], and only the
//!   timeline entries that partner is shown ([`super::event_view`], the one rule for
//!   every path), with the fields it is shown.
//! - An internal hook (no partner) is for the bureau's own systems: every event of its
//!   districts, internal ones and `webhook.*` administration included.

#[cfg(test)]
use entity::Role;

use super::{Needed, require_role};
use uuid::Uuid;

use crate::{
    auth::{DistrictScope, Principal, StaffPrincipal},
    error::AppError,
};

/// Administrators only.
pub fn ensure_may_manage_webhooks(principal: &Principal) -> Result<&StaffPrincipal, AppError> {
    require_role(
        principal,
        Needed::Admin,
        "webhooks are managed by administrators",
    )
}

/// The caller a partner hook reads as: `partner`'s token for the hook's districts.
pub fn partner_hook_principal(hook_id: Uuid, partner: &str, district_ids: Vec<Uuid>) -> Principal {
    Principal::Partner {
        subject: format!("webhook:{hook_id}"),
        partner: partner.to_owned(),
        districts: DistrictScope::Only(district_ids),
    }
}

/// The event families a hook may be sent: a partner hook only inquiry events (what its
/// token reads); an internal hook everything, `webhook.*` administration included.
pub fn hook_may_receive(partner: Option<&str>, event: &str) -> bool {
    partner.is_none() || event.starts_with("inquiry.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::StaffPrincipal;
    use entity::{EventKind, inquiry, inquiry_event};

    fn staff(role: Role) -> Principal {
        Principal::Staff(StaffPrincipal::sample(role))
    }

    #[test]
    fn only_administrators_manage_webhooks_and_other_tokens_are_forbidden() {
        assert!(ensure_may_manage_webhooks(&staff(Role::Admin)).is_ok());
        let code = |p: &Principal| ensure_may_manage_webhooks(p).unwrap_err().code();
        assert_eq!(code(&staff(Role::Supervisor)), "FORBIDDEN");
        assert_eq!(
            code(&Principal::Citizen {
                subject: "app-user-1".into()
            }),
            "FORBIDDEN"
        );
        assert_eq!(
            code(&partner_hook_principal(
                Uuid::now_v7(),
                "12345-hotline",
                vec![]
            )),
            "FORBIDDEN"
        );
        assert_eq!(code(&Principal::Anonymous), "UNAUTHENTICATED");
    }

    fn partners_inquiry(partner: &str) -> inquiry::Model {
        use entity::{Channel, InquiryKind, InquiryStatus, Priority};
        let now = chrono::Utc::now();
        inquiry::Model {
            id: Uuid::now_v7(),
            reference: "ZQ2611-7K3M9Q".into(),
            tracking_code_hash: String::new(),
            kind: InquiryKind::Consultation,
            channel: Channel::Partner,
            external_ref: Some("HL-001".into()),
            subject: "户口迁移".into(),
            body: "需要什么材料".into(),
            category: None,
            district_id: Uuid::now_v7(),
            location_text: None,
            latitude: None,
            longitude: None,
            citizen_name: Some("陈小明".into()),
            citizen_phone: Some("13812345678".into()),
            citizen_subject: None,
            submitter: format!("partner:{partner}"),
            anonymous: false,
            protect_identity: false,
            status: InquiryStatus::Assigned,
            priority: Priority::Normal,
            department_id: None,
            officer_id: None,
            pending_transfer_department_id: None,
            pending_transfer_district_id: None,
            pending_extension_days: None,
            first_response_due_at: None,
            due_at: None,
            due_soon_at: None,
            paused_at: None,
            first_responded_at: None,
            resolved_at: None,
            closed_at: None,
            escalated_at: None,
            resolution: None,
            reopened_count: 0,
            merged_into_id: None,
            submitted_by_partner: Some(partner.into()),
            idempotency_key: None,
            request_hash: None,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    fn entry(
        kind: EventKind,
        public: bool,
        data: Option<serde_json::Value>,
    ) -> inquiry_event::Model {
        let now = chrono::Utc::now();
        inquiry_event::Model {
            id: Uuid::now_v7(),
            inquiry_id: Uuid::now_v7(),
            kind,
            actor_kind: entity::ActorKind::Officer,
            actor_officer_id: None,
            actor_subject: None,
            public,
            note: None,
            data,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn a_partner_hook_is_shown_the_public_entries_of_its_own_inquiries_only() {
        let hotline = partner_hook_principal(Uuid::now_v7(), "12345-hotline", vec![]);
        let mut inquiry = partners_inquiry("12345-hotline");
        let view = |e: &inquiry_event::Model, i: &inquiry::Model| {
            super::super::event_view(super::super::EventViewer::Principal(&hotline), i, e)
                .map(|v| (v.note, v.data))
        };
        let public_reply = entry(
            EventKind::Replied,
            true,
            Some(serde_json::json!({"visibility": "PUBLIC"})),
        );
        assert_eq!(view(&public_reply, &inquiry), Some((true, false)));
        assert!(view(&entry(EventKind::Resolved, true, None), &inquiry).is_some());
        assert!(view(&entry(EventKind::WorkStarted, false, None), &inquiry).is_none());
        assert!(view(&entry(EventKind::ExpertConsulted, false, None), &inquiry).is_none());
        assert!(
            view(
                &entry(
                    EventKind::Replied,
                    false,
                    Some(serde_json::json!({"visibility": "INTERNAL"}))
                ),
                &inquiry
            )
            .is_none()
        );
        assert!(
            view(
                &entry(
                    EventKind::Replied,
                    false,
                    Some(serde_json::json!({"visibility": "PRIVATE"}))
                ),
                &inquiry
            )
            .is_none()
        );
        // A public reply is corrected in the open: whoever saw it sees the correction.
        assert!(view(&entry(EventKind::ReplyCorrected, true, None), &inquiry).is_some());
        let private_correction = entry(
            EventKind::ReplyCorrected,
            false,
            Some(serde_json::json!({"visibility": "PRIVATE"})),
        );
        assert!(view(&private_correction, &inquiry).is_none());
        inquiry.submitted_by_partner = Some("110-agency".into());
        assert!(
            view(&public_reply, &inquiry).is_none(),
            "another partner's inquiry"
        );
        inquiry.submitted_by_partner = None;
        assert!(
            view(&public_reply, &inquiry).is_none(),
            "a citizen's inquiry"
        );
    }

    #[test]
    fn partner_hooks_receive_inquiry_events_only_and_internal_hooks_everything() {
        assert!(hook_may_receive(Some("12345-hotline"), "inquiry.replied"));
        assert!(!hook_may_receive(Some("12345-hotline"), "webhook.created"));
        assert!(!hook_may_receive(
            Some("12345-hotline"),
            "circular.published"
        ));
        assert!(hook_may_receive(None, "webhook.created"));
        assert!(hook_may_receive(None, "inquiry.work_started"));
    }
}
