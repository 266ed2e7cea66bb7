//! The one event-visibility rule: which timeline entries of an inquiry a viewer is
//! shown, and which of their fields. `Inquiry.events`, subscriptions (`inquiryEvents`,
//! `trackedInquiry`), webhooks, tracking and Open311 all ask here, so a path cannot show
//! more than another.
//!
//! - Staff who can load the inquiry see every entry; officers' identities are colleagues'
//!   business. A citizen's account id (`citizen:<sub>`) is shown only to the district's
//!   supervisors and admins: no officer needs it, and it would unmask a protected informant.
//! - The citizen (their own token, or the holder of the tracking code) sees the public
//!   entries and those of their PRIVATE replies: exactly what tracking shows.
//! - A partner sees the public entries of the inquiries it submitted.
//! - `data` (department and officer ids, deadlines, merge targets) is for staff.

use entity::{ActorKind, EventKind, InquiryKind, Role, inquiry, inquiry_event};

use super::{ContactView, contact_view};
use crate::auth::Principal;

/// Who is looking at a timeline entry.
#[derive(Debug, Clone, Copy)]
pub enum EventViewer<'a> {
    /// A caller with a token (or none); scope was checked by loading the inquiry.
    Principal(&'a Principal),
    /// Whoever holds the inquiry's reference and tracking code: the citizen.
    Tracker,
}

/// What of one timeline entry a viewer may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventView {
    /// The acting officer (itself shown by duty name or identity per
    /// [`super::may_see_officer_identity`]).
    pub actor_officer: bool,
    /// The recorded subject (`officer:<badge>`, `citizen:<sub>`, `partner:<name>`).
    pub actor_subject: bool,
    /// The reason or note given with the action.
    pub note: bool,
    /// Kind-specific details.
    pub data: bool,
}

/// Who an entry was written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Audience {
    /// Everyone who may follow the inquiry.
    Public,
    /// The citizen and staff (a PRIVATE reply and its corrections).
    Citizen,
    /// Staff only.
    Staff,
}

fn audience(event: &inquiry_event::Model) -> Audience {
    if event.public {
        return Audience::Public;
    }
    let private_reply = matches!(event.kind, EventKind::Replied | EventKind::ReplyCorrected)
        && event
            .data
            .as_ref()
            .and_then(|d| d.get("visibility"))
            .and_then(serde_json::Value::as_str)
            == Some("PRIVATE");
    if private_reply {
        Audience::Citizen
    } else {
        Audience::Staff
    }
}

/// Whether `event` is an entry citizens would see at all (public, or their private reply),
/// for pushes that are decided before a viewer is known.
pub fn is_citizen_event(event: &inquiry_event::Model) -> bool {
    audience(event) != Audience::Staff
}

/// What `viewer` may see of `event` on `inquiry`; `None`: not the entry at all.
///
/// Precondition: the inquiry is in the viewer's scope ([`super::inquiry_scope`]) or, for a
/// [`EventViewer::Tracker`], its tracking code was verified.
pub fn event_view(
    viewer: EventViewer<'_>,
    inquiry: &inquiry::Model,
    event: &inquiry_event::Model,
) -> Option<EventView> {
    let audience = audience(event);
    let outsider = |shown: bool, own_subject: bool| {
        shown.then_some(EventView {
            actor_officer: event.actor_kind == ActorKind::Officer,
            actor_subject: own_subject,
            note: true,
            data: false,
        })
    };
    match viewer {
        EventViewer::Tracker => outsider(audience != Audience::Staff, false),
        EventViewer::Principal(Principal::Anonymous) => None,
        EventViewer::Principal(Principal::Citizen { subject }) => {
            let own = inquiry.citizen_subject.as_deref() == Some(subject.as_str());
            let label = format!("citizen:{subject}");
            outsider(
                own && audience != Audience::Staff,
                event.actor_subject.as_deref() == Some(label.as_str()),
            )
        }
        EventViewer::Principal(Principal::Partner { partner, .. }) => {
            let own = inquiry.submitted_by_partner.as_deref() == Some(partner.as_str());
            let label = format!("partner:{partner}");
            outsider(
                own && audience == Audience::Public,
                event.actor_subject.as_deref() == Some(label.as_str()),
            )
        }
        EventViewer::Principal(principal @ Principal::Staff(staff)) => {
            let citizen_actor =
                matches!(event.actor_kind, ActorKind::Citizen | ActorKind::Anonymous)
                    || event
                        .actor_subject
                        .as_deref()
                        .is_some_and(|s| s.starts_with("citizen:"));
            let supervises = matches!(staff.role, Role::Supervisor | Role::Admin)
                && contact_view(principal, inquiry) == ContactView::Full;
            Some(EventView {
                actor_officer: true,
                actor_subject: !citizen_actor || supervises,
                note: true,
                data: true,
            })
        }
    }
}

/// Of the inquiry a tracked duplicate was merged into, the tracker sees only the public
/// entries: that inquiry's private replies belong to another citizen.
pub fn tracker_sees_merge_target_event(event: &inquiry_event::Model) -> bool {
    audience(event) == Audience::Public
}

