//! Inquiries and everything hanging off them: timeline events, the answer
//! library (created before `reply`, which cites it), replies, feedback,
//! expert consultations and the PII access log.

use crate::m20261128_000001_directory::{Department, District, Officer};
use crate::{Common, enum_col, fk, index, table, timestamps, unique};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Inquiry {
    Table,
    Reference,
    TrackingCodeHash,
    Kind,
    Channel,
    ExternalRef,
    Subject,
    Body,
    Category,
    DistrictId,
    LocationText,
    Latitude,
    Longitude,
    CitizenName,
    CitizenPhone,
    CitizenSubject,
    Submitter,
    Anonymous,
    ProtectIdentity,
    Status,
    Priority,
    DepartmentId,
    OfficerId,
    PendingTransferDepartmentId,
    PendingExtensionDays,
    FirstResponseDueAt,
    DueAt,
    DueSoonAt,
    PausedAt,
    FirstRespondedAt,
    ResolvedAt,
    ClosedAt,
    EscalatedAt,
    Resolution,
    ReopenedCount,
    MergedIntoId,
    SubmittedByPartner,
    IdempotencyKey,
    RequestHash,
    Version,
}

#[derive(DeriveIden)]
enum InquiryEvent {
    Table,
    InquiryId,
    Kind,
    ActorKind,
    ActorOfficerId,
    ActorSubject,
    Public,
    Note,
    Data,
}

#[derive(DeriveIden)]
enum AnswerEntry {
    Table,
    Title,
    Question,
    Answer,
    Category,
    Keywords,
    DepartmentId,
    Status,
    Version,
    ApprovedVersion,
    AuthorId,
    ApprovedById,
    ApprovedAt,
    RetiredAt,
    UseCount,
}

#[derive(DeriveIden)]
enum AnswerEntryVersion {
    Table,
    AnswerEntryId,
    Version,
    Title,
    Question,
    Answer,
    Category,
    Keywords,
    AuthorId,
}

#[derive(DeriveIden)]
enum Reply {
    Table,
    InquiryId,
    OfficerId,
    DepartmentId,
    Visibility,
    Body,
    AnswerEntryId,
    AnswerEntryVersion,
    CorrectsReplyId,
    CorrectionReason,
}

#[derive(DeriveIden)]
enum Feedback {
    Table,
    InquiryId,
    Satisfaction,
    Reason,
    Comment,
    RatedBy,
}

#[derive(DeriveIden)]
enum ExpertConsultation {
    Table,
    InquiryId,
    ExpertId,
    RequestedById,
    Question,
    Advice,
    DueAt,
    AnsweredAt,
}

#[derive(DeriveIden)]
enum PiiAccess {
    Table,
    InquiryId,
    OfficerId,
    Accessor,
    Fields,
    AccessedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_inquiry(manager).await?;
        create_inquiry_event(manager).await?;
        create_answer_library(manager).await?;
        create_reply(manager).await?;
        create_feedback(manager).await?;
        create_expert_consultation(manager).await?;
        create_pii_access(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(
            manager,
            [
                PiiAccess::Table.into_iden(),
                ExpertConsultation::Table.into_iden(),
                Feedback::Table.into_iden(),
                Reply::Table.into_iden(),
                AnswerEntryVersion::Table.into_iden(),
                AnswerEntry::Table.into_iden(),
                InquiryEvent::Table.into_iden(),
                Inquiry::Table.into_iden(),
            ],
        )
        .await
    }
}

