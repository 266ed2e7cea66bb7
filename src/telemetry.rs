//! Logging: human-readable text by default, JSON lines with `LOG_FORMAT=json`.

use tracing_subscriber::{EnvFilter, fmt};

/// Installs the global subscriber (`RUST_LOG` overrides the default level).
pub fn init(format: &str) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being served on this task, if any: errors and log lines carry it
/// so a client's complaint can be matched with the server log. Set by the HTTP layer with
/// [`with_request_id`]; read by whichever layer reports an error.
pub fn request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// Runs `work` with `id` as the current request id.
pub async fn with_request_id<F: std::future::Future>(id: String, work: F) -> F::Output {
    REQUEST_ID.scope(id, work).await
}
