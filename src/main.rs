//! Thin entry point: configuration → telemetry → command.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;

fn main() -> anyhow::Result<()> {
    let cli = wenzheng::cli::Cli::parse();
    wenzheng::telemetry::init(&cli.settings.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(wenzheng::cli::run(cli))
}
