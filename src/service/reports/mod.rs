//! The supervisors' month: the monthly circular (每月一通報), officer reviews, the
//! leaderboard and monthly star (微博之星), and service statistics. Everything is
//! computed by SQL aggregates; a published circular is frozen as it was announced.

pub mod circular;
pub mod counts;
pub mod leaderboard;
pub mod month;
pub mod sql;
pub mod stats;

pub use super::now;
