//! Builds the application state, schema and router, and serves them until shutdown.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use chrono_tz::Tz;
use migration::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;
use tokio_util::{sync::CancellationToken, task::TaskTracker};

use crate::domain::districts::DistrictDirectory;
use crate::{
    auth::{KeySet, OfficerCache, Principal},
    config::Settings,
    db::{self, StatementCounter},
    graphql::{AppSchema, build_schema_with},
    http,
    realtime::{Realtime, relay},
    search::{self, AnswerIndex},
    service::reports::leaderboard::StarWeights,
    service::{escalation, reference::TrackingCodes, rota::RotaSettings},
};

/// Process-wide state shared by every request.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub directory: Arc<DistrictDirectory>,
    pub keys: Arc<KeySet>,
    pub codes: TrackingCodes,
    pub tz: Tz,
    pub statements: StatementCounter,
    pub graphiql: bool,
    /// The tokens `serve --demo` minted, offered to GraphiQL; never set otherwise.
    pub demo_tokens: Arc<std::sync::OnceLock<Vec<http::graphiql::DemoToken>>>,
    /// Search over the approved answer library, rebuilt from the database at start-up.
    pub search: Arc<AnswerIndex>,
    /// Weights of the officer leaderboard score.
    pub star_weights: StarWeights,
    /// Where `totalCount` of inquiry lists stops counting.
    pub count_cap: u64,
    /// Officer records behind staff tokens, kept briefly (emptied by directory changes).
    pub officers: Arc<OfficerCache>,
    /// Duty slots and the check-in window of the rota.
    pub rota: RotaSettings,
    /// Committed outbox events, fanned out to this process's subscriptions.
    pub realtime: Realtime,
    /// Cancelled when shutdown begins: long-lived work (subscriptions at `/graphql/ws`) watches
    /// it to finish with a proper close instead of holding the process open.
    pub shutdown: CancellationToken,
    /// The open `/graphql/ws` connections. Hyper's graceful shutdown forgets a connection once
    /// it is upgraded, so `run_until` waits here for the sockets to send their close frames.
    pub websockets: TaskTracker,
}

impl AppState {
    /// The context a use case takes, for `principal`.
    pub fn service_ctx<'a>(&'a self, principal: &'a Principal) -> crate::service::Ctx<'a> {
        crate::service::Ctx {
            db: &self.db,
            principal,
            directory: &self.directory,
            codes: &self.codes,
            tz: self.tz,
            index: &self.search,
            rota: &self.rota,
        }
    }
}

/// How long shutdown waits for open WebSockets to send their close frames.
const WEBSOCKET_CLOSE_GRACE: Duration = Duration::from_secs(5);

/// Connects and applies pending migrations.
pub async fn connect_and_migrate(
    settings: &Settings,
) -> anyhow::Result<(DatabaseConnection, StatementCounter)> {
    let (db, counter) = db::connect(
        &settings.database_url,
        settings.db_max_connections,
        Duration::from_secs(settings.db_acquire_timeout_secs),
    )
    .await?;
    Migrator::up(&db, None).await?;
    Ok((db, counter))
}

/// The secret tracking codes are derived from: TRACKING_SECRET, else one derived from JWT_SECRET.
pub fn tracking_secret(settings: &Settings) -> anyhow::Result<Vec<u8>> {
    if let Some(s) = &settings.tracking_secret {
        return Ok(s.as_bytes().to_vec());
    }
    if let Some(s) = &settings.jwt_secret {
        return Ok(Sha256::digest(format!("wenzheng-tracking:{s}").as_bytes()).to_vec());
    }
    anyhow::bail!("set TRACKING_SECRET (needed when JWT_SECRET is not set)")
}

/// A bound, ready-to-serve application.
pub struct Application {
    listener: TcpListener,
    pub state: AppState,
    pub schema: AppSchema,
    /// The schema for callers who may not introspect (no field suggestions).
    pub public_schema: AppSchema,
    /// Request limits, introspection and CORS of `/graphql`.
    http: http::HttpSettings,
    /// The registered persisted queries, or the APQ cache.
    persisted: Arc<http::persisted::PersistedQueries>,
    /// How often this process escalates overdue inquiries; `None` when disabled.
    escalation_interval: Option<Duration>,
    /// How long the event log keeps events.
    event_retention: Duration,
    /// How often this process checks for library changes made elsewhere; `None` when disabled.
    search_poll_interval: Option<Duration>,
    webhooks: crate::service::webhooks::WebhookSettings,
    /// The outbox relay's own small pool: its reads are not request statements.
    relay_db: DatabaseConnection,
}

