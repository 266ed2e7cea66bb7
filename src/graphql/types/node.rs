//! The Relay `Node` interface.

use async_graphql::{ID, Interface};

use super::{
    directory::{Department, District, Officer},
    inquiry::Inquiry,
};

/// Anything fetchable by global id through `node(id:)`.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    Inquiry(Inquiry),
    District(District),
    Department(Department),
    Officer(Officer),
}
