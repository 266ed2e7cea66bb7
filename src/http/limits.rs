//! Protocol settings: request limits, introspection, CORS and trusted proxies. One struct so the limits that
//! protect `/graphql` are read, documented and defaulted in one place (README: "Operations and
//! security"); flattened into `Settings`, so each is a flag and an environment variable.

use std::time::Duration;

/// Default largest request body: 256 KB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 256 * 1024;
/// Default most operations in one JSON-array batch.
pub const DEFAULT_MAX_BATCH: usize = 10;
pub use crate::graphql::{DEFAULT_MAX_COMPLEXITY, DEFAULT_MAX_DEPTH, DEFAULT_MAX_DIRECTIVES};
/// Default most aliases per document (fragments expanded, `__typename` included).
pub const DEFAULT_MAX_ALIASES: usize = 30;
/// Default most lexical tokens per document.
pub const DEFAULT_MAX_TOKENS: usize = 3_000;
/// Default request timeout in seconds.
pub const DEFAULT_REQUEST_TIMEOUT_SECS: u64 = 10;
/// Default query cost a caller may spend per minute (complexity units).
pub const DEFAULT_RATE_LIMIT_COST_PER_MINUTE: u32 = 20_000;
/// Default cost a caller may spend at once before the per-minute rate applies.
pub const DEFAULT_RATE_LIMIT_BURST: u32 = 4_000;
/// Default submissions without a token per client address and hour.
pub const DEFAULT_ANONYMOUS_SUBMISSIONS_PER_HOUR: u32 = 10;
/// Default size of the automatic persisted query cache (documents).
pub const DEFAULT_APQ_CACHE_SIZE: usize = 1_000;

/// Who may introspect the schema (and see "Did you mean" suggestions, which leak field names).
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Introspection {
    /// Everyone (development; `serve --demo`).
    All,
    /// Callers with a staff token only (production default).
    #[default]
    Staff,
    /// Nobody.
    Off,
}

/// Limits and exposure of `/graphql`; defaults are the production ones.
#[derive(clap::Args, Clone, Debug)]
pub struct HttpSettings {
    /// Largest request body in bytes; larger ones get 413.
    #[arg(long, env = "MAX_BODY_BYTES", default_value_t = DEFAULT_MAX_BODY_BYTES, global = true)]
    pub max_body_bytes: usize,

    /// Most operations in one JSON-array batch; 0 refuses batches.
    #[arg(long, env = "MAX_BATCH", default_value_t = DEFAULT_MAX_BATCH, global = true)]
    pub max_batch: usize,

    /// Deepest selection nesting of an operation.
    #[arg(long, env = "MAX_DEPTH", default_value_t = DEFAULT_MAX_DEPTH, global = true)]
    pub max_depth: usize,

    /// Highest complexity: each field costs 1, a connection field costs `first` times its
    /// selection; also caps the number of field selections (with `__typename`) of a document.
    #[arg(long, env = "MAX_COMPLEXITY", default_value_t = DEFAULT_MAX_COMPLEXITY, global = true)]
    pub max_complexity: usize,

    /// Most aliases in a document, counted before validation with fragments expanded.
    #[arg(long, env = "MAX_ALIASES", default_value_t = DEFAULT_MAX_ALIASES, global = true)]
    pub max_aliases: usize,

    /// Most lexical tokens in a document, counted before parsing.
    #[arg(long, env = "MAX_TOKENS", default_value_t = DEFAULT_MAX_TOKENS, global = true)]
    pub max_tokens: usize,

    /// Most directives in a document, counted before validation with fragments expanded.
    #[arg(long, env = "MAX_DIRECTIVES", default_value_t = DEFAULT_MAX_DIRECTIVES, global = true)]
    pub max_directives: usize,

    /// Seconds a request may take, body upload included, before it is answered with an error.
    #[arg(long, env = "REQUEST_TIMEOUT_SECS", default_value_t = DEFAULT_REQUEST_TIMEOUT_SECS, global = true)]
    pub request_timeout_secs: u64,

    /// Who may introspect the schema and get field suggestions: `all`, `staff` or `off`.
    #[arg(long, env = "INTROSPECTION", value_enum, default_value_t = Introspection::Staff, global = true)]
    pub introspection: Introspection,

