//! Runs every migration up, all the way down, and up again, on a fresh SQLite
//! database and (when `TEST_DATABASE_URL` is set) on a freshly created
//! PostgreSQL database; checks the seeded data, writes and reads one row of
//! every table through the entities, and checks constraints.

use chrono::{NaiveDate, SubsecRound, Utc};
use entity::prelude::*;
use entity::{
    ActorKind, AnnouncementCategory, AnswerStatus, Channel, DepartmentKind, DirectoryAction,
    DirectorySubject, EventKind, InquiryKind, InquiryStatus, Priority, ReplyVisibility,
    ResolutionUnit, Role, Satisfaction, ShiftKind,
};
use migration::{Migrator, MigratorTrait, SchemaManager};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait,
    IntoActiveModel, ModelTrait, PaginatorTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

const TABLES: [&str; 23] = [
    "district",
    "department",
    "officer",
    "inquiry",
    "inquiry_event",
    "answer_entry",
    "answer_entry_version",
    "reply",
    "feedback",
    "expert_consultation",
    "pii_access",
    "sla_policy",
    "calendar_day",
    "duty_shift",
    "officer_review",
    "monthly_star",
    "monthly_circular",
    "announcement",
    "outbox",
    "district_setting",
    "directory_change",
    "webhook",
    "webhook_delivery",
];

/// Data rows of migration/data/cn-2026.csv.
const CALENDAR_ROWS: u64 = 39;

async fn assert_tables(db: &DatabaseConnection, present: bool) {
    let manager = SchemaManager::new(db);
    for table in TABLES {
        assert_eq!(
            manager.has_table(table).await.unwrap(),
            present,
            "table {table}"
        );
    }
}

async fn check_seed(db: &DatabaseConnection) {
    assert_eq!(CalendarDay::find().count(db).await.unwrap(), CALENDAR_ROWS);
    assert_eq!(SlaPolicy::find().count(db).await.unwrap(), 20);

    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let national_day = CalendarDay::find()
        .filter(entity::calendar_day::Column::Date.eq(day(2026, 10, 1)))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(!national_day.working);
    assert_eq!(national_day.name, "National Day 国庆节");
    assert_eq!(national_day.id.get_version_num(), 7);
    let make_up = CalendarDay::find()
        .filter(entity::calendar_day::Column::Date.eq(day(2026, 10, 10)))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(make_up.working);

    let policy = |kind, priority| async move {
        let p = SlaPolicy::find()
            .filter(entity::sla_policy::Column::Kind.eq(kind))
            .filter(entity::sla_policy::Column::Priority.eq(priority))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p.id.get_version_num(), 7);
        (
            p.first_response_hours,
            p.resolution_amount,
            p.resolution_unit,
        )
    };
    use InquiryKind as K;
    use Priority as P;
    use ResolutionUnit::{Hours, WorkingDays};
    assert_eq!(
        policy(K::Consultation, P::Normal).await,
        (24, 3, WorkingDays)
    );
    assert_eq!(policy(K::Consultation, P::Low).await, (24, 3, WorkingDays));
    assert_eq!(policy(K::Complaint, P::High).await, (12, 5, WorkingDays));
    assert_eq!(policy(K::Report, P::Normal).await, (24, 15, WorkingDays));
    assert_eq!(policy(K::Suggestion, P::High).await, (24, 10, WorkingDays));
    assert_eq!(policy(K::Praise, P::Low).await, (48, 5, WorkingDays));
    assert_eq!(policy(K::Report, P::Urgent).await, (2, 24, Hours));
    assert_eq!(policy(K::Praise, P::Urgent).await, (2, 24, Hours));
}

/// Inserts `model` through its active model and reads it back unchanged.
macro_rules! roundtrip {
    ($db:expr, $entity:ty, $model:expr) => {{
        let model = $model;
        model
            .clone()
            .into_active_model()
            .reset_all()
            .insert($db)
            .await
            .unwrap();
        let found = <$entity>::find_by_id(model.id).one($db).await.unwrap();
        assert_eq!(found.as_ref(), Some(&model), stringify!($entity));
        model
    }};
}