async fn create_inquiry(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Inquiry as I;
    manager
        .create_table(timestamps(
            table(I::Table)
                .col(
                    ColumnDef::new(I::Reference)
                        .string()
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(I::TrackingCodeHash).string().not_null())
                .col(enum_col(I::Kind))
                .col(enum_col(I::Channel))
                .col(ColumnDef::new(I::ExternalRef).string().null())
                .col(ColumnDef::new(I::Subject).string().not_null())
                .col(ColumnDef::new(I::Body).text().not_null())
                .col(ColumnDef::new(I::Category).string().null())
                .col(ColumnDef::new(I::DistrictId).uuid().not_null())
                .col(ColumnDef::new(I::LocationText).string().null())
                .col(ColumnDef::new(I::Latitude).double().null())
                .col(ColumnDef::new(I::Longitude).double().null())
                .col(ColumnDef::new(I::CitizenName).string().null())
                .col(ColumnDef::new(I::CitizenPhone).string().null())
                .col(ColumnDef::new(I::CitizenSubject).string().null())
                .col(ColumnDef::new(I::Submitter).string().not_null())
                .col(ColumnDef::new(I::Anonymous).boolean().not_null())
                .col(ColumnDef::new(I::ProtectIdentity).boolean().not_null())
                .col(enum_col(I::Status))
                .col(enum_col(I::Priority))
                .col(ColumnDef::new(I::DepartmentId).uuid().null())
                .col(ColumnDef::new(I::OfficerId).uuid().null())
                .col(ColumnDef::new(I::PendingTransferDepartmentId).uuid().null())
                .col(ColumnDef::new(I::PendingExtensionDays).integer().null())
                .col(
                    ColumnDef::new(I::FirstResponseDueAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ColumnDef::new(I::DueAt).timestamp_with_time_zone().null())
                .col(
                    ColumnDef::new(I::DueSoonAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(I::PausedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(I::FirstRespondedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(I::ResolvedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(I::ClosedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(I::EscalatedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ColumnDef::new(I::Resolution).text().null())
                .col(ColumnDef::new(I::ReopenedCount).integer().not_null())
                .col(ColumnDef::new(I::MergedIntoId).uuid().null())
                .col(ColumnDef::new(I::SubmittedByPartner).string().null())
                .col(ColumnDef::new(I::IdempotencyKey).string().null())
                .col(ColumnDef::new(I::RequestHash).string().null())
                .col(ColumnDef::new(I::Version).integer().not_null())
                .foreign_key(&mut fk(I::Table, I::DistrictId, District::Table))
                .foreign_key(&mut fk(I::Table, I::DepartmentId, Department::Table))
                .foreign_key(&mut fk(I::Table, I::OfficerId, Officer::Table))
                .foreign_key(&mut fk(
                    I::Table,
                    I::PendingTransferDepartmentId,
                    Department::Table,
                ))
                .foreign_key(&mut fk(I::Table, I::MergedIntoId, I::Table))
                .to_owned(),
        ))
        .await?;

    manager
        .create_index(unique(I::Table, [I::Channel, I::ExternalRef]))
        .await?;
    manager
        .create_index(unique(I::Table, [I::Submitter, I::IdempotencyKey]))
        .await?;
    for columns in [
        vec![
            I::DistrictId.into_iden(),
            Common::CreatedAt.into_iden(),
            Common::Id.into_iden(),
        ],
        vec![
            I::DepartmentId.into_iden(),
            Common::CreatedAt.into_iden(),
            Common::Id.into_iden(),
        ],
        vec![Common::CreatedAt.into_iden(), Common::Id.into_iden()],
        vec![I::Status.into_iden()],
        vec![I::DueAt.into_iden()],
        vec![I::CitizenSubject.into_iden()],
        vec![I::SubmittedByPartner.into_iden()],
    ] {
        manager.create_index(index(I::Table, columns)).await?;
    }
    Ok(())
}

async fn create_inquiry_event(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use InquiryEvent as E;
    manager
        .create_table(timestamps(
            table(E::Table)
                .col(ColumnDef::new(E::InquiryId).uuid().not_null())
                .col(enum_col(E::Kind))
                .col(enum_col(E::ActorKind))
                .col(ColumnDef::new(E::ActorOfficerId).uuid().null())
                .col(ColumnDef::new(E::ActorSubject).string().null())
                .col(ColumnDef::new(E::Public).boolean().not_null())
                .col(ColumnDef::new(E::Note).text().null())
                .col(ColumnDef::new(E::Data).json().null())
                .foreign_key(
                    fk(E::Table, E::InquiryId, Inquiry::Table).on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut fk(E::Table, E::ActorOfficerId, Officer::Table))
                .to_owned(),
        ))
        .await?;
    manager
        .create_index(index(
            E::Table,
            [E::InquiryId.into_iden(), Common::CreatedAt.into_iden()],
        ))
        .await
}

async fn create_answer_library(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use AnswerEntry as A;
    use AnswerEntryVersion as V;
    manager
        .create_table(timestamps(
            table(A::Table)
                .col(ColumnDef::new(A::Title).string().not_null())
                .col(ColumnDef::new(A::Question).text().not_null())
                .col(ColumnDef::new(A::Answer).text().not_null())
                .col(ColumnDef::new(A::Category).string().not_null())
                .col(ColumnDef::new(A::Keywords).string().not_null())
                .col(ColumnDef::new(A::DepartmentId).uuid().not_null())
                .col(enum_col(A::Status))
                .col(ColumnDef::new(A::Version).integer().not_null())
                .col(ColumnDef::new(A::ApprovedVersion).integer().null())
                .col(ColumnDef::new(A::AuthorId).uuid().not_null())
                .col(ColumnDef::new(A::ApprovedById).uuid().null())
                .col(
                    ColumnDef::new(A::ApprovedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(A::RetiredAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ColumnDef::new(A::UseCount).integer().not_null())
                .foreign_key(&mut fk(A::Table, A::DepartmentId, Department::Table))
                .foreign_key(&mut fk(A::Table, A::AuthorId, Officer::Table))
                .foreign_key(&mut fk(A::Table, A::ApprovedById, Officer::Table))
                .to_owned(),
        ))
        .await?;
    manager.create_index(index(A::Table, [A::Status])).await?;
    manager.create_index(index(A::Table, [A::Category])).await?;

    manager
        .create_table(timestamps(
            table(V::Table)
                .col(ColumnDef::new(V::AnswerEntryId).uuid().not_null())
                .col(ColumnDef::new(V::Version).integer().not_null())
                .col(ColumnDef::new(V::Title).string().not_null())
                .col(ColumnDef::new(V::Question).text().not_null())
                .col(ColumnDef::new(V::Answer).text().not_null())
                .col(ColumnDef::new(V::Category).string().not_null())
                .col(ColumnDef::new(V::Keywords).string().not_null())
                .col(ColumnDef::new(V::AuthorId).uuid().not_null())
                .foreign_key(
                    fk(V::Table, V::AnswerEntryId, A::Table).on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut fk(V::Table, V::AuthorId, Officer::Table))
                .to_owned(),
        ))
        .await?;
    manager
        .create_index(unique(V::Table, [V::AnswerEntryId, V::Version]))
        .await
}

async fn create_reply(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Reply as R;
    manager
        .create_table(timestamps(
            table(R::Table)
                .col(ColumnDef::new(R::InquiryId).uuid().not_null())
                .col(ColumnDef::new(R::OfficerId).uuid().not_null())
                .col(ColumnDef::new(R::DepartmentId).uuid().not_null())
                .col(enum_col(R::Visibility))
                .col(ColumnDef::new(R::Body).text().not_null())
                .col(ColumnDef::new(R::AnswerEntryId).uuid().null())
                .col(ColumnDef::new(R::AnswerEntryVersion).integer().null())
                .col(ColumnDef::new(R::CorrectsReplyId).uuid().null())
                .col(ColumnDef::new(R::CorrectionReason).string().null())
                .foreign_key(&mut fk(R::Table, R::InquiryId, Inquiry::Table))
                .foreign_key(&mut fk(R::Table, R::OfficerId, Officer::Table))
                .foreign_key(&mut fk(R::Table, R::DepartmentId, Department::Table))
                .foreign_key(&mut fk(R::Table, R::AnswerEntryId, AnswerEntry::Table))
                .foreign_key(&mut fk(R::Table, R::CorrectsReplyId, R::Table))
                .to_owned(),
        ))
        .await?;
    manager
        .create_index(index(
            R::Table,
            [R::InquiryId.into_iden(), Common::CreatedAt.into_iden()],
        ))
        .await
}

async fn create_feedback(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Feedback as F;
    manager
        .create_table(timestamps(
            table(F::Table)
                .col(ColumnDef::new(F::InquiryId).uuid().not_null())
                .col(enum_col(F::Satisfaction))
                .col(ColumnDef::new(F::Reason).string().null())
                .col(ColumnDef::new(F::Comment).text().null())
                .col(ColumnDef::new(F::RatedBy).string().null())
                .foreign_key(&mut fk(F::Table, F::InquiryId, Inquiry::Table))
                .to_owned(),
        ))
        .await?;
    manager.create_index(index(F::Table, [F::InquiryId])).await
}

async fn create_expert_consultation(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ExpertConsultation as X;
    manager
        .create_table(timestamps(
            table(X::Table)
                .col(ColumnDef::new(X::InquiryId).uuid().not_null())
                .col(ColumnDef::new(X::ExpertId).uuid().not_null())
                .col(ColumnDef::new(X::RequestedById).uuid().not_null())
                .col(ColumnDef::new(X::Question).text().not_null())
                .col(ColumnDef::new(X::Advice).text().null())
                .col(
                    ColumnDef::new(X::DueAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(X::AnsweredAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(&mut fk(X::Table, X::InquiryId, Inquiry::Table))
                .foreign_key(&mut fk(X::Table, X::ExpertId, Officer::Table))
                .foreign_key(&mut fk(X::Table, X::RequestedById, Officer::Table))
                .to_owned(),
        ))
        .await?;
    manager
        .create_index(index(X::Table, [X::InquiryId]))
        .await?;
    manager.create_index(index(X::Table, [X::ExpertId])).await
}

async fn create_pii_access(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    use PiiAccess as P;
    manager
        .create_table(timestamps(
            table(P::Table)
                .col(ColumnDef::new(P::InquiryId).uuid().not_null())
                .col(ColumnDef::new(P::OfficerId).uuid().null())
                .col(ColumnDef::new(P::Accessor).string().not_null())
                .col(ColumnDef::new(P::Fields).string().not_null())
                .col(
                    ColumnDef::new(P::AccessedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(P::Table, P::InquiryId, Inquiry::Table))
                .foreign_key(&mut fk(P::Table, P::OfficerId, Officer::Table))
                .to_owned(),
        ))
        .await?;
    manager
        .create_index(index(P::Table, [P::InquiryId, P::AccessedAt]))
        .await
}
