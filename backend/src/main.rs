//! The `kehto` binary: parses the command line, sets up logging and runs a subcommand.

use clap::Parser;
use kehto_backend::cli::{Cli, Command, LogFormat};
use kehto_backend::{demo, server};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter = EnvFilter::try_new(&cli.global.log).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match cli.global.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
    match &cli.command {
        Command::Serve(args) => server::serve(&cli.global, args).await,
        Command::Migrate => {
            std::fs::create_dir_all(&cli.global.data_dir)?;
            server::open_database(&cli.global.database_url(), 2).await?;
            println!("Migrations applied.");
            Ok(())
        }
        Command::SeedDemo => demo::seed_demo(&cli.global).await,
        Command::CreateAdmin(args) => server::create_admin(&cli.global, args).await,
        Command::SeedBench { challenges } => demo::seed_bench(&cli.global, *challenges).await,
        Command::BenchMatching {
            orgs,
            challenges,
            samples,
        } => kehto_backend::bench_matching::run(&cli.global, *orgs, *challenges, *samples).await,
    }
}
