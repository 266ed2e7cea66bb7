//! Why the HTTP layer turns an operation away before running it: a use-case error it met
//! on the way (a bad token, a malformed body) or one of the transport's own limits, which
//! only this layer knows about and which therefore do not belong in [`AppError`].

use async_graphql::ErrorExtensions;

use crate::error::AppError;

/// A refusal at the edge, rendered with the same `extensions.code` contract as GraphQL errors.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("rate limit exceeded")]
    RateLimited { retry_after_secs: u64 },
    /// A document over a size, depth or cost limit, or a request that outlived its timeout.
    #[error("{0}")]
    QueryTooComplex(String),
    /// An APQ hash this server does not know: the client resends the document (Apollo protocol).
    #[error("PersistedQueryNotFound")]
    PersistedQueryNotFound,
    #[error("PersistedQueryNotSupported")]
    PersistedQueryNotSupported,
}

impl Refusal {
    /// The `extensions.code` clients switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::App(e) => e.code(),
            Self::RateLimited { .. } => "RATE_LIMITED",
            Self::QueryTooComplex(_) => "QUERY_TOO_COMPLEX",
            Self::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            Self::PersistedQueryNotSupported => "PERSISTED_QUERY_NOT_SUPPORTED",
        }
    }

    /// Seconds a rate-limited client waits before retrying.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }

    /// A refusal of the caller's right (not of the request's shape).
    pub fn is_forbidden(&self) -> bool {
        matches!(self, Self::App(AppError::Forbidden(_)))
    }
}

impl ErrorExtensions for Refusal {
    fn extend(&self) -> async_graphql::Error {
        if let Self::App(err) = self {
            return err.extend();
        }
        let code = self.code();
        async_graphql::Error::new(self.to_string()).extend_with(|_, ext| {
            ext.set("code", code);
            if let Some(secs) = self.retry_after() {
                ext.set("retryAfter", secs);
            }
        })
    }
}