/// Whether the tracker of a duplicate is shown the inquiry it was merged into (its
/// reference, status and public replies). A tip-off is never revealed to another citizen.
pub fn tracker_may_see_merge_target(target: &inquiry::Model) -> bool {
    target.kind != InquiryKind::Report
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::*;
    use crate::auth::{
        DistrictScope,
        policy::tests::{self, sample},
    };

    fn inquiry(kind: InquiryKind, protect: bool, district: Uuid) -> inquiry::Model {
        let mut i = sample(district, Some(Uuid::nil()));
        i.kind = kind;
        i.protect_identity = protect;
        i
    }

    fn event(
        kind: EventKind,
        public: bool,
        actor: ActorKind,
        subject: &str,
    ) -> inquiry_event::Model {
        let now = Utc::now();
        inquiry_event::Model {
            id: Uuid::now_v7(),
            inquiry_id: Uuid::now_v7(),
            kind,
            actor_kind: actor,
            actor_officer_id: None,
            actor_subject: Some(subject.into()),
            public,
            note: None,
            data: None,
            created_at: now,
            updated_at: now,
        }
    }

    fn staff(role: Role, department: Uuid, district: Uuid) -> Principal {
        tests::staff(role, department, DistrictScope::Only(vec![district]))
    }

    #[test]
    fn the_handling_officer_never_sees_a_protected_informants_account_id() {
        let district = Uuid::now_v7();
        let report = inquiry(InquiryKind::Report, true, district);
        let received = event(
            EventKind::Received,
            true,
            ActorKind::Citizen,
            "citizen:app-42",
        );
        let officer = staff(Role::Officer, Uuid::nil(), district);
        let view = event_view(EventViewer::Principal(&officer), &report, &received).unwrap();
        assert!(!view.actor_subject);
        let supervisor = staff(Role::Supervisor, Uuid::now_v7(), district);
        let view = event_view(EventViewer::Principal(&supervisor), &report, &received).unwrap();
        assert!(view.actor_subject);
    }

    #[test]
    fn officers_see_colleagues_badges_but_no_citizen_account_ids_on_plain_inquiries() {
        let district = Uuid::now_v7();
        let consultation = inquiry(InquiryKind::Consultation, false, district);
        let officer = staff(Role::Officer, Uuid::nil(), district);
        let by_citizen = event(
            EventKind::Received,
            true,
            ActorKind::Citizen,
            "citizen:app-42",
        );
        let by_officer = event(
            EventKind::WorkStarted,
            false,
            ActorKind::Officer,
            "officer:040101",
        );
        let viewer = EventViewer::Principal(&officer);
        assert!(
            !event_view(viewer, &consultation, &by_citizen)
                .unwrap()
                .actor_subject
        );
        assert!(
            event_view(viewer, &consultation, &by_officer)
                .unwrap()
                .actor_subject
        );
    }

    #[test]
    fn the_tracker_sees_public_entries_and_private_replies_but_nothing_internal() {
        let mine = inquiry(InquiryKind::Complaint, false, Uuid::now_v7());
        let mut private_reply = event(EventKind::Replied, false, ActorKind::Officer, "officer:1");
        private_reply.data = Some(serde_json::json!({ "visibility": "PRIVATE" }));
        let mut internal_reply = private_reply.clone();
        internal_reply.data = Some(serde_json::json!({ "visibility": "INTERNAL" }));
        let started = event(
            EventKind::WorkStarted,
            false,
            ActorKind::Officer,
            "officer:1",
        );
        let resolved = event(EventKind::Resolved, true, ActorKind::Officer, "officer:1");
        let t = EventViewer::Tracker;
        assert!(event_view(t, &mine, &private_reply).is_some());
        assert!(event_view(t, &mine, &internal_reply).is_none());
        assert!(event_view(t, &mine, &started).is_none());
        let view = event_view(t, &mine, &resolved).unwrap();
        assert!(!view.data && !view.actor_subject && view.note);
    }

    #[test]
    fn a_partner_sees_only_public_entries_of_what_it_submitted() {
        let mut submitted = inquiry(InquiryKind::Complaint, false, Uuid::now_v7());
        submitted.submitted_by_partner = Some("12345".into());
        let partner = Principal::Partner {
            subject: "hotline".into(),
            partner: "12345".into(),
            districts: DistrictScope::All,
        };
        let other = Principal::Partner {
            subject: "hotline".into(),
            partner: "other".into(),
            districts: DistrictScope::All,
        };
        let mut private_reply = event(EventKind::Replied, false, ActorKind::Officer, "officer:1");
        private_reply.data = Some(serde_json::json!({ "visibility": "PRIVATE" }));
        let resolved = event(EventKind::Resolved, true, ActorKind::Officer, "officer:1");
        let by_partner = event(
            EventKind::Received,
            true,
            ActorKind::Partner,
            "partner:12345",
        );
        let p = EventViewer::Principal(&partner);
        assert!(event_view(p, &submitted, &private_reply).is_none());
        assert!(event_view(p, &submitted, &resolved).is_some());
        assert!(
            event_view(p, &submitted, &by_partner)
                .unwrap()
                .actor_subject
        );
        assert!(event_view(EventViewer::Principal(&other), &submitted, &resolved).is_none());
        assert!(
            event_view(
                EventViewer::Principal(&Principal::Anonymous),
                &submitted,
                &resolved
            )
            .is_none()
        );
    }

    #[test]
    fn a_tip_off_is_never_shown_as_the_target_of_a_citizens_duplicate() {
        let tip_off = inquiry(InquiryKind::Report, true, Uuid::now_v7());
        assert!(!tracker_may_see_merge_target(&tip_off));
        let complaint = inquiry(InquiryKind::Complaint, false, Uuid::now_v7());
        assert!(tracker_may_see_merge_target(&complaint));
    }
}
