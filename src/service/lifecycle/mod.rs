//! The inquiry lifecycle: routing, work, replies, deadlines, results, ratings.
//! Every command runs in one write transaction: the version check, the change,
//! its timeline entry and its outbox row commit together or not at all.

pub mod clock;
pub mod core;
pub mod experts;
pub mod replies;
pub mod results;
pub mod routing;
pub mod work;

use chrono_tz::Tz;
use sea_orm::DatabaseConnection;

use crate::auth::Principal;

/// What every command needs: the pool, the caller and the bureau's time zone.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub db: &'a DatabaseConnection,
    pub principal: &'a Principal,
    pub tz: Tz,
}
