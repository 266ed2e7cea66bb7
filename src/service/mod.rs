//! Use cases. Each takes the caller's `Principal` and a connection and knows
//! nothing of GraphQL or HTTP.

pub mod announcements;
pub mod answer_search;
pub mod answers;
pub mod calendar;
pub mod consultations;
mod ctx;
pub mod deadline;
pub mod directory;
pub mod directory_admin;
pub mod escalation;
pub mod ids;
pub mod inquiries;
pub mod inquiry_details;
pub mod intake;
pub mod lifecycle;
pub mod open311;
pub mod paging;
pub mod pii;
pub mod reference;
pub mod reports;
pub mod rota;
pub mod sla;
pub mod subscriptions;
pub mod timeline;
pub mod tracking;
pub mod webhooks;

pub use ctx::Ctx;

/// The current time at the precision both databases store (microseconds), so a
/// value read back equals the value written and keyset cursors are exact.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(6)
}
