//! Per-role unit tests of the answer-library rules.

use entity::{AnswerStatus, Role, answer_entry, answer_entry_version};
use uuid::Uuid;

use super::*;
use crate::auth::{DistrictScope, Principal, StaffPrincipal};

fn staff(role: Role, expert: bool, spokesperson: bool) -> (Uuid, Principal) {
    let staff = StaffPrincipal {
        expert,
        spokesperson,
        ..StaffPrincipal::sample(role)
    };
    (staff.officer_id, Principal::Staff(staff))
}

fn outsiders() -> [Principal; 3] {
    [
        Principal::Anonymous,
        Principal::Citizen {
            subject: "app-user-001".into(),
        },
        Principal::Partner {
            subject: "hotline".into(),
            partner: "12345-hotline".into(),
            districts: DistrictScope::All,
        },
    ]
}

fn entry(author: Uuid) -> answer_entry::Model {
    let now = chrono::Utc::now();
    answer_entry::Model {
        id: Uuid::now_v7(),
        title: "护照换发".into(),
        question: "护照过期怎么办".into(),
        answer: "您好".into(),
        category: "出入境".into(),
        keywords: "护照".into(),
        department_id: Uuid::now_v7(),
        status: AnswerStatus::InReview,
        version: 1,
        approved_version: None,
        author_id: author,
        approved_by_id: None,
        approved_at: None,
        retired_at: None,
        use_count: 0,
        created_at: now,
        updated_at: now,
    }
}

fn revision(e: &answer_entry::Model, author: Uuid) -> answer_entry_version::Model {
    answer_entry_version::Model {
        id: Uuid::now_v7(),
        answer_entry_id: e.id,
        version: e.version,
        title: e.title.clone(),
        question: e.question.clone(),
        answer: e.answer.clone(),
        category: e.category.clone(),
        keywords: e.keywords.clone(),
        author_id: author,
        created_at: e.created_at,
        updated_at: e.updated_at,
    }
}

#[test]
fn only_staff_read_the_library() {
    for p in outsiders() {
        assert!(!may_read_library(&p));
        let refused = if matches!(p, Principal::Anonymous) {
            "UNAUTHENTICATED"
        } else {
            "FORBIDDEN"
        };
        assert_eq!(ensure_may_read_library(&p).unwrap_err().code(), refused);
    }
    for role in [Role::Officer, Role::Supervisor, Role::Admin] {
        assert!(may_read_library(&staff(role, false, false).1));
    }
}

#[test]
fn experts_and_admins_author_wording() {
    assert!(ensure_may_author_answers(&staff(Role::Officer, true, false).1).is_ok());
    assert!(ensure_may_author_answers(&staff(Role::Admin, false, false).1).is_ok());
    for p in [
        staff(Role::Officer, false, false).1,
        staff(Role::Supervisor, false, false).1,
        staff(Role::Officer, false, true).1,
    ] {
        assert_eq!(
            ensure_may_author_answers(&p).unwrap_err().code(),
            "FORBIDDEN"
        );
    }
    for p in outsiders() {
        assert!(ensure_may_author_answers(&p).is_err());
    }
}

#[test]
fn the_author_or_an_admin_submits_for_review() {
    let (author, author_p) = staff(Role::Officer, true, false);
    let (reviser, reviser_p) = staff(Role::Officer, true, false);
    let (_, colleague) = staff(Role::Officer, true, false);
    let (_, admin) = staff(Role::Admin, false, false);
    let e = entry(author);
    let own = revision(&e, author);
    let theirs = revision(&e, reviser);
    assert!(ensure_may_submit_answer(&author_p, &e, &own).is_ok());
    assert!(ensure_may_submit_answer(&author_p, &e, &theirs).is_ok());
    assert!(ensure_may_submit_answer(&reviser_p, &e, &theirs).is_ok());
    assert!(ensure_may_submit_answer(&admin, &e, &own).is_ok());
    assert!(ensure_may_submit_answer(&colleague, &e, &own).is_err());
    assert!(ensure_may_submit_answer(&reviser_p, &e, &own).is_err());
}

#[test]
fn spokespersons_and_admins_approve_but_never_their_own_revision() {
    let (author, author_p) = staff(Role::Officer, true, true);
    let e = entry(author);
    let rev = revision(&e, author);
    let (_, spokesperson) = staff(Role::Officer, false, true);
    let (admin_id, admin) = staff(Role::Admin, false, false);
    assert!(ensure_may_approve_answer(&spokesperson, &rev).is_ok());
    assert!(ensure_may_approve_answer(&admin, &rev).is_ok());
    assert_eq!(
        ensure_may_approve_answer(&author_p, &rev)
            .unwrap_err()
            .code(),
        "FORBIDDEN",
        "a spokesperson who wrote the revision may not approve it"
    );
    assert!(ensure_may_approve_answer(&admin, &revision(&e, admin_id)).is_err());
    for p in [
        staff(Role::Supervisor, true, false).1,
        staff(Role::Officer, true, false).1,
    ] {
        assert!(ensure_may_approve_answer(&p, &rev).is_err());
    }
    for p in outsiders() {
        assert!(ensure_may_approve_answer(&p, &rev).is_err());
    }
}

#[test]
fn spokespersons_and_admins_retire() {
    assert!(ensure_may_retire_answer(&staff(Role::Officer, false, true).1).is_ok());
    assert!(ensure_may_retire_answer(&staff(Role::Admin, false, false).1).is_ok());
    assert!(ensure_may_retire_answer(&staff(Role::Supervisor, true, false).1).is_err());
    for p in outsiders() {
        assert!(ensure_may_retire_answer(&p).is_err());
    }
}