    /// Browser origins allowed to call the API cross-site (comma-separated, `*` for any);
    /// empty: no CORS headers, so browsers allow same-origin calls only.
    #[arg(
        long,
        env = "CORS_ALLOWED_ORIGINS",
        value_delimiter = ',',
        global = true
    )]
    pub cors_allowed_origins: Vec<String>,

    /// Query cost (complexity) each token subject, or each client address without a token,
    /// may spend per minute; 0 turns rate limiting off.
    #[arg(long, env = "RATE_LIMIT_COST_PER_MINUTE", default_value_t = DEFAULT_RATE_LIMIT_COST_PER_MINUTE, global = true)]
    pub rate_limit_cost_per_minute: u32,

    /// Cost that may be spent at once (the bucket size); at least the largest complexity,
    /// else the costliest queries could never pass.
    #[arg(long, env = "RATE_LIMIT_BURST", default_value_t = DEFAULT_RATE_LIMIT_BURST, global = true)]
    pub rate_limit_burst: u32,

    /// `submitInquiry` calls without a token per client address and hour (a burst of a third
    /// of it, at least 1); 0 turns this limit off.
    #[arg(long, env = "ANONYMOUS_SUBMISSIONS_PER_HOUR", default_value_t = DEFAULT_ANONYMOUS_SUBMISSIONS_PER_HOUR, global = true)]
    pub anonymous_submissions_per_hour: u32,

    /// JSON file of `{"<sha256 hex>": "<query>"}`: when set, only these documents run
    /// (by hash or by text) and automatic persisted queries are not learned.
    #[arg(long, env = "PERSISTED_QUERIES_FILE", global = true)]
    pub persisted_queries_file: Option<std::path::PathBuf>,

    /// Documents remembered for automatic persisted queries (Apollo APQ); 0 turns APQ off.
    #[arg(long, env = "APQ_CACHE_SIZE", default_value_t = DEFAULT_APQ_CACHE_SIZE, global = true)]
    pub apq_cache_size: usize,

    /// Reverse proxies (comma-separated addresses or CIDR networks) whose `X-Forwarded-For`
    /// (else `Forwarded: for=`) names the client for rate limits; empty: trust nobody, the
    /// connection's peer is the client.
    #[arg(long, env = "TRUSTED_PROXIES", default_value = "", global = true)]
    pub trusted_proxies: crate::http::client_addr::TrustedProxies,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_batch: DEFAULT_MAX_BATCH,
            max_depth: DEFAULT_MAX_DEPTH,
            max_complexity: DEFAULT_MAX_COMPLEXITY,
            max_aliases: DEFAULT_MAX_ALIASES,
            max_tokens: DEFAULT_MAX_TOKENS,
            max_directives: DEFAULT_MAX_DIRECTIVES,
            request_timeout_secs: DEFAULT_REQUEST_TIMEOUT_SECS,
            introspection: Introspection::Staff,
            cors_allowed_origins: Vec::new(),
            rate_limit_cost_per_minute: DEFAULT_RATE_LIMIT_COST_PER_MINUTE,
            rate_limit_burst: DEFAULT_RATE_LIMIT_BURST,
            anonymous_submissions_per_hour: DEFAULT_ANONYMOUS_SUBMISSIONS_PER_HOUR,
            persisted_queries_file: None,
            apq_cache_size: DEFAULT_APQ_CACHE_SIZE,
            trusted_proxies: Default::default(),
        }
    }
}

impl HttpSettings {
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    /// What the schema enforces during validation; `suggestions` as for
    /// [`crate::graphql::SchemaSettings::suggestions`].
    pub fn schema_settings(&self, suggestions: bool) -> crate::graphql::SchemaSettings {
        crate::graphql::SchemaSettings {
            max_depth: self.max_depth,
            max_complexity: self.max_complexity,
            max_directives: self.max_directives,
            suggestions,
        }
    }

    /// What the pre-validation counter enforces.
    pub fn document_limits(&self) -> crate::http::document_limits::DocumentLimits {
        crate::http::document_limits::DocumentLimits {
            max_tokens: self.max_tokens,
            max_aliases: self.max_aliases,
            max_directives: self.max_directives,
            max_fields: self.max_complexity,
        }
    }
}
