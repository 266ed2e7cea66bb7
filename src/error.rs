//! The error of the domain and the use cases, with the stable `extensions.code` each
//! variant maps to. It knows no transport: `graphql::error` renders it for GraphQL
//! clients, `http::refusal` adds the HTTP layer's own refusals, `open311::errors` maps it
//! to Open311 status codes. Internal failures reach a client only as a correlation id.

use sea_orm::DbErr;

/// Everything a use case can refuse or fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    /// An id in one input field names nothing the caller may see: absent and out of scope
    /// answer alike, with the field (`extensions.field`) so a client knows which id.
    #[error("{field}: {what} not found")]
    NotFoundIn {
        field: &'static str,
        what: &'static str,
    },
    #[error("{field}: {message}")]
    BadInput { field: String, message: String },
    #[error("{0}")]
    Conflict(String),
    /// The caller's `expectedVersion` is not the current one: someone saved meanwhile. The
    /// current version goes to the client (`extensions.currentVersion`), so a form can
    /// reload and show what changed.
    #[error("the {what} changed meanwhile (now version {current}); reload and retry")]
    StaleVersion { what: &'static str, current: i32 },
    #[error("{0}")]
    InvalidTransition(String),
    /// An event cursor older than the retention window: what followed it is gone, so
    /// the client refetches its state and subscribes again without `after`.
    #[error(
        "the events after this cursor are no longer kept; refetch and subscribe without `after`"
    )]
    CursorExpired { oldest: String },
    /// A subscription the server ended, with the last cursor it delivered so the client
    /// resumes with `after`.
    #[error("{message}")]
    SubscriptionEnded {
        message: String,
        last_cursor: Option<String>,
    },
    #[error("database error: {0}")]
    Database(#[from] DbErr),
    #[error("{0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// Shorthand for a refusal of one input field.
    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::BadInput {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The `extensions.code` clients switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::NotFound(_) | Self::NotFoundIn { .. } => "NOT_FOUND",
            Self::BadInput { .. } => "BAD_USER_INPUT",
            Self::Conflict(_) | Self::StaleVersion { .. } => "CONFLICT",
            Self::InvalidTransition(_) => "INVALID_TRANSITION",
            Self::CursorExpired { .. } => "CURSOR_EXPIRED",
            Self::SubscriptionEnded { .. } => "SUBSCRIPTION_ENDED",
            Self::Database(_) | Self::Internal(_) => "INTERNAL",
        }
    }

    /// True for failures whose details must stay in the server log.
    pub fn is_internal(&self) -> bool {
        matches!(self, Self::Database(_) | Self::Internal(_))
    }
}

/// True when the database refused a row because of a unique constraint.
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}
