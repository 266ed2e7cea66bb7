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
