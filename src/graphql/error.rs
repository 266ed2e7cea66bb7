//! How a use-case error reaches a GraphQL client: its stable `extensions.code`, the field
//! it concerns, and for internal failures only a correlation id (the details go to the log).

use async_graphql::ErrorExtensions;

use crate::error::AppError;

impl ErrorExtensions for AppError {
    fn extend(&self) -> async_graphql::Error {
        if self.is_internal() {
            // The request id when serving one, so the client's error matches the log line.
            let correlation_id =
                crate::telemetry::request_id().unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
            tracing::error!(%correlation_id, error = %self, "internal error");
            return async_graphql::Error::new("internal error").extend_with(|_, ext| {
                ext.set("code", "INTERNAL");
                ext.set("correlationId", correlation_id.clone());
            });
        }
        let code = self.code();
        async_graphql::Error::new(self.to_string()).extend_with(|_, ext| {
            ext.set("code", code);
            match self {
                Self::BadInput { field, .. } => ext.set("field", field.as_str()),
                Self::NotFoundIn { field, .. } => ext.set("field", *field),
                Self::StaleVersion { current, .. } => ext.set("currentVersion", *current),
                Self::CursorExpired { oldest } => ext.set("oldestCursor", oldest.as_str()),
                Self::SubscriptionEnded {
                    last_cursor: Some(cursor),
                    ..
                } => ext.set("lastCursor", cursor.as_str()),
                _ => {}
            }
        })
    }
}

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        err.extend()
    }
}
