//! GraphQL mirrors of the stored enumerations (`entity::enums`), kept in step
//! by async-graphql's `remote` conversion.

use async_graphql::Enum;

macro_rules! gql_enum {
    ($(#[$meta:meta])* $name:ident => $remote:literal { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
        #[graphql(remote = $remote)]
        pub enum $name { $($variant),+ }
    };
}

gql_enum!(
    /// What a citizen raises: consultation 咨詢, complaint 投訴, tip-off report 舉報, suggestion, praise.
    InquiryKind => "entity::InquiryKind" { Consultation, Complaint, Report, Suggestion, Praise }
);
gql_enum!(
    /// Where an inquiry came in.
    Channel => "entity::Channel" { SinaWeibo, TencentWeibo, Wechat, PrivateMessage, Mailbox, MobileApp, Hotline, Partner }
);
gql_enum!(
    /// Police division, county-level bureau, or the public relations section.
    DepartmentKind => "entity::DepartmentKind" { Division, DistrictBureau, PublicRelations }
);
gql_enum!(
    /// Lifecycle state of an inquiry.
    InquiryStatus => "entity::InquiryStatus" { New, Assigned, InProgress, Answered, Resolved, Closed, Rejected, Merged, Reopened }
);
gql_enum!(
    /// Urgency; selects the deadline policy together with the kind.
    Priority => "entity::Priority" { Low, Normal, High, Urgent }
);
gql_enum!(
    /// How a resolution deadline is counted: on the clock, or in working days of the official calendar.
    ResolutionUnit => "entity::ResolutionUnit" { Hours, WorkingDays }
);
gql_enum!(
    /// Who may read a reply: everyone, the citizen only, or staff only.
    ReplyVisibility => "entity::ReplyVisibility" { Public, Private, Internal }
);
gql_enum!(
    /// A duty shift's slot: MORNING and EVENING are the daily slots the rota must cover
    /// (`rotaGaps`); NIGHT is extra cover.
    ShiftKind => "entity::ShiftKind" { Morning, Evening, Night }
);
gql_enum!(
    /// The caller's role.
    Role => "entity::Role" { Citizen, Partner, Officer, Supervisor, Admin }
);

/// A staff member's role, as administrators set it on the officer record.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum StaffRole {
    Officer,
    Supervisor,
    Admin,
}

impl From<StaffRole> for entity::Role {
    fn from(r: StaffRole) -> Self {
        match r {
            StaffRole::Officer => Self::Officer,
            StaffRole::Supervisor => Self::Supervisor,
            StaffRole::Admin => Self::Admin,
        }
    }
}

gql_enum!(
    /// What an announcement is: a case notice, traffic news, a safety tip, a service notice.
    AnnouncementCategory => "entity::AnnouncementCategory" { CaseNotice, Traffic, SafetyTip, ServiceNotice }
);
gql_enum!(
    /// What a directory change is about.
    DirectorySubject => "entity::DirectorySubject" { Department, Officer }
);
gql_enum!(
    /// What a directory change did; DEACTIVATED/REACTIVATED when `active` flipped.
    DirectoryAction => "entity::DirectoryAction" { Created, Updated, Deactivated, Reactivated }
);
gql_enum!(
    /// Entries of an inquiry's timeline.
    EventKind => "entity::EventKind" {
        Received, Assigned, TransferRequested, TransferAccepted, TransferReturned, WorkStarted, Replied,
        ReplyCorrected, Paused, Resumed, ExtensionRequested, ExtensionApproved, ExtensionRejected, Escalated, Resolved, Closed,
        Rejected, Merged, Reopened, Rated, ExpertConsulted, ExpertAdvised,
    }
);

/// Sort order of the inquiries list.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum InquiryOrderBy {
    CreatedAsc,
    #[default]
    CreatedDesc,
    DueAsc,
    DueDesc,
    /// Least recently changed first (any change: a reply, a transfer, a new status).
    UpdatedAsc,
    /// Most recently changed first: what moved since the desk last looked.
    UpdatedDesc,
    /// Most urgent first (URGENT, HIGH, NORMAL, LOW), oldest first within a priority: the
    /// order a desk works its queue in.
    Priority,
}

impl From<InquiryOrderBy> for crate::service::inquiries::InquiryOrder {
    fn from(o: InquiryOrderBy) -> Self {
        match o {
            InquiryOrderBy::CreatedAsc => Self::CreatedAsc,
            InquiryOrderBy::CreatedDesc => Self::CreatedDesc,
            InquiryOrderBy::DueAsc => Self::DueAsc,
            InquiryOrderBy::DueDesc => Self::DueDesc,
            InquiryOrderBy::UpdatedAsc => Self::UpdatedAsc,
            InquiryOrderBy::UpdatedDesc => Self::UpdatedDesc,
            InquiryOrderBy::Priority => Self::Priority,
        }
    }
}

