//! The one context every use case takes: who calls, the pool, and the bureau's shared,
//! read-mostly state. One struct rather than one per area, so a use case that grows a
//! need (the calendar's time zone, the district tree) does not change its signature.

use chrono_tz::Tz;
use sea_orm::DatabaseConnection;

use crate::{
    auth::Principal,
    domain::districts::DistrictDirectory,
    search::AnswerIndex,
    service::{reference::TrackingCodes, rota::RotaSettings},
};

/// What a use case needs besides its input.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub db: &'a DatabaseConnection,
    pub principal: &'a Principal,
    pub directory: &'a DistrictDirectory,
    /// Derives citizens' tracking codes from inquiry ids.
    pub codes: &'a TrackingCodes,
    /// The bureau's time zone: deadlines count its working days.
    pub tz: Tz,
    /// The answer-library search index, updated once a library change has committed.
    pub index: &'a AnswerIndex,
    /// Duty slots and the check-in window of the rota.
    pub rota: &'a RotaSettings,
}
