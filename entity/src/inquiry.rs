//! A citizen's inquiry (咨詢, 投訴, 舉報, 建議, 表揚) and its current state:
//! the row every workflow, deadline and report revolves around. The public
//! `reference` plus a hashed secret tracking code let a citizen follow it
//! without an account; `version` is the optimistic-locking counter.

use crate::enums::{Channel, InquiryKind, InquiryStatus, Priority};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "inquiry")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub reference: String,
    pub tracking_code_hash: String,
    pub kind: InquiryKind,
    pub channel: Channel,
    pub external_ref: Option<String>,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub category: Option<String>,
    pub district_id: Uuid,
    pub location_text: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub citizen_name: Option<String>,
    pub citizen_phone: Option<String>,
    /// Subject (`sub`) of the citizen's token, when submitted signed in.
    pub citizen_subject: Option<String>,
    pub submitter: String,
    pub anonymous: bool,
    pub protect_identity: bool,
    pub status: InquiryStatus,
    pub priority: Priority,
    pub department_id: Option<Uuid>,
    pub officer_id: Option<Uuid>,
    pub pending_transfer_department_id: Option<Uuid>,
    /// The district a pending transfer moves the inquiry into on acceptance (the receiving
    /// county bureau's district; the inquiry's own for a city division). Set and cleared
    /// with `pending_transfer_department_id`; the district's supervisors answer the transfer.
    pub pending_transfer_district_id: Option<Uuid>,
    pub pending_extension_days: Option<i32>,
    pub first_response_due_at: Option<DateTimeUtc>,
    pub due_at: Option<DateTimeUtc>,
    /// When 80% of the time to `due_at` is used (the `DUE_SOON` threshold), kept with `due_at`.
    pub due_soon_at: Option<DateTimeUtc>,
    pub paused_at: Option<DateTimeUtc>,
    pub first_responded_at: Option<DateTimeUtc>,
    pub resolved_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub escalated_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub resolution: Option<String>,
    pub reopened_count: i32,
    pub merged_into_id: Option<Uuid>,
    pub submitted_by_partner: Option<String>,
    pub idempotency_key: Option<String>,
    pub request_hash: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::district::Entity",
        from = "Column::DistrictId",
        to = "super::district::Column::Id",
        fk_name = "fk_inquiry_district_id"
    )]
    District,
    #[sea_orm(
        belongs_to = "super::department::Entity",
        from = "Column::DepartmentId",
        to = "super::department::Column::Id",
        fk_name = "fk_inquiry_department_id"
    )]
    Department,
    #[sea_orm(
        belongs_to = "super::officer::Entity",
        from = "Column::OfficerId",
        to = "super::officer::Column::Id",
        fk_name = "fk_inquiry_officer_id"
    )]
    Officer,
    #[sea_orm(
        belongs_to = "super::department::Entity",
        from = "Column::PendingTransferDepartmentId",
        to = "super::department::Column::Id",
        fk_name = "fk_inquiry_pending_transfer_department_id"
    )]
    PendingTransferDepartment,
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::MergedIntoId",
        to = "Column::Id",
        fk_name = "fk_inquiry_merged_into_id"
    )]
    MergedInto,
    #[sea_orm(has_many = "super::inquiry_event::Entity")]
    InquiryEvent,
    #[sea_orm(has_many = "super::reply::Entity")]
    Reply,
    #[sea_orm(has_many = "super::feedback::Entity")]
    Feedback,
    #[sea_orm(has_many = "super::expert_consultation::Entity")]
    ExpertConsultation,
    #[sea_orm(has_many = "super::pii_access::Entity")]
    PiiAccess,
}

impl Related<super::district::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::District.def()
    }
}

impl Related<super::department::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Department.def()
    }
}

impl Related<super::officer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Officer.def()
    }
}

impl Related<super::inquiry_event::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::InquiryEvent.def()
    }
}

impl Related<super::reply::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Reply.def()
    }
}

impl Related<super::feedback::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Feedback.def()
    }
}

impl Related<super::expert_consultation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ExpertConsultation.def()
    }
}

impl Related<super::pii_access::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PiiAccess.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