/// One row in every table, written and read through the entities.
async fn check_entities(db: &DatabaseConnection) {
    let now = Utc::now().trunc_subsecs(6);
    let id = Uuid::now_v7;

    let city = roundtrip!(
        db,
        District,
        entity::district::Model {
            id: id(),
            code: "440300".into(),
            name: "深圳市".into(),
            parent_id: None,
            created_at: now,
            updated_at: now,
        }
    );
    let district = roundtrip!(
        db,
        District,
        entity::district::Model {
            id: id(),
            code: "440304".into(),
            name: "福田区".into(),
            parent_id: Some(city.id),
            created_at: now,
            updated_at: now,
        }
    );
    let department = roundtrip!(
        db,
        Department,
        entity::department::Model {
            id: id(),
            name: "交警支队".into(),
            kind: DepartmentKind::Division,
            district_id: district.id,
            active: true,
            created_at: now,
            updated_at: now,
        }
    );
    let officer = roundtrip!(
        db,
        Officer,
        entity::officer::Model {
            id: id(),
            real_name: "张伟".into(),
            badge_number: "010203".into(),
            duty_name: "值班民警 3 号".into(),
            department_id: department.id,
            role: Role::Officer,
            expert: true,
            specialty: Some("traffic".into()),
            spokesperson: false,
            active: true,
            created_at: now,
            updated_at: now,
        }
    );
    let inquiry_model = |reference: &str, external_ref: Option<&str>| entity::inquiry::Model {
        id: id(),
        reference: reference.into(),
        tracking_code_hash: "hash".into(),
        kind: InquiryKind::Complaint,
        channel: Channel::Partner,
        external_ref: external_ref.map(Into::into),
        subject: "噪音扰民".into(),
        body: "夜间施工".repeat(100),
        category: Some("noise".into()),
        district_id: district.id,
        location_text: Some("福田路 1 号".into()),
        latitude: Some(22.541_234_567_89),
        longitude: Some(114.059_876_543_21),
        citizen_name: Some("李四".into()),
        citizen_phone: Some("13800000000".into()),
        citizen_subject: Some("citizen-1".into()),
        submitter: "partner-a".into(),
        anonymous: false,
        protect_identity: true,
        status: InquiryStatus::Assigned,
        priority: Priority::High,
        department_id: Some(department.id),
        officer_id: Some(officer.id),
        pending_transfer_department_id: None,
        pending_transfer_district_id: None,
        pending_extension_days: Some(3),
        first_response_due_at: Some(now),
        due_at: Some(now),
        due_soon_at: Some(now),
        paused_at: None,
        first_responded_at: None,
        resolved_at: None,
        closed_at: None,
        escalated_at: Some(now),
        resolution: None,
        reopened_count: 0,
        merged_into_id: None,
        submitted_by_partner: Some("partner-a".into()),
        idempotency_key: external_ref.map(Into::into),
        request_hash: Some("rh".into()),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let inquiry = roundtrip!(db, Inquiry, inquiry_model("ZQ2611-7K3M9Q", Some("ext-1")));
    assert_eq!(
        inquiry.find_related(District).one(db).await.unwrap(),
        Some(district.clone())
    );
    assert_eq!(
        inquiry.find_related(Officer).one(db).await.unwrap(),
        Some(officer.clone())
    );

    // unique (submitted_by_partner, external_ref), and (submitter, idempotency_key)
    let duplicate = inquiry_model("ZQ2611-AAAAAA", Some("ext-1"));
    assert!(
        duplicate
            .into_active_model()
            .reset_all()
            .insert(db)
            .await
            .is_err()
    );
    // Another partner's same reference on the same channel is its own. (Removed again: the
    // way down restores the per-channel index, which it would violate.)
    let other_partner = roundtrip!(
        db,
        Inquiry,
        entity::inquiry::Model {
            submitter: "partner-b".into(),
            submitted_by_partner: Some("partner-b".into()),
            ..inquiry_model("ZQ2611-DDDDDD", Some("ext-1"))
        }
    );
    Inquiry::delete_by_id(other_partner.id)
        .exec(db)
        .await
        .unwrap();
    let same_partner_other_channel = entity::inquiry::Model {
        channel: Channel::Hotline,
        idempotency_key: None,
        ..inquiry_model("ZQ2611-EEEEEE", Some("ext-1"))
    };
    assert!(
        same_partner_other_channel
            .into_active_model()
            .reset_all()
            .insert(db)
            .await
            .is_err()
    );
    // NULL external_ref / idempotency_key do not collide
    roundtrip!(db, Inquiry, inquiry_model("ZQ2611-BBBBBB", None));
    let merged = roundtrip!(
        db,
        Inquiry,
        entity::inquiry::Model {
            merged_into_id: Some(inquiry.id),
            ..inquiry_model("ZQ2611-CCCCCC", None)
        }
    );

    let event = roundtrip!(
        db,
        InquiryEvent,
        entity::inquiry_event::Model {
            id: id(),
            inquiry_id: inquiry.id,
            kind: EventKind::Assigned,
            actor_kind: ActorKind::Officer,
            actor_officer_id: Some(officer.id),
            actor_subject: None,
            public: true,
            note: Some("分派".into()),
            data: Some(json!({"departmentId": department.id, "n": [1, 2.5, null], "s": "é"})),
            created_at: now,
            updated_at: now,
        }
    );
    let answer = roundtrip!(
        db,
        AnswerEntry,
        entity::answer_entry::Model {
            id: id(),
            title: "如何办理临时身份证".into(),
            question: "Q".into(),
            answer: "A".into(),
            category: "id-card".into(),
            keywords: "身份证,临时".into(),
            department_id: department.id,
            status: AnswerStatus::Approved,
            version: 2,
            approved_version: Some(2),
            author_id: officer.id,
            approved_by_id: Some(officer.id),
            approved_at: Some(now),
            retired_at: None,
            use_count: 7,
            created_at: now,
            updated_at: now,
        }
    );
    let version = entity::answer_entry_version::Model {
        id: id(),
        answer_entry_id: answer.id,
        version: 2,
        title: answer.title.clone(),
        question: answer.question.clone(),
        answer: answer.answer.clone(),
        category: answer.category.clone(),
        keywords: answer.keywords.clone(),
        author_id: officer.id,
        created_at: now,
        updated_at: now,
    };
    roundtrip!(db, AnswerEntryVersion, version.clone());
    // unique (answer_entry_id, version)
    let same_version = entity::answer_entry_version::Model {
        id: id(),
        ..version
    };
    assert!(
        same_version
            .into_active_model()
            .reset_all()
            .insert(db)
            .await
            .is_err()
    );

    let reply = roundtrip!(
        db,
        Reply,
        entity::reply::Model {
            id: id(),
            inquiry_id: inquiry.id,
            officer_id: officer.id,
            department_id: department.id,
            visibility: ReplyVisibility::Public,
            body: "已处理".into(),
            answer_entry_id: Some(answer.id),
            answer_entry_version: Some(2),
            corrects_reply_id: None,
            correction_reason: None,
            created_at: now,
            updated_at: now,
        }
    );
    roundtrip!(
        db,
        Reply,
        entity::reply::Model {
            id: id(),
            corrects_reply_id: Some(reply.id),
            correction_reason: Some("typo".into()),
            visibility: ReplyVisibility::Internal,
            ..reply.clone()
        }
    );
    roundtrip!(
        db,
        Feedback,
        entity::feedback::Model {
            id: id(),
            inquiry_id: inquiry.id,
            satisfaction: Satisfaction::BasicallySatisfied,
            reason: Some("slow".into()),
            comment: Some("还行".into()),
            rated_by: Some("citizen-1".into()),
            created_at: now,
            updated_at: now,
        }
    );
    roundtrip!(
        db,
        ExpertConsultation,
        entity::expert_consultation::Model {
            id: id(),
            inquiry_id: inquiry.id,
            expert_id: officer.id,
            requested_by_id: officer.id,
            question: "?".into(),
            advice: None,
            due_at: now,
            answered_at: None,
            created_at: now,
            updated_at: now,
        }
    );
    roundtrip!(
        db,
        PiiAccess,
        entity::pii_access::Model {
            id: id(),
            inquiry_id: inquiry.id,
            officer_id: Some(officer.id),
            accessor: "010203".into(),
            fields: "citizen_name,citizen_phone".into(),
            accessed_at: now,
            created_at: now,
            updated_at: now,
        }
    );
    let shift = roundtrip!(
        db,
        DutyShift,
        entity::duty_shift::Model {
            id: id(),
            officer_id: officer.id,
            district_id: district.id,
            starts_at: now,
            ends_at: now + chrono::Duration::hours(8),
            kind: ShiftKind::Night,
            checked_in_at: Some(now),
            checked_out_at: None,
            swapped_from_id: None,
            swap_reason: None,
            cancelled_at: None,
            created_at: now,
            updated_at: now,
        }
    );
    roundtrip!(
        db,
        DutyShift,
        entity::duty_shift::Model {
            id: id(),
            swapped_from_id: Some(shift.id),
            swap_reason: Some("sick".into()),
            ..shift.clone()
        }
    );
    roundtrip!(
        db,
        OfficerReview,
        entity::officer_review::Model {
            id: id(),
            officer_id: officer.id,
            month: "2026-10".into(),
            attitude: 5,
            quality: 4,
            reviewer_id: officer.id,
            note: "good".into(),
            created_at: now,
            updated_at: now,
        }
    );
    roundtrip!(
        db,
        MonthlyStar,
        entity::monthly_star::Model {
            id: id(),
            month: "2026-10".into(),
            officer_id: officer.id,
            citation: "为民服务".into(),
            awarded_by_id: officer.id,
            created_at: now,
            updated_at: now,
        }
    );
    roundtrip!(
        db,
        MonthlyCircular,
        entity::monthly_circular::Model {
            id: id(),
            month: "2026-10".into(),
            district_id: district.id,
            published_at: now,
            body: json!({"received": 12, "satisfaction": 0.95}),
            created_at: now,
            updated_at: now,
        }
    );
    let announcement = roundtrip!(
        db,
        Announcement,
        entity::announcement::Model {
            id: id(),
            title: "交通管制".into(),
            body: "…".into(),
            category: AnnouncementCategory::Traffic,
            district_id: district.id,
            published_at: now,
            author_id: officer.id,
            corrects_id: None,
            correction_reason: None,
            created_at: now,
            updated_at: now,
        }
    );
    let correction = roundtrip!(
        db,
        Announcement,
        entity::announcement::Model {
            id: id(),
            corrects_id: Some(announcement.id),
            correction_reason: Some("time".into()),
            ..announcement.clone()
        }
    );
    // One correction per announcement.
    let second = entity::announcement::Model {
        id: id(),
        ..correction.clone()
    };
    assert!(
        second
            .into_active_model()
            .reset_all()
            .insert(db)
            .await
            .is_err()
    );
    roundtrip!(
        db,
        DirectoryChange,
        entity::directory_change::Model {
            id: id(),
            subject_kind: DirectorySubject::Officer,
            subject_id: officer.id,
            action: DirectoryAction::Deactivated,
            changes: json!({"active": {"from": true, "to": false}}),
            actor_id: officer.id,
            created_at: now,
            updated_at: now,
        }
    );
    roundtrip!(
        db,
        Outbox,
        entity::outbox::Model {
            id: id(),
            event: "inquiry.assigned".into(),
            payload: json!({"inquiryId": inquiry.id}),
            inquiry_id: Some(inquiry.id),
            district_id: Some(district.id),
            delivered_at: None,
            created_at: now,
            updated_at: now,
        }
    );
    roundtrip!(
        db,
        DistrictSetting,
        entity::district_setting::Model {
            id: id(),
            district_id: district.id,
            auto_assign_to_on_duty: true,
            created_at: now,
            updated_at: now,
        }
    );

    // Foreign keys are enforced.
    let orphan = entity::department::Model {
        id: id(),
        district_id: id(),
        name: "x".into(),
        ..department.clone()
    };
    assert!(
        orphan
            .into_active_model()
            .reset_all()
            .insert(db)
            .await
            .is_err()
    );
    // Events are deleted with their inquiry.
    roundtrip!(
        db,
        InquiryEvent,
        entity::inquiry_event::Model {
            id: id(),
            inquiry_id: merged.id,
            ..event
        }
    );
    assert_eq!(
        merged.find_related(InquiryEvent).count(db).await.unwrap(),
        1
    );
    Inquiry::delete_by_id(merged.id).exec(db).await.unwrap();
    assert_eq!(
        InquiryEvent::find()
            .filter(entity::inquiry_event::Column::InquiryId.eq(merged.id))
            .count(db)
            .await
            .unwrap(),
        0
    );
}

async fn exercise(db: &DatabaseConnection) {
    Migrator::up(db, None).await.unwrap();
    assert_tables(db, true).await;
    check_seed(db).await;
    check_entities(db).await;

    // All the way down, with data in the tables.
    Migrator::down(db, None).await.unwrap();
    assert_tables(db, false).await;
    assert_eq!(Migrator::get_applied_migrations(db).await.unwrap().len(), 0);

    // And up again, one step at a time.
    for _ in 0..Migrator::migrations().len() {
        Migrator::up(db, Some(1)).await.unwrap();
    }
    assert_tables(db, true).await;
    assert!(
        Migrator::get_pending_migrations(db)
            .await
            .unwrap()
            .is_empty()
    );
    check_seed(db).await;
    check_entities(db).await;
}

/// Runs `exercise` in its own task so clean-up happens even when it panics.
async fn run_then(url: String, cleanup: impl AsyncFnOnce()) {
    let outcome = tokio::spawn(async move {
        let db = Database::connect(&url).await.unwrap();
        exercise(&db).await;
        db.close().await.unwrap();
    })
    .await;
    cleanup().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

#[tokio::test]
async fn sqlite_file() {
    let path = std::env::temp_dir().join(format!("wenzheng-migrate-{}.sqlite", Uuid::now_v7()));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    run_then(url, async || {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    })
    .await;
}

#[tokio::test]
async fn sqlite_memory() {
    run_then("sqlite::memory:".into(), async || {}).await;
}

/// `base` with its database name replaced by `name`.
fn with_database(base: &str, name: &str) -> String {
    let (url, query) = match base.split_once('?') {
        Some((url, query)) => (url, Some(query)),
        None => (base, None),
    };
    let authority_start = url.find("://").map_or(0, |i| i + 3);
    let root = match url[authority_start..].find('/') {
        Some(i) => &url[..authority_start + i],
        None => url,
    };
    match query {
        Some(query) => format!("{root}/{name}?{query}"),
        None => format!("{root}/{name}"),
    }
}

#[tokio::test]
async fn postgres() {
    let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("TEST_DATABASE_URL not set; skipping the PostgreSQL run");
        return;
    };
    let name = format!("wenzheng_migrate_{}", Uuid::now_v7().simple());
    let admin = Database::connect(&base).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .unwrap();
    run_then(with_database(&base, &name), async || {
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await
            .unwrap();
        admin.close().await.unwrap();
    })
    .await;
}

#[test]
fn database_url_rewrite() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(
        with_database("postgres://u:p@h/db?sslmode=disable", "x"),
        "postgres://u:p@h/x?sslmode=disable"
    );
    assert_eq!(
        with_database("postgres://h:5432", "x"),
        "postgres://h:5432/x"
    );
}
