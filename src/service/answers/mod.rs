//! The answer library (口徑庫): vetted wording that replies quote, so they are
//! accurate and speak with the bureau's authority.
//!
//! An entry's own columns hold its latest revision; `answer_entry_version` keeps every
//! revision immutably, and `approved_version` names the one that serves. A revision of
//! approved wording goes through review while the approved version keeps serving.

pub mod content;
pub mod lifecycle;
pub mod placeholders;
pub mod queries;
pub mod store;
pub mod transitions;
pub mod usage;

use entity::{AnswerStatus, answer_entry};

pub use crate::service::Ctx;

/// True while replies may quote the entry: approved at least once and not retired.
/// (`status` may be DRAFT or IN_REVIEW meanwhile: that is the state of a newer revision.)
pub fn is_serving(entry: &answer_entry::Model) -> bool {
    entry.approved_version.is_some() && entry.status != AnswerStatus::Retired
}

/// True when the latest revision is not the one that serves (or nothing serves yet).
pub fn has_unapproved_revision(entry: &answer_entry::Model) -> bool {
    entry.status != AnswerStatus::Retired && entry.approved_version != Some(entry.version)
}
