//! The `wenzheng` command: serve, migrate, seed, schema, token.

use clap::{Parser, Subcommand};
use entity::Role;
use migration::{Migrator, MigratorTrait};
use rand::{Rng, distr::Alphanumeric};

use crate::domain::districts::DistrictDirectory;
use crate::{
    app::{self, Application},
    auth::{
        KeySet,
        issue::{TokenRequest, issue},
    },
    config::Settings,
    db, graphql,
    http::graphiql::DemoToken,
    seed,
    service::reference::TrackingCodes,
};

/// wenzheng (問政): GraphQL API server for police and public-service online inquiry desks.
#[derive(Parser, Debug)]
#[command(name = "wenzheng", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Apply pending migrations and serve.
    Serve {
        /// Load the Zhaoqing demo data if the database is empty and print a token per role; also
        /// turns on GraphiQL and introspection for everyone (development only).
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending migrations.
    Migrate {
        /// Only list applied and pending migrations.
        #[arg(long)]
        status: bool,
    },
    /// Load data into an empty database: the bureau's structure, or with --demo also demo activity.
    Seed {
        #[arg(long)]
        demo: bool,
    },
    /// Print the GraphQL schema (SDL) to stdout.
    Schema,
    /// Print a JWT signed with JWT_SECRET (development and operations).
    Token {
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Comma-separated district codes, or `*` for all.
        #[arg(long, value_delimiter = ',')]
        districts: Vec<String>,
        /// Department id (UUID) the officer must belong to.
        #[arg(long)]
        department: Option<uuid::Uuid>,
        /// Subject: a badge number (staff) or an app account id (citizen).
        #[arg(long)]
        sub: Option<String>,
        /// Partner agency (PARTNER tokens).
        #[arg(long)]
        partner: Option<String>,
        /// Lifetime in seconds.
        #[arg(long, default_value_t = 3600)]
        ttl: u64,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    match s.to_ascii_uppercase().as_str() {
        "CITIZEN" => Ok(Role::Citizen),
        "PARTNER" => Ok(Role::Partner),
        "OFFICER" => Ok(Role::Officer),
        "SUPERVISOR" => Ok(Role::Supervisor),
        "ADMIN" => Ok(Role::Admin),
        other => Err(format!(
            "unknown role {other}: CITIZEN, PARTNER, OFFICER, SUPERVISOR or ADMIN"
        )),
    }
}

/// Runs one command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let mut settings = cli.settings;
    match cli.command {
        Command::Schema => {
            print!("{}", graphql::sdl());
            Ok(())
        }
        Command::Migrate { status } => {
            let (db, _) = db::connect(
                &settings.database_url,
                settings.db_max_connections,
                std::time::Duration::from_secs(settings.db_acquire_timeout_secs),
            )
            .await?;
            if status {
                for m in Migrator::get_migration_with_status(&db).await? {
                    println!("{:<10} {}", format!("{:?}", m.status()), m.name());
                }
            } else {
                Migrator::up(&db, None).await?;
                eprintln!("migrations applied");
            }
            Ok(())
        }
        Command::Seed { demo } => {
            let (db, _) = app::connect_and_migrate(&settings).await?;
            if !seed::is_empty(&db).await? {
                anyhow::bail!("the database already has data; seed only loads into an empty one");
            }
            if demo {
                let codes = TrackingCodes::new(&app::tracking_secret(&settings)?);
                let summary = seed::seed_demo(&db, &codes, settings.bureau_timezone).await?;
                eprintln!("demo data loaded: {summary:?}");
            } else {
                let summary = seed::seed_directory(&db).await?;
                eprintln!("directory loaded: {summary:?}");
            }
            Ok(())
        }
        Command::Token {
            role,
            districts,
            department,
            sub,
            partner,
            ttl,
        } => {
            let keys = KeySet::new(
                settings.jwt_secret.as_deref(),
                None,
                &settings.jwt_issuer,
                &settings.jwt_audience,
            )?
            .with_max_ttl(settings.max_token_ttl_secs);
            let (db, _) = db::connect(
                &settings.database_url,
                settings.db_max_connections,
                std::time::Duration::from_secs(settings.db_acquire_timeout_secs),
            )
            .await?;
            let directory = DistrictDirectory::load(&db).await?;
            let req = TokenRequest {
                role,
                districts,
                department,
                sub,
                partner,
                ttl_seconds: ttl,
            };
            let issued = issue(&db, &directory, &keys, req).await?;
            if let Some(o) = &issued.officer {
                eprintln!(
                    "token for officer {} ({}, badge {})",
                    o.real_name, o.duty_name, o.badge_number
                );
            }
            println!("{}", issued.token);
            Ok(())
        }
        Command::Serve { demo } => {
            if demo {
                // Development: GraphiQL and introspection for everyone.
                settings.graphiql = true;
                settings.http.introspection = crate::http::limits::Introspection::All;
            }
            if demo && settings.jwt_secret.is_none() && settings.jwt_public_keys.is_none() {
                let secret: String = rand::rng()
                    .sample_iter(&Alphanumeric)
                    .take(48)
                    .map(char::from)
                    .collect();
                eprintln!(
                    "JWT_SECRET was not set: generated one for this demo run:\n  export JWT_SECRET={secret}"
                );
                settings.jwt_secret = Some(secret);
            }
            let (db, counter) = app::connect_and_migrate(&settings).await?;
            if demo && seed::is_empty(&db).await? {
                let codes = TrackingCodes::new(&app::tracking_secret(&settings)?);
                let summary = seed::seed_demo(&db, &codes, settings.bureau_timezone).await?;
                eprintln!(
                    "demo data loaded: {} inquiries, {} replies, {} answer-library entries",
                    summary.inquiries, summary.replies, summary.answer_entries
                );
                for (reference, code) in summary.sample_tracking.iter().take(3) {
                    eprintln!("  track: reference {reference}, tracking code {code}");
                }
            }
            let application = Application::build(&settings, db, counter).await?;
            if demo {
                let tokens = print_demo_tokens(&application).await;
                // GraphiQL offers the same tokens (`/graphql/demo-tokens`, demo mode only).
                let _ = application.state.demo_tokens.set(tokens);
            }
            let addr = application.local_addr();
            tracing::info!(%addr, "wenzheng listening; GraphQL at http://{addr}/graphql");
            application.run_until(app::shutdown_signal()).await
        }
    }
}

