//! Enumerations stored as short upper-case strings, so the same rows read the
//! same on SQLite and PostgreSQL and stay legible in a `psql` session.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $value:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
        pub enum $name {
            $(
                #[sea_orm(string_value = $value)]
                #[serde(rename = $value)]
                $variant,
            )+
        }

        impl $name {
            /// The stored (and wire) spelling of the value.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $value,)+ }
            }
        }
    };
}

string_enum!(
    /// What a citizen raises (咨詢, 投訴, 舉報, ...).
    InquiryKind { Consultation = "CONSULTATION", Complaint = "COMPLAINT", Report = "REPORT", Suggestion = "SUGGESTION", Praise = "PRAISE" }
);

string_enum!(
    /// Where an inquiry came in (渠道).
    Channel {
        SinaWeibo = "SINA_WEIBO",
        TencentWeibo = "TENCENT_WEIBO",
        Wechat = "WECHAT",
        PrivateMessage = "PRIVATE_MESSAGE",
        Mailbox = "MAILBOX",
        MobileApp = "MOBILE_APP",
        Hotline = "HOTLINE",
        Partner = "PARTNER",
    }
);

string_enum!(
    /// A police division (警種), a county-level bureau, or the public relations section.
    DepartmentKind { Division = "DIVISION", DistrictBureau = "DISTRICT_BUREAU", PublicRelations = "PUBLIC_RELATIONS" }
);

string_enum!(
    /// Lifecycle state of an inquiry.
    InquiryStatus {
        New = "NEW",
        Assigned = "ASSIGNED",
        InProgress = "IN_PROGRESS",
        Answered = "ANSWERED",
        Resolved = "RESOLVED",
        Closed = "CLOSED",
        Rejected = "REJECTED",
        Merged = "MERGED",
        Reopened = "REOPENED",
    }
);

string_enum!(
    /// Urgency; selects the SLA policy together with the kind.
    Priority { Low = "LOW", Normal = "NORMAL", High = "HIGH", Urgent = "URGENT" }
);

string_enum!(
    /// Who may read a reply: everyone, the citizen only, or staff only.
    ReplyVisibility { Public = "PUBLIC", Private = "PRIVATE", Internal = "INTERNAL" }
);

string_enum!(
    /// The citizen's rating of a result.
    Satisfaction { Satisfied = "SATISFIED", BasicallySatisfied = "BASICALLY_SATISFIED", Unsatisfied = "UNSATISFIED" }
);

string_enum!(
    /// Review state of an answer-library entry (口徑庫).
    AnswerStatus { Draft = "DRAFT", InReview = "IN_REVIEW", Approved = "APPROVED", Retired = "RETIRED" }
);

string_enum!(
    /// How a resolution deadline is counted.
    ResolutionUnit { Hours = "HOURS", WorkingDays = "WORKING_DAYS" }
);

string_enum!(
    /// The named duty slots (值班).
    ShiftKind { Morning = "MORNING", Evening = "EVENING", Night = "NIGHT" }
);

string_enum!(
    /// Kinds of published police information (信息公開).
    AnnouncementCategory { CaseNotice = "CASE_NOTICE", Traffic = "TRAFFIC", SafetyTip = "SAFETY_TIP", ServiceNotice = "SERVICE_NOTICE" }
);

string_enum!(
    /// What a directory change is about.
    DirectorySubject { Department = "DEPARTMENT", Officer = "OFFICER" }
);

string_enum!(
    /// What a directory change did: `DEACTIVATED`/`REACTIVATED` when `active` flipped
    /// (other fields may have changed with it), `UPDATED` otherwise.
    DirectoryAction { Created = "CREATED", Updated = "UPDATED", Deactivated = "DEACTIVATED", Reactivated = "REACTIVATED" }
);

string_enum!(
    /// Roles carried in a JWT.
    Role { Citizen = "CITIZEN", Partner = "PARTNER", Officer = "OFFICER", Supervisor = "SUPERVISOR", Admin = "ADMIN" }
);

string_enum!(
    /// Who acted on an inquiry.
    ActorKind { Anonymous = "ANONYMOUS", Citizen = "CITIZEN", Partner = "PARTNER", Officer = "OFFICER", System = "SYSTEM" }
);

string_enum!(
    /// Entries of the append-only inquiry timeline.
    EventKind {
        Received = "RECEIVED",
        Assigned = "ASSIGNED",
        TransferRequested = "TRANSFER_REQUESTED",
        TransferAccepted = "TRANSFER_ACCEPTED",
        TransferReturned = "TRANSFER_RETURNED",
        WorkStarted = "WORK_STARTED",
        Replied = "REPLIED",
        ReplyCorrected = "REPLY_CORRECTED",
        Paused = "PAUSED",
        Resumed = "RESUMED",
        ExtensionRequested = "EXTENSION_REQUESTED",
        ExtensionApproved = "EXTENSION_APPROVED",
        ExtensionRejected = "EXTENSION_REJECTED",
        Escalated = "ESCALATED",
        Resolved = "RESOLVED",
        Closed = "CLOSED",
        Rejected = "REJECTED",
        Merged = "MERGED",
        Reopened = "REOPENED",
        Rated = "RATED",
        ExpertConsulted = "EXPERT_CONSULTED",
        ExpertAdvised = "EXPERT_ADVISED",
    }
);

string_enum!(
    /// Where a webhook delivery stands: waiting (or retrying), delivered, or given up.
    DeliveryStatus { Pending = "PENDING", Delivered = "DELIVERED", Failed = "FAILED" }
);
