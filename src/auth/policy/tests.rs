//! Per-role unit tests of the scoping conditions and masking rules.

use entity::{Channel, InquiryKind, InquiryStatus, Priority, Role, inquiry};
use sea_orm::{DbBackend, EntityTrait, QueryFilter, QueryTrait};
use uuid::Uuid;

use super::*;
use crate::auth::{DistrictScope, Principal, StaffPrincipal};

/// The WHERE clause the scope produces (PostgreSQL dialect).
fn sql(p: &Principal) -> String {
    let full = inquiry::Entity::find()
        .filter(inquiry_scope(p))
        .build(DbBackend::Postgres)
        .to_string();
    full.split_once(" WHERE ")
        .map(|(_, w)| w.to_owned())
        .unwrap_or_default()
}

pub(super) fn staff(role: Role, department: Uuid, districts: DistrictScope) -> Principal {
    Principal::Staff(StaffPrincipal {
        department_id: department,
        districts,
        ..StaffPrincipal::sample(role)
    })
}

pub(crate) fn sample(district: Uuid, department: Option<Uuid>) -> inquiry::Model {
    let now = chrono::Utc::now();
    inquiry::Model {
        id: Uuid::now_v7(),
        reference: "ZQ2611-7K3M9Q".into(),
        tracking_code_hash: String::new(),
        kind: InquiryKind::Complaint,
        channel: Channel::Wechat,
        external_ref: None,
        subject: "噪音".into(),
        body: "夜间施工".into(),
        category: None,
        district_id: district,
        location_text: None,
        latitude: None,
        longitude: None,
        citizen_name: Some("陈小明".into()),
        citizen_phone: Some("13812345678".into()),
        citizen_subject: Some("app-user-001".into()),
        submitter: "citizen:app-user-001".into(),
        anonymous: false,
        protect_identity: false,
        status: InquiryStatus::Assigned,
        priority: Priority::Normal,
        department_id: department,
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
        submitted_by_partner: None,
        idempotency_key: None,
        request_hash: None,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

#[test]
fn anonymous_callers_match_no_row() {
    assert!(sql(&Principal::Anonymous).contains("1 = 0"));
}

#[test]
fn a_citizen_is_limited_to_its_own_subject() {
    let s = sql(&Principal::Citizen {
        subject: "app-user-001".into(),
    });
    assert!(s.contains(r#""citizen_subject" = 'app-user-001'"#), "{s}");
}

#[test]
fn a_partner_is_limited_to_its_submissions_in_its_districts() {
    let d = Uuid::now_v7();
    let s = sql(&Principal::Partner {
        subject: "x".into(),
        partner: "12345-hotline".into(),
        districts: DistrictScope::Only(vec![d]),
    });
    assert!(
        s.contains(r#""submitted_by_partner" = '12345-hotline'"#),
        "{s}"
    );
    assert!(s.contains(&d.to_string()), "{s}");
}

#[test]
fn an_officer_is_limited_to_its_department_within_its_districts() {
    let (dept, d) = (Uuid::now_v7(), Uuid::now_v7());
    let s = sql(&staff(Role::Officer, dept, DistrictScope::Only(vec![d])));
    assert!(s.contains(&format!(r#""department_id" = '{dept}'"#)), "{s}");
    assert!(s.contains(r#""district_id" IN"#), "{s}");
}

#[test]
fn a_supervisor_is_limited_to_its_districts_only() {
    let d = Uuid::now_v7();
    let s = sql(&staff(
        Role::Supervisor,
        Uuid::now_v7(),
        DistrictScope::Only(vec![d]),
    ));
    assert!(
        s.contains(r#""district_id" IN"#) && !s.contains("department_id"),
        "{s}"
    );
    let none = sql(&staff(
        Role::Supervisor,
        Uuid::now_v7(),
        DistrictScope::Only(vec![]),
    ));
    assert!(none.contains("1 = 0"), "{none}");
}

#[test]
fn a_city_admin_is_not_limited_and_a_county_admin_is_limited_to_its_county() {
    let s = sql(&staff(Role::Admin, Uuid::now_v7(), DistrictScope::All));
    assert!(s.is_empty() || s == "TRUE", "{s}");
    let d = Uuid::now_v7();
    let county = staff(Role::Admin, Uuid::now_v7(), DistrictScope::Only(vec![d]));
    let s = sql(&county);
    assert!(
        s.contains(r#""district_id" IN"#) && s.contains(&d.to_string()),
        "{s}"
    );
    let elsewhere = sample(Uuid::now_v7(), None);
    assert_eq!(contact_view(&county, &elsewhere), ContactView::Masked);
    assert_eq!(
        ensure_may(&county, Action::Assign, &elsewhere)
            .unwrap_err()
            .code(),
        "FORBIDDEN"
    );
    assert!(ensure_may(&county, Action::Assign, &sample(d, None)).is_ok());
}

#[test]
fn contact_details_go_to_the_handling_department_supervisors_and_admins_only() {
    let (d, dept, other) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let i = sample(d, Some(dept));
    let scope = DistrictScope::Only(vec![d]);
    assert_eq!(
        contact_view(&staff(Role::Officer, dept, scope.clone()), &i),
        ContactView::Full
    );
    assert_eq!(
        contact_view(&staff(Role::Officer, other, scope.clone()), &i),
        ContactView::Masked
    );
    assert_eq!(
        contact_view(&staff(Role::Supervisor, other, scope.clone()), &i),
        ContactView::Full
    );
    assert_eq!(
        contact_view(
            &staff(Role::Supervisor, other, DistrictScope::Only(vec![])),
            &i
        ),
        ContactView::Masked
    );
    assert_eq!(
        contact_view(&staff(Role::Admin, other, DistrictScope::All), &i),
        ContactView::Full
    );
    let partner = Principal::Partner {
        subject: "x".into(),
        partner: "p".into(),
        districts: DistrictScope::All,
    };
    assert_eq!(contact_view(&partner, &i), ContactView::Masked);
    assert_eq!(
        contact_view(
            &Principal::Citizen {
                subject: "app-user-001".into()
            },
            &i
        ),
        ContactView::Full
    );
    assert_eq!(
        contact_view(
            &Principal::Citizen {
                subject: "someone-else".into()
            },
            &i
        ),
        ContactView::Masked
    );
}

#[test]
fn a_protected_informant_is_hidden_even_from_the_handling_department() {
    let (d, dept) = (Uuid::now_v7(), Uuid::now_v7());
    let mut i = sample(d, Some(dept));
    i.kind = InquiryKind::Report;
    i.protect_identity = true;
    let scope = DistrictScope::Only(vec![d]);
    assert_eq!(
        contact_view(&staff(Role::Officer, dept, scope.clone()), &i),
        ContactView::Hidden
    );
    assert_eq!(
        contact_view(&staff(Role::Supervisor, dept, scope), &i),
        ContactView::Full
    );
}

#[test]
fn masks_keep_the_family_name_and_the_ends_of_the_phone() {
    assert_eq!(mask_phone("13812345678"), "138****5678");
    assert_eq!(mask_name("陈小明"), "陈**");
    assert_eq!(mask_name("李"), "李*");
}

#[test]
fn a_supervisor_also_sees_what_a_pending_transfer_would_move_into_its_districts() {
    let d = Uuid::now_v7();
    let s = sql(&staff(
        Role::Supervisor,
        Uuid::now_v7(),
        DistrictScope::Only(vec![d]),
    ));
    assert!(
        s.contains(&format!(r#""pending_transfer_district_id" IN ('{d}')"#)),
        "{s}"
    );
    let everywhere = sql(&staff(Role::Supervisor, Uuid::now_v7(), DistrictScope::All));
    assert!(
        everywhere.is_empty() || everywhere == "TRUE",
        "{everywhere}"
    );
}

/// An inquiry of `from` handled by `sender`, offered to `receiver` whose jurisdiction is `to`.
fn offered(from: Uuid, sender: Uuid, receiver: Uuid, to: Uuid) -> inquiry::Model {
    let mut i = sample(from, Some(sender));
    i.pending_transfer_department_id = Some(receiver);
    i.pending_transfer_district_id = Some(to);
    i
}

#[test]
fn only_the_receiving_side_answers_a_transfer_into_another_district() {
    let (duanzhou, gaoyao) = (Uuid::now_v7(), Uuid::now_v7());
    let (sender, receiver, third) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let i = offered(duanzhou, sender, receiver, gaoyao);
    let sending_supervisor = staff(
        Role::Supervisor,
        sender,
        DistrictScope::Only(vec![duanzhou]),
    );
    let receiving_supervisor = staff(
        Role::Supervisor,
        receiver,
        DistrictScope::Only(vec![gaoyao]),
    );
    let receiving_officer = staff(Role::Officer, receiver, DistrictScope::Only(vec![gaoyao]));
    let third_officer = staff(Role::Officer, third, DistrictScope::Only(vec![gaoyao]));
    let sending_officer = staff(Role::Officer, sender, DistrictScope::Only(vec![duanzhou]));
    let admin = staff(Role::Admin, third, DistrictScope::All);
    for action in [Action::AcceptTransfer, Action::ReturnTransfer] {
        for who in [&receiving_supervisor, &receiving_officer, &admin] {
            assert!(ensure_may(who, action, &i).is_ok(), "{action:?} by {who:?}");
        }
        for who in [&sending_supervisor, &sending_officer, &third_officer] {
            assert!(
                matches!(ensure_may(who, action, &i), Err(AppError::Forbidden(_))),
                "{action:?} by {who:?}"
            );
        }
    }
    // The sender still runs its own inquiry until the transfer is accepted; the receiving
    // supervisor only answers the offer.
    assert!(ensure_may(&sending_supervisor, Action::Assign, &i).is_ok());
    for action in [Action::Assign, Action::Transfer, Action::Reject] {
        assert!(
            ensure_may(&receiving_supervisor, action, &i).is_err(),
            "{action:?}"
        );
    }
}

#[test]
fn a_transfer_to_a_city_division_is_answered_by_the_inquiry_s_own_district_too() {
    let (duanzhou, division) = (Uuid::now_v7(), Uuid::now_v7());
    let i = offered(duanzhou, Uuid::now_v7(), division, duanzhou);
    let supervisor = staff(
        Role::Supervisor,
        Uuid::now_v7(),
        DistrictScope::Only(vec![duanzhou]),
    );
    assert!(ensure_may(&supervisor, Action::AcceptTransfer, &i).is_ok());
    let elsewhere = staff(
        Role::Supervisor,
        Uuid::now_v7(),
        DistrictScope::Only(vec![Uuid::now_v7()]),
    );
    assert!(ensure_may(&elsewhere, Action::AcceptTransfer, &i).is_err());
}

fn refusal(result: Result<(), AppError>) -> String {
    match result {
        Err(AppError::Forbidden(m)) => m,
        other => panic!("expected FORBIDDEN, got {other:?}"),
    }
}

#[test]
fn a_refusal_names_the_role_the_action_needs() {
    let (duanzhou, bureau) = (Uuid::now_v7(), Uuid::now_v7());
    let i = sample(duanzhou, Some(bureau));
    let handling = staff(Role::Officer, bureau, DistrictScope::Only(vec![duanzhou]));
    let other = staff(
        Role::Officer,
        Uuid::now_v7(),
        DistrictScope::Only(vec![duanzhou]),
    );
    let approve = refusal(ensure_may(&handling, Action::ApproveExtension, &i));
    assert_eq!(
        approve,
        "approving an extension needs a supervisor or administrator of the inquiry's district"
    );
    let work = refusal(ensure_may(&other, Action::StartWork, &i));
    assert!(
        work.starts_with("starting work needs an officer of the handling department"),
        "{work}"
    );
    let advise = refusal(ensure_may(&handling, Action::Advise, &i));
    assert!(advise.contains("consulted expert"), "{advise}");
    let accept = refusal(ensure_may(&handling, Action::AcceptTransfer, &i));
    assert!(accept.contains("receiving side"), "{accept}");
}

#[test]
fn allowed_actions_follow_the_role_the_table_and_the_preconditions() {
    let (duanzhou, bureau) = (Uuid::now_v7(), Uuid::now_v7());
    let mut i = sample(duanzhou, Some(bureau));
    let handling = staff(Role::Officer, bureau, DistrictScope::Only(vec![duanzhou]));
    let supervisor = staff(
        Role::Supervisor,
        bureau,
        DistrictScope::Only(vec![duanzhou]),
    );
    let nothing_yet = Facts {
        replied_to_citizen: false,
        has_replies: false,
        consulted_caller: false,
        rated: false,
        transfer_target_active: true,
    };
    let officer_may = allowed_actions(&handling, &i, &nothing_yet);
    assert_eq!(
        officer_may,
        [
            Action::StartWork,
            Action::ReplyToCitizen,
            Action::ReplyInternally,
            Action::Pause,
            Action::RequestExtension,
            Action::ConsultExpert,
        ]
    );
    let supervisor_may = allowed_actions(&supervisor, &i, &nothing_yet);
    assert!(supervisor_may.contains(&Action::Assign));
    assert!(!supervisor_may.contains(&Action::ApproveExtension));
    i.pending_extension_days = Some(3);
    i.paused_at = Some(chrono::Utc::now());
    let supervisor_may = allowed_actions(&supervisor, &i, &nothing_yet);
    assert!(supervisor_may.contains(&Action::ApproveExtension));
    assert!(supervisor_may.contains(&Action::Resume));
    assert!(!supervisor_may.contains(&Action::Pause));
    assert!(!allowed_actions(&handling, &i, &nothing_yet).contains(&Action::ApproveExtension));
    i.status = InquiryStatus::Resolved;
    let citizen = Principal::Citizen {
        subject: "app-user-001".into(),
    };
    assert_eq!(allowed_actions(&citizen, &i, &nothing_yet), [Action::Rate]);
    let rated = Facts {
        rated: true,
        ..nothing_yet
    };
    assert!(allowed_actions(&citizen, &i, &rated).is_empty());
}
