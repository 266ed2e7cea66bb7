//! Officer records behind staff tokens (with their department's district, which bounds the
//! token's districts), kept for a moment.
//!
//! Every staff request checks its token against the officer record (a suspension or a transfer
//! takes effect at once). Reading that record costs one statement per request: as much as the
//! page itself for a simple list. The cache keeps records for a short time-to-live and is
//! emptied whenever the directory changes: at once by this process's own directory commands,
//! and, for changes made by other processes, as soon as their outbox event reaches this one
//! (PostgreSQL NOTIFY: milliseconds; otherwise the relay's poll). The time-to-live bounds
//! staleness should an event be missed.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use entity::officer;
use futures::StreamExt;
use uuid::Uuid;

/// An officer record and what a staff token's scope needs of the officer's department.
#[derive(Debug, Clone)]
pub struct StaffRecord {
    pub officer: officer::Model,
    /// The district of the officer's department: the top of the officer's jurisdiction.
    pub department_district_id: Uuid,
}

/// The cached officer records, by badge number.
#[derive(Debug)]
pub struct OfficerCache {
    ttl: Duration,
    /// Bumped by every invalidation: a record read before it is not stored after it.
    generation: AtomicU64,
    entries: Mutex<HashMap<String, (Instant, StaffRecord)>>,
}

/// Where a lookup started, to store its result only if nothing changed meanwhile.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

/// More entries than a bureau has officers means tokens of unknown badges are being tried.
const MAX_ENTRIES: usize = 10_000;

impl OfficerCache {
    /// `ttl` zero turns the cache off (every request reads the record).
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            generation: AtomicU64::new(0),
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The record of `badge` if it was read less than the time-to-live ago; otherwise a ticket
    /// for storing the fresh one.
    pub fn get(&self, badge: &str) -> Result<StaffRecord, Ticket> {
        let ticket = Ticket(self.generation.load(Ordering::Acquire));
        if self.ttl.is_zero() {
            return Err(ticket);
        }
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        match entries.get(badge) {
            Some((at, record)) if at.elapsed() < self.ttl => Ok(record.clone()),
            _ => Err(ticket),
        }
    }

    /// Stores a record read from the database, unless the directory changed since `ticket`.
    pub fn put(&self, ticket: Ticket, record: &StaffRecord) {
        if self.ttl.is_zero() {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if self.generation.load(Ordering::Acquire) != ticket.0 {
            return;
        }
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (at, _)| at.elapsed() < self.ttl);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(
            record.officer.badge_number.clone(),
            (Instant::now(), record.clone()),
        );
    }

    /// Forgets every record: the directory changed.
    pub fn invalidate(&self) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, Ordering::AcqRel);
        entries.clear();
    }

    /// Whether an outbox event means officer records may have changed.
    pub fn is_directory_event(event: &str) -> bool {
        event.starts_with("officer.") || event.starts_with("department.")
    }
}

/// Empties `cache` whenever a directory change committed by any process reaches this one
/// through the outbox relay; ends at shutdown with the event stream.
pub fn follow_directory_changes(
    cache: Arc<OfficerCache>,
    realtime: &crate::realtime::Realtime,
) -> tokio::task::JoinHandle<()> {
    let events = realtime.events();
    tokio::spawn(async move {
        let mut events = std::pin::pin!(events);
        while let Some(event) = events.next().await {
            if OfficerCache::is_directory_event(&event.event) {
                cache.invalidate();
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn officer(badge: &str, active: bool) -> StaffRecord {
        let now = chrono::Utc::now();
        let officer = officer::Model {
            id: uuid::Uuid::now_v7(),
            real_name: "陈明".into(),
            badge_number: badge.into(),
            duty_name: "平安肇庆01".into(),
            department_id: uuid::Uuid::now_v7(),
            role: entity::Role::Officer,
            expert: false,
            specialty: None,
            spokesperson: false,
            active,
            created_at: now,
            updated_at: now,
        };
        StaffRecord {
            officer,
            department_district_id: uuid::Uuid::now_v7(),
        }
    }

    #[test]
    fn a_record_is_served_until_the_directory_changes() {
        let cache = OfficerCache::new(Duration::from_secs(60));
        let ticket = cache.get("441201").unwrap_err();
        cache.put(ticket, &officer("441201", true));
        assert!(cache.get("441201").unwrap().officer.active);
        cache.invalidate();
        assert!(cache.get("441201").is_err());
    }

    #[test]
    fn a_record_read_before_a_change_is_not_stored_after_it() {
        let cache = OfficerCache::new(Duration::from_secs(60));
        let ticket = cache.get("441201").unwrap_err();
        cache.invalidate();
        cache.put(ticket, &officer("441201", true));
        assert!(cache.get("441201").is_err());
    }

    #[test]
    fn records_expire_and_a_zero_time_to_live_caches_nothing() {
        let cache = OfficerCache::new(Duration::from_millis(1));
        let ticket = cache.get("441201").unwrap_err();
        cache.put(ticket, &officer("441201", true));
        std::thread::sleep(Duration::from_millis(5));
        assert!(cache.get("441201").is_err());
        let off = OfficerCache::new(Duration::ZERO);
        let ticket = off.get("441201").unwrap_err();
        off.put(ticket, &officer("441201", true));
        assert!(off.get("441201").is_err());
    }

    #[test]
    fn only_directory_events_invalidate() {
        assert!(OfficerCache::is_directory_event("officer.deactivated"));
        assert!(OfficerCache::is_directory_event("department.updated"));
        assert!(!OfficerCache::is_directory_event("inquiry.replied"));
    }
}