impl Application {
    /// Builds the state over an open, migrated database and binds the listener.
    pub async fn build(
        settings: &Settings,
        db: DatabaseConnection,
        statements: StatementCounter,
    ) -> anyhow::Result<Self> {
        let keys = KeySet::new(
            settings.jwt_secret.as_deref(),
            settings.jwt_public_keys.as_deref(),
            &settings.jwt_issuer,
            &settings.jwt_audience,
        )?
        .with_max_ttl(settings.max_token_ttl_secs);
        let directory = DistrictDirectory::load(&db).await?;
        let state = AppState {
            db,
            directory: Arc::new(directory),
            keys: Arc::new(keys),
            codes: TrackingCodes::new(&tracking_secret(settings)?),
            tz: settings.bureau_timezone,
            statements,
            graphiql: settings.graphiql,
            demo_tokens: Arc::default(),
            star_weights: settings.star_weights,
            count_cap: settings.total_count_cap,
            officers: Arc::new(OfficerCache::new(Duration::from_millis(
                settings.officer_cache_ms,
            ))),
            search: Arc::new(AnswerIndex::new()?),
            rota: settings.rota(),
            realtime: Realtime::new(),
            shutdown: CancellationToken::new(),
            websockets: TaskTracker::new(),
        };
        let persisted = http::persisted::PersistedQueries::load(
            settings.http.persisted_queries_file.as_deref(),
            settings.http.apq_cache_size,
        )?;
        state.search.rebuild(&state.db).await?;
        // Subscriptions without a cursor start after what is committed now.
        state.realtime.start_at(
            crate::realtime::cursor::bounds(&state.db)
                .await?
                .last_position,
        );
        let schema = build_schema_with(Some(state.clone()), settings.http.schema_settings(true));
        let suggest_to_all = settings.http.introspection == http::limits::Introspection::All;
        let public_schema = build_schema_with(
            Some(state.clone()),
            settings.http.schema_settings(suggest_to_all),
        );
        let (relay_db, _) = db::connect(
            &settings.database_url,
            Some(2),
            Duration::from_secs(settings.db_acquire_timeout_secs),
        )
        .await?;
        let listener = TcpListener::bind(settings.bind).await?;
        Ok(Self {
            relay_db,
            listener,
            state,
            schema,
            public_schema,
            http: settings.http.clone(),
            webhooks: settings.webhooks.clone(),
            persisted: Arc::new(persisted),
            event_retention: Duration::from_secs(settings.event_retention_secs),
            escalation_interval: (settings.escalation_interval_secs > 0)
                .then(|| Duration::from_secs(settings.escalation_interval_secs)),
            search_poll_interval: (settings.search_poll_secs > 0)
                .then(|| Duration::from_secs(settings.search_poll_secs)),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Serves until `shutdown` completes, then stops accepting, cancels `AppState.shutdown`
    /// (open WebSockets close with 1001) and lets in-flight requests finish.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let router = http::router(
            self.state.clone(),
            self.schema.clone(),
            self.public_schema.clone(),
            &self.http,
            self.persisted.clone(),
        );
        let escalator = self
            .escalation_interval
            .map(|every| escalation::spawn_escalator(self.state.db.clone(), every));
        let search_poller = self.search_poll_interval.map(|every| {
            search::spawn_poller(self.state.search.clone(), self.state.db.clone(), every)
        });
        let webhook_dispatcher = crate::service::webhooks::spawn_dispatcher(
            self.state.db.clone(),
            self.webhooks.clone(),
        );
        let officer_invalidation = crate::auth::officer_cache::follow_directory_changes(
            self.state.officers.clone(),
            &self.state.realtime,
        );
        let relay = relay::spawn_relay(self.state.realtime.clone(), self.relay_db.clone());
        let pruner = crate::realtime::retention::spawn_pruner(
            self.state.db.clone(),
            self.event_retention,
            (self.event_retention / 4).min(Duration::from_secs(3600)),
            self.state.realtime.shutdown_token(),
        );
        let token = self.state.shutdown.clone();
        // Ends every subscription stream, and the relay.
        let subscriptions = self.state.realtime.shutdown_token();
        let shutdown = async move {
            shutdown.await;
            // Sockets first: each closes with 1001 and no `complete` (http::ws::GOING_AWAY).
            token.cancel();
            subscriptions.cancel();
        };
        let served = axum::serve(
            self.listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        self.state.websockets.close();
        if tokio::time::timeout(WEBSOCKET_CLOSE_GRACE, self.state.websockets.wait())
            .await
            .is_err()
        {
            tracing::warn!(
                open = self.state.websockets.len(),
                "WebSockets still open after the shutdown grace period; dropping them"
            );
        }
        for task in [escalator, search_poller, webhook_dispatcher]
            .into_iter()
            .flatten()
        {
            task.abort();
        }
        relay.abort();
        pruner.abort();
        officer_invalidation.abort();
        self.relay_db.close().await.ok();
        served?;
        self.state.db.clone().close().await.ok();
        Ok(())
    }
}

/// Completes on SIGTERM or ctrl-c.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown requested; finishing in-flight requests");
}
