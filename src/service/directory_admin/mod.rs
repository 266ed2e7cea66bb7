//! Directory administration (issue #5): administrators create and change departments
//! and officers. Every change writes a `directory_change` row (who, what, from → to)
//! and an outbox row in the transaction of the change, so the audit trail and the
//! event stream never disagree with the directory.

mod audit;
pub mod departments;
pub mod officers;

pub use audit::changes;
