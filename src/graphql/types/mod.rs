//! GraphQL object types: thin views over entity models.

pub mod announcement;
pub mod answer;
pub mod connection;
pub mod deadlines;
pub mod directory;
pub mod directory_change;
pub mod enums;
pub mod ids;
pub mod inquiry;
pub mod node;
pub mod reply;
pub mod reports;
pub mod rota;
pub mod search;
pub mod timeline;
pub mod tracked;
pub mod viewer;
pub mod webhook;
