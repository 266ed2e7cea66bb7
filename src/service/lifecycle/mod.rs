//! The inquiry lifecycle: routing, work, replies, deadlines, results, ratings.
//! Every command runs in one write transaction: the version check, the change,
//! its timeline entry and its outbox row commit together or not at all.

pub mod clock;
pub mod core;
pub mod experts;
pub mod facts;
pub mod replies;
pub mod results;
pub mod routing;
pub mod work;

pub use crate::service::Ctx;
