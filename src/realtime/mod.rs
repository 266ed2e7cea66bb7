//! Real-time delivery of outbox events to GraphQL subscriptions.
//!
//! The `outbox` table is the record: each server process runs one [`relay`] that reads
//! new rows and fans them out in-process over a `tokio::sync::broadcast` channel. The relay
//! is woken by PostgreSQL `NOTIFY wenzheng_outbox` (sent inside the writing transaction, so
//! it arrives only on commit and from any process), by [`Realtime::wake`] after a local
//! request (SQLite has no cross-process signal), and by a slow safety poll.

pub mod relay;

use std::sync::Arc;

use futures::{Stream, StreamExt};
use tokio::sync::{Notify, broadcast};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// The channel PostgreSQL notifications travel on.
pub const CHANNEL: &str = "wenzheng_outbox";

/// How many events a slow subscriber may fall behind before it skips some.
const CAPACITY: usize = 1024;

/// One committed outbox row, as subscribers see it.
#[derive(Debug, Clone)]
pub struct OutboxEvent {
    pub id: Uuid,
    /// `inquiry.<kind>`, `circular.published`, ...
    pub event: String,
    pub payload: serde_json::Value,
    pub inquiry_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
}

impl OutboxEvent {
    /// Whether the citizen may see this change (`payload.public`).
    pub fn public(&self) -> bool {
        self.payload
            .get("public")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false)
    }

    /// The timeline entry an `inquiry.*` event announces.
    pub fn timeline_event_id(&self) -> Option<Uuid> {
        self.payload
            .get("eventId")
            .and_then(serde_json::Value::as_str)
            .and_then(|s| Uuid::parse_str(s).ok())
    }
}

/// The process's broadcaster, shared through `AppState`.
#[derive(Clone)]
pub struct Realtime(Arc<Inner>);

struct Inner {
    sender: broadcast::Sender<Arc<OutboxEvent>>,
    wake: Notify,
    shutdown: CancellationToken,
}

impl Default for Realtime {
    fn default() -> Self {
        Self::new()
    }
}

impl Realtime {
    pub fn new() -> Self {
        let (sender, _) = broadcast::channel(CAPACITY);
        Self(Arc::new(Inner {
            sender,
            wake: Notify::new(),
            shutdown: CancellationToken::new(),
        }))
    }

    /// Asks the relay to read the outbox now: call after this process committed a change.
    pub fn wake(&self) {
        self.0.wake.notify_one();
    }

    /// Fires when the server shuts down: every subscription stream then ends (the hook
    /// graceful shutdown uses to close subscriptions), and the relay stops.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.0.shutdown.clone()
    }

    /// Events committed from now on, ending at shutdown. A subscriber that falls more
    /// than the channel's capacity behind skips what it missed (logged), never blocks others.
    pub fn events(&self) -> impl Stream<Item = Arc<OutboxEvent>> + Send + use<> {
        let rx = self.0.sender.subscribe();
        futures::stream::unfold(rx, |mut rx| async move {
            loop {
                match rx.recv().await {
                    Ok(event) => return Some((event, rx)),
                    Err(broadcast::error::RecvError::Lagged(n)) => {
                        tracing::warn!(skipped = n, "a subscriber fell behind; events skipped");
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        })
        .take_until(self.0.shutdown.clone().cancelled_owned())
    }

    fn publish(&self, event: OutboxEvent) {
        // No subscriber is not an error.
        let _ = self.0.sender.send(Arc::new(event));
    }
}