/// Mints and prints a token per role; returns them for GraphiQL.
async fn print_demo_tokens(app: &Application) -> Vec<DemoToken> {
    let s = &app.state;
    let day = 24 * 3600;
    let requests = [
        (
            "ADMIN (whole city)",
            TokenRequest {
                role: Role::Admin,
                districts: vec![],
                department: None,
                sub: None,
                partner: None,
                ttl_seconds: day,
            },
        ),
        (
            "SUPERVISOR (Duanzhou 441202)",
            TokenRequest {
                role: Role::Supervisor,
                districts: vec!["441202".into()],
                department: None,
                sub: None,
                partner: None,
                ttl_seconds: day,
            },
        ),
        (
            "OFFICER (Duanzhou bureau)",
            TokenRequest {
                role: Role::Officer,
                districts: vec!["441202".into()],
                department: None,
                sub: None,
                partner: None,
                ttl_seconds: day,
            },
        ),
        (
            "PARTNER (12345 hotline)",
            TokenRequest {
                role: Role::Partner,
                districts: vec!["*".into()],
                department: None,
                sub: None,
                partner: Some("12345-hotline".into()),
                ttl_seconds: day,
            },
        ),
        (
            "CITIZEN (app-user-001)",
            TokenRequest {
                role: Role::Citizen,
                districts: vec![],
                department: None,
                sub: Some("app-user-001".into()),
                partner: None,
                ttl_seconds: day,
            },
        ),
    ];
    eprintln!("\ndemo tokens (valid 24 hours); use as: Authorization: Bearer <token>");
    let mut minted = Vec::new();
    for (label, req) in requests {
        match issue(&s.db, &s.directory, &s.keys, req).await {
            Ok(t) => {
                let who = t
                    .officer
                    .map(|o| format!(" — {} / {}", o.duty_name, o.badge_number))
                    .unwrap_or_default();
                eprintln!("\n{label}{who}:\n{}", t.token);
                minted.push(DemoToken {
                    label: format!("{label}{who}"),
                    token: t.token,
                });
            }
            Err(e) => eprintln!("\n{label}: could not mint ({e})"),
        }
    }
    eprintln!("GraphiQL offers these tokens in its token bar (demo mode only).\n");
    minted
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[test]
    fn tokens_live_at_most_a_day_unless_configured_otherwise() {
        let cli = Cli::try_parse_from(["wenzheng", "schema"]).unwrap();
        // The environment may set it; the flag wins over both.
        if std::env::var_os("MAX_TOKEN_TTL_SECS").is_none() {
            assert_eq!(cli.settings.max_token_ttl_secs, 86_400);
        }
        let cli = Cli::try_parse_from(["wenzheng", "--max-token-ttl-secs", "0", "schema"]).unwrap();
        assert_eq!(cli.settings.max_token_ttl_secs, 0);
    }
}
