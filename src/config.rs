//! Settings from the environment, each also settable as a command-line flag.

use std::{net::SocketAddr, path::PathBuf};

use crate::service::rota::{DaySlot, RotaSettings};

/// Everything the server needs to start; `wenzheng --help` lists each with its variable.
#[derive(clap::Args, Clone, Debug)]
pub struct Settings {
    /// Database URL: `sqlite://FILE` (created if missing) or `postgres://...`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://wenzheng.db",
        global = true
    )]
    pub database_url: String,

    /// Address and port to listen on.
    #[arg(long, env = "BIND", default_value = "127.0.0.1:8080", global = true)]
    pub bind: SocketAddr,

    /// HS256 secret, at least 32 bytes. Required unless JWT_PUBLIC_KEYS is set (or `serve --demo`).
    #[arg(long, env = "JWT_SECRET", hide_env_values = true, global = true)]
    pub jwt_secret: Option<String>,

    /// Expected `iss` claim.
    #[arg(long, env = "JWT_ISSUER", default_value = "wenzheng", global = true)]
    pub jwt_issuer: String,

    /// Expected `aud` claim.
    #[arg(long, env = "JWT_AUDIENCE", default_value = "wenzheng", global = true)]
    pub jwt_audience: String,

    /// Longest lifetime a token may have, in seconds: a token whose `exp` is further than this
    /// from its `iat` (or from now, when it has no `iat` or one in the future) is refused.
    /// 0: no limit.
    #[arg(
        long,
        env = "MAX_TOKEN_TTL_SECS",
        default_value_t = 86_400,
        global = true
    )]
    pub max_token_ttl_secs: u64,

    /// JWKS file with RS256/ES256/EdDSA public keys, chosen by `kid`.
    #[arg(long, env = "JWT_PUBLIC_KEYS", global = true)]
    pub jwt_public_keys: Option<PathBuf>,

    /// Secret from which citizens' tracking codes are derived (defaults to one derived from JWT_SECRET).
    #[arg(long, env = "TRACKING_SECRET", hide_env_values = true, global = true)]
    pub tracking_secret: Option<String>,

    /// Largest database pool (default: 16 for PostgreSQL, 8 for SQLite).
    #[arg(long, env = "DB_MAX_CONNECTIONS", global = true)]
    pub db_max_connections: Option<u32>,

    /// Seconds a request waits for a database connection (and a new connection may take)
    /// before failing with `INTERNAL`; short, so a database outage fails fast.
    #[arg(
        long,
        env = "DB_ACQUIRE_TIMEOUT_SECS",
        default_value_t = 3,
        global = true
    )]
    pub db_acquire_timeout_secs: u64,

    /// Time zone in which working days and deadlines are counted.
    #[arg(
        long,
        env = "BUREAU_TIMEZONE",
        default_value = "Asia/Shanghai",
        global = true
    )]
    pub bureau_timezone: chrono_tz::Tz,

    /// Seconds between runs of the escalation of overdue inquiries; 0 disables it on this process.
    #[arg(
        long,
        env = "ESCALATION_INTERVAL_SECS",
        default_value_t = 60,
        global = true
    )]
    pub escalation_interval_secs: u64,

    /// Seconds between checks for answer-library changes made by other server processes
    /// (keeps this process's search index current); 0 disables it on this process.
    #[arg(long, env = "SEARCH_POLL_SECS", default_value_t = 5, global = true)]
    pub search_poll_secs: u64,

    /// Lists count their matches (`totalCount`) up to this many, then report "this many or more"
    /// (`totalCountCapped`), so a count never scans millions of rows per request.
    #[arg(long, env = "TOTAL_COUNT_CAP", default_value_t = crate::service::inquiries::DEFAULT_COUNT_CAP,
        value_parser = clap::value_parser!(u64).range(1..), global = true)]
    pub total_count_cap: u64,

    /// How long a staff token's officer record may be reused without reading it again
    /// (milliseconds; 0: read on every request). Directory changes empty the cache at once in
    /// the process that made them and, through the outbox, in the others.
    #[arg(long, env = "OFFICER_CACHE_MS", default_value_t = 2000, global = true)]
    pub officer_cache_ms: u64,

    /// How long the event log (outbox) keeps events for subscribers resuming with `after`
    /// (seconds; default 7 days). A cursor older than that gets CURSOR_EXPIRED.
    #[arg(long, env = "EVENT_RETENTION_SECS", default_value_t = crate::realtime::retention::DEFAULT_RETENTION_SECS,
        value_parser = clap::value_parser!(u64).range(60..), global = true)]
    pub event_retention_secs: u64,

    /// Weights of the officer leaderboard score (monthly star), as
    /// `replies=20,onTime=25,satisfaction=25,attitude=15,quality=15`.
    #[arg(
        long,
        env = "STAR_WEIGHTS",
        default_value = "replies=20,onTime=25,satisfaction=25,attitude=15,quality=15",
        global = true
    )]
    pub star_weights: crate::service::reports::leaderboard::StarWeights,

    /// Minutes before a duty shift starts from which its officer may check in (0..720).
    #[arg(long, env = "ROTA_CHECKIN_EARLY_MINUTES", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(0..=720), global = true)]
    pub rota_checkin_early_minutes: u32,

    /// The morning duty slot, `HH:MM-HH:MM` in bureau local time; `rotaGaps` checks every
    /// day's morning and evening slot (the demo rota uses the defaults).
    #[arg(
        long,
        env = "ROTA_MORNING_SLOT",
        default_value = "08:00-12:00",
        global = true
    )]
    pub rota_morning_slot: DaySlot,

    /// The evening duty slot, `HH:MM-HH:MM` in bureau local time.
    #[arg(
        long,
        env = "ROTA_EVENING_SLOT",
        default_value = "18:00-22:00",
        global = true
    )]
    pub rota_evening_slot: DaySlot,

    /// Serve GraphiQL to browsers that ask for /graphql (`serve --demo` turns it on).
    #[arg(long, env = "GRAPHIQL", default_value_t = false, action = clap::ArgAction::Set, global = true)]
    pub graphiql: bool,

    /// Limits of `/graphql`, introspection and CORS (README: "Operations and security").
    #[command(flatten)]
    pub http: crate::http::HttpSettings,

    #[command(flatten)]
    pub webhooks: crate::service::webhooks::WebhookSettings,

    /// Log format: `text` or `json`.
    #[arg(long, env = "LOG_FORMAT", default_value = "text", global = true)]
    pub log_format: String,
}

impl Settings {
    /// True when the database is the embedded SQLite file.
    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }

    /// The duty rota's settings.
    pub fn rota(&self) -> RotaSettings {
        RotaSettings {
            checkin_early: chrono::Duration::minutes(i64::from(self.rota_checkin_early_minutes)),
            morning: self.rota_morning_slot,
            evening: self.rota_evening_slot,
            tz: self.bureau_timezone,
        }
    }
}
