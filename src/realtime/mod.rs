//! Real-time delivery of outbox events to GraphQL subscriptions.
//!
//! The `outbox` table is the record, in `position` order (dense, commit-ordered; see
//! `timeline::outbox`). Each server process runs one [`relay`] that reads rows past the
//! newest position it has published and fans them out in-process over a
//! `tokio::sync::broadcast` channel. The relay is woken by PostgreSQL
//! `NOTIFY wenzheng_outbox` (sent inside the writing transaction, so it arrives only on
//! commit and from any process), by [`Realtime::wake`] after a local request (SQLite has
//! no cross-process signal), and by a slow safety poll.
//!
//! Subscribers read through a [`feed::Feed`]: it replays from the outbox after a cursor,
//! then follows the broadcast, and reads the outbox again whenever it falls behind, so no
//! subscriber ever skips an event.

pub mod cursor;
pub mod enrich;
pub mod feed;
pub mod relay;
pub mod retention;

use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

use futures::{Stream, StreamExt};
use tokio::sync::{Notify, broadcast};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// The channel PostgreSQL notifications travel on.
pub const CHANNEL: &str = "wenzheng_outbox";

/// How many events the in-process channel holds for a slow subscriber before that
/// subscriber has to catch up from the outbox instead.
const CAPACITY: usize = 1024;

/// One committed outbox row, as subscribers see it.
#[derive(Debug, Clone)]
pub struct OutboxEvent {
    pub id: Uuid,
    /// Commit order: the cursor a client resumes from.
    pub position: i64,
    /// `inquiry.<kind>`, `circular.published`, ...
    pub event: String,
    pub payload: serde_json::Value,
    pub inquiry_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    /// The inquiry as it was when the event was read from the log (`inquiry.*` events),
    /// loaded once per process for every subscriber ([`enrich`]).
    pub inquiry: Option<entity::inquiry::Model>,
    /// The timeline entry the event announces.
    pub entry: Option<entity::inquiry_event::Model>,
}

impl OutboxEvent {
    /// The timeline entry an `inquiry.*` event announces.
    pub fn timeline_event_id(&self) -> Option<Uuid> {
        self.payload
            .get("eventId")
            .and_then(serde_json::Value::as_str)
            .and_then(|s| Uuid::parse_str(s).ok())
    }
}

impl From<entity::outbox::Model> for OutboxEvent {
    fn from(row: entity::outbox::Model) -> Self {
        Self {
            id: row.id,
            position: row.position,
            event: row.event,
            payload: row.payload,
            inquiry_id: row.inquiry_id,
            district_id: row.district_id,
            inquiry: None,
            entry: None,
        }
    }
}

/// The process's broadcaster, shared through `AppState`.
#[derive(Clone)]
pub struct Realtime(Arc<Inner>);

struct Inner {
    sender: broadcast::Sender<Arc<OutboxEvent>>,
    wake: Notify,
    shutdown: CancellationToken,
    /// The newest position published (set before it is sent).
    head: AtomicI64,
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
            head: AtomicI64::new(0),
        }))
    }

    /// Sets where the relay starts: the newest position committed when the process
    /// starts (call before serving, so "from now" means after what is already there).
    pub fn start_at(&self, position: i64) {
        self.0.head.store(position, Ordering::SeqCst);
    }

    /// The newest position this process has published.
    pub fn head(&self) -> i64 {
        self.0.head.load(Ordering::SeqCst)
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

    /// Events published from now on, ending at shutdown, for in-process housekeeping
    /// (cache invalidation) that tolerates a missed event; subscriptions use [`feed::Feed`].
    pub fn events(&self) -> impl Stream<Item = Arc<OutboxEvent>> + Send + use<> {
        let rx = self.0.sender.subscribe();
        futures::stream::unfold(rx, |mut rx| async move {
            loop {
                match rx.recv().await {
                    Ok(event) => return Some((event, rx)),
                    Err(broadcast::error::RecvError::Lagged(n)) => {
                        tracing::debug!(skipped = n, "a housekeeping follower fell behind");
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        })
        .take_until(self.0.shutdown.clone().cancelled_owned())
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<OutboxEvent>> {
        self.0.sender.subscribe()
    }

    fn publish(&self, event: Arc<OutboxEvent>) {
        self.0.head.fetch_max(event.position, Ordering::SeqCst);
        // No subscriber is not an error.
        let _ = self.0.sender.send(event);
    }
}
