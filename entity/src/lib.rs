//! SeaORM entities of wenzheng.
//!
//! Every table has a UUIDv7 `id` primary key and `created_at` / `updated_at`
//! timestamps. Enumerations live in [`enums`] and are stored as short
//! upper-case strings so SQLite and PostgreSQL hold the same values.

pub mod enums;
pub use enums::*;

pub mod announcement;
pub mod answer_entry;
pub mod answer_entry_version;
pub mod calendar_day;
pub mod department;
pub mod directory_change;
pub mod district;
pub mod district_setting;
pub mod duty_shift;
pub mod expert_consultation;
pub mod feedback;
pub mod inquiry;
pub mod inquiry_event;
pub mod monthly_circular;
pub mod monthly_star;
pub mod officer;
pub mod officer_review;
pub mod outbox;
pub mod pii_access;
pub mod reply;
pub mod sla_policy;
pub mod webhook;
pub mod webhook_delivery;

/// `Entity` types under their table names, e.g. `prelude::Inquiry`.
pub mod prelude {
    pub use crate::announcement::Entity as Announcement;
    pub use crate::answer_entry::Entity as AnswerEntry;
    pub use crate::answer_entry_version::Entity as AnswerEntryVersion;
    pub use crate::calendar_day::Entity as CalendarDay;
    pub use crate::department::Entity as Department;
    pub use crate::directory_change::Entity as DirectoryChange;
    pub use crate::district::Entity as District;
    pub use crate::district_setting::Entity as DistrictSetting;
    pub use crate::duty_shift::Entity as DutyShift;
    pub use crate::expert_consultation::Entity as ExpertConsultation;
    pub use crate::feedback::Entity as Feedback;
    pub use crate::inquiry::Entity as Inquiry;
    pub use crate::inquiry_event::Entity as InquiryEvent;
    pub use crate::monthly_circular::Entity as MonthlyCircular;
    pub use crate::monthly_star::Entity as MonthlyStar;
    pub use crate::officer::Entity as Officer;
    pub use crate::officer_review::Entity as OfficerReview;
    pub use crate::outbox::Entity as Outbox;
    pub use crate::pii_access::Entity as PiiAccess;
    pub use crate::reply::Entity as Reply;
    pub use crate::sla_policy::Entity as SlaPolicy;
    pub use crate::webhook::Entity as Webhook;
    pub use crate::webhook_delivery::Entity as WebhookDelivery;
}
