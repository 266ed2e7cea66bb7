//! The Relay `Node` interface.

use async_graphql::{ID, Interface};

use super::{
    announcement::Announcement,
    answer::AnswerEntry,
    directory::{Department, District, Officer},
    inquiry::Inquiry,
};

/// Anything fetchable by global id through `node(id:)`.
// Built once per `node` call and consumed at once: boxing the large variant buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    Inquiry(Inquiry),
    District(District),
    Department(Department),
    Officer(Officer),
    AnswerEntry(AnswerEntry),
    Announcement(Announcement),
}
