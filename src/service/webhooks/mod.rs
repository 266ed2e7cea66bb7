//! Webhooks: administrators register where to POST which events; a dispatcher on every
//! server process fans the outbox out into a delivery log and sends each delivery,
//! signed with HMAC-SHA256, at least once, with exponential back-off, until it is
//! acknowledged or too old. Several processes share the work safely: fan-out moves each
//! hook's cursor conditionally and creates one delivery per webhook and event, and each
//! attempt is claimed with a conditional update.
//!
//! Two kinds of hook (see `auth::policy::webhooks`):
//! - a partner hook (`partner` set) receives exactly what that partner's token reads in
//!   the hook's districts: the public events of the inquiries it submitted, with the event
//!   name, inquiry kind, reference, its `externalRef`, status and time;
//! - an internal hook (no partner), for the bureau's own systems, receives every event of
//!   its districts as the outbox has it (ids, reference, status, district, department),
//!   internal ones and `webhook.*` included; never a citizen's name or phone.
//!
//! One hook gets one inquiry's events in commit order, retries included.

pub mod fanout;
pub mod registry;
pub mod sender;
pub mod signature;

use std::time::Duration;

use sea_orm::DatabaseConnection;
use tokio::task::JoinHandle;

/// Dispatcher settings (`WEBHOOK_*`).
#[derive(clap::Args, Clone, Debug)]
pub struct WebhookSettings {
    /// Milliseconds between dispatcher rounds on this process; 0 disables webhooks here.
    #[arg(long, env = "WEBHOOK_POLL_MS", default_value_t = 1000, global = true)]
    pub webhook_poll_ms: u64,
    /// First retry delay in milliseconds; each failure doubles it.
    #[arg(
        long,
        env = "WEBHOOK_RETRY_BASE_MS",
        default_value_t = 2000,
        global = true
    )]
    pub webhook_retry_base_ms: u64,
    /// Longest delay between two attempts, so a receiver back from an outage is served soon.
    #[arg(
        long,
        env = "WEBHOOK_MAX_BACKOFF_SECS",
        default_value_t = 300,
        global = true
    )]
    pub webhook_max_backoff_secs: u64,
    /// A delivery still failing this long after its event is given up (FAILED).
    #[arg(
        long,
        env = "WEBHOOK_GIVE_UP_HOURS",
        default_value_t = 72,
        global = true
    )]
    pub webhook_give_up_hours: u64,
    /// Seconds a receiver has to answer one delivery.
    #[arg(
        long,
        env = "WEBHOOK_TIMEOUT_SECS",
        default_value_t = 10,
        global = true
    )]
    pub webhook_timeout_secs: u64,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            webhook_poll_ms: 1000,
            webhook_retry_base_ms: 2000,
            webhook_max_backoff_secs: 300,
            webhook_give_up_hours: 72,
            webhook_timeout_secs: 10,
        }
    }
}

impl WebhookSettings {
    /// Delay before attempt `attempts + 1`, after `attempts` failures (≥ 1).
    pub fn backoff(&self, attempts: i32) -> Duration {
        let exp = u32::try_from(attempts.saturating_sub(1))
            .unwrap_or(0)
            .min(20);
        let delay = self.webhook_retry_base_ms.saturating_mul(1u64 << exp);
        Duration::from_millis(delay).min(Duration::from_secs(self.webhook_max_backoff_secs))
    }
}

/// Sending rounds per tick at most.
const SEND_ROUNDS: usize = 10;

/// Starts this process's dispatcher; `None` when `WEBHOOK_POLL_MS` is 0.
pub fn spawn_dispatcher(
    db: DatabaseConnection,
    settings: WebhookSettings,
) -> Option<JoinHandle<()>> {
    if settings.webhook_poll_ms == 0 {
        return None;
    }
    let client = match sender::client(&settings) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "webhook client could not be built; webhooks disabled");
            return None;
        }
    };
    Some(tokio::spawn(async move {
        let mut ticks = tokio::time::interval(Duration::from_millis(settings.webhook_poll_ms));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(e) = fanout::fan_out(&db).await {
                tracing::warn!(error = %e, "webhook fan-out failed");
            }
            if let Err(e) = sender::give_up_stale(&db, &settings).await {
                tracing::warn!(error = %e, "giving up stale webhook deliveries failed");
            }
            // One event per inquiry and hook is sent per round (order); a few rounds back
            // to back let a burst about one inquiry through without waiting for ticks.
            for _ in 0..SEND_ROUNDS {
                match sender::send_due(&db, &client, &settings).await {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "webhook sending failed");
                        break;
                    }
                }
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_base_up_to_the_cap() {
        let s = WebhookSettings::default();
        assert_eq!(s.backoff(1), Duration::from_secs(2));
        assert_eq!(s.backoff(2), Duration::from_secs(4));
        assert_eq!(s.backoff(5), Duration::from_secs(32));
        assert_eq!(s.backoff(9), Duration::from_secs(300));
        assert_eq!(s.backoff(1000), Duration::from_secs(300));
    }
}
