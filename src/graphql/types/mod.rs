//! GraphQL object types: thin views over entity models.

pub mod connection;
pub mod directory;
pub mod enums;
pub mod ids;
pub mod inquiry;
pub mod node;
pub mod tracked;
pub mod viewer;