gql_enum!(
    /// Review state of an answer-library entry's latest revision: DRAFT (being written),
    /// IN_REVIEW (waiting for a spokesperson or admin), APPROVED (the latest revision serves),
    /// RETIRED (withdrawn for good). An entry approved once keeps serving its
    /// `approvedVersion` while a newer revision is DRAFT or IN_REVIEW; see `AnswerEntry.serving`.
    AnswerStatus => "entity::AnswerStatus" { Draft, InReview, Approved, Retired }
);

gql_enum!(
    /// The citizen's rating of a result.
    Satisfaction => "entity::Satisfaction" { Satisfied, BasicallySatisfied, Unsatisfied }
);
gql_enum!(
    /// Who acted on an inquiry.
    ActorKind => "entity::ActorKind" { Anonymous, Citizen, Partner, Officer, System }
);

/// Where an inquiry stands against its deadline (DUE_SOON from 80% of the time used).
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum DeadlineState {
    OnTrack,
    DueSoon,
    Overdue,
    Met,
    Missed,
}

impl From<crate::service::lifecycle::clock::DeadlineState> for DeadlineState {
    fn from(s: crate::service::lifecycle::clock::DeadlineState) -> Self {
        use crate::service::lifecycle::clock::DeadlineState as S;
        match s {
            S::OnTrack => Self::OnTrack,
            S::DueSoon => Self::DueSoon,
            S::Overdue => Self::Overdue,
            S::Met => Self::Met,
            S::Missed => Self::Missed,
        }
    }
}

impl From<DeadlineState> for crate::service::lifecycle::clock::DeadlineState {
    fn from(s: DeadlineState) -> Self {
        match s {
            DeadlineState::OnTrack => Self::OnTrack,
            DeadlineState::DueSoon => Self::DueSoon,
            DeadlineState::Overdue => Self::Overdue,
            DeadlineState::Met => Self::Met,
            DeadlineState::Missed => Self::Missed,
        }
    }
}

gql_enum!(
    /// Where a webhook delivery stands: waiting or retrying, delivered, or given up.
    DeliveryStatus => "entity::DeliveryStatus" { Pending, Delivered, Failed }
);

/// A lifecycle action, as `Inquiry.viewerActions` offers it: the mirror of the server's
/// transition-table actions (`domain::transitions::Action`), each named after what its
/// mutation does.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::transitions::Action")]
pub enum InquiryAction {
    /// Hand the inquiry to a department (and officer) in its district: `assignInquiry`.
    Assign,
    /// Offer the inquiry to another department: `transferInquiry`.
    Transfer,
    /// Take over the transfer offered to the receiving side: `acceptTransfer`.
    AcceptTransfer,
    /// Decline the transfer offered to the receiving side: `returnTransfer`.
    ReturnTransfer,
    /// Take the inquiry up: `startWork`.
    StartWork,
    /// A reply the citizen reads (PUBLIC or PRIVATE): `replyToInquiry`.
    ReplyToCitizen,
    /// An internal note (INTERNAL): `replyToInquiry`.
    ReplyInternally,
    /// Stop the deadline clock while waiting for the citizen: `pauseInquiry`.
    Pause,
    /// Restart the paused clock: `resumeInquiry`.
    Resume,
    /// Ask for more working days: `requestExtension`.
    RequestExtension,
    /// Grant the pending extension: `approveExtension`.
    ApproveExtension,
    /// Refuse the pending extension, keeping the deadline: `rejectExtension`.
    RejectExtension,
    /// Record the result (after a reply to the citizen): `resolveInquiry`.
    Resolve,
    /// Close a resolved inquiry: `closeInquiry`.
    Close,
    /// Refuse an inquiry the desk cannot handle: `rejectInquiry`.
    Reject,
    /// Mark the inquiry a duplicate of another: `mergeInquiry`.
    Merge,
    /// Open a resolved or closed inquiry again: `reopenInquiry`.
    Reopen,
    /// The citizen's rating of the result, with their own token: `rateInquiry`.
    Rate,
    /// Ask an expert of the panel: `consultExpert`.
    ConsultExpert,
    /// Answer a consultation that names the viewer: `adviseOnInquiry`.
    Advise,
    /// Publish a correction beside a reply: `correctReply`.
    CorrectReply,
}

/// Which side of a pending transfer a queue lists.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum PendingTransferSide {
    /// Offered to the department (`departmentId`, else the caller's), waiting for it to
    /// accept or return: listed under the receiver although the sender still handles it.
    In,
    /// Offered by the department (which still handles it) to another, not yet answered.
    Out,
}

impl From<PendingTransferSide> for crate::service::inquiries::PendingTransfer {
    fn from(s: PendingTransferSide) -> Self {
        match s {
            PendingTransferSide::In => Self::In,
            PendingTransferSide::Out => Self::Out,
        }
    }
}
