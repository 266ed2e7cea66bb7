//! `spawn_app`: a real server on port 0 over a fresh database.

use std::net::SocketAddr;

use entity::Role;
use serde_json::{Value, json};
use wenzheng::{
    app::{self, AppState, Application},
    auth::issue::{TokenRequest, issue},
    config::Settings,
    seed,
};

pub const TEST_SECRET: &str = "test-secret-that-is-at-least-32-bytes-long!";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs a test body once per backend: `both_backends!(name, |app| async move { ... });`
/// gives `name::sqlite` and `name::postgres` (the latter skipped without `TEST_DATABASE_URL`,
/// or failing without it under `CI=true` or `REQUIRE_TEST_DATABASE`).
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite)
                    .await
                    .expect("spawn");
                ($body)(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                match $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await {
                    Some(app) => ($body)(app).await,
                    None => eprintln!("skipped: set TEST_DATABASE_URL to run the PostgreSQL half"),
                }
            }
        }
    };
}

/// Like `both_backends!`, with settings changed first:
/// `both_backends_with!(name, |s: &mut Settings| { ... }, |app| async move { ... });`.
#[macro_export]
macro_rules! both_backends_with {
    ($name:ident, $tweak:expr, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::helpers::spawn_app_with($crate::helpers::Backend::Sqlite, $tweak)
                    .await
                    .expect("spawn");
                ($body)(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                match $crate::helpers::spawn_app_with($crate::helpers::Backend::Postgres, $tweak)
                    .await
                {
                    Some(app) => ($body)(app).await,
                    None => eprintln!("skipped: set TEST_DATABASE_URL to run the PostgreSQL half"),
                }
            }
        }
    };
}

/// A running server and what a test needs to talk to it.
pub struct TestApp {
    pub addr: SocketAddr,
    pub state: AppState,
    pub http: reqwest::Client,
    #[allow(dead_code)]
    pub backend: Backend,
    /// The database this server runs on (a second server may share it).
    #[allow(dead_code)]
    pub database_url: String,
    /// Dropping it (with the `TestApp`) stops the server; `shut_down` sends it.
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _guard: DbGuard,
}

/// Removes the test's database when the test ends, even if it failed.
enum DbGuard {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    /// A second server on another's database: the first one removes it.
    Shared,
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl Drop for DbGuard {
    fn drop(&mut self) {
        if let DbGuard::Postgres { admin_url, name } = self {
            let (url, name) = (admin_url.clone(), name.clone());
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                rt.block_on(async {
                    use sea_orm::ConnectionTrait;
                    let db = sea_orm::Database::connect(&url).await.ok()?;
                    db.execute_unprepared(&format!(
                        "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                    ))
                    .await
                    .ok()
                })
            })
            .join();
        }
    }
}

pub fn settings(url: &str) -> Settings {
    Settings {
        database_url: url.to_owned(),
        bind: "127.0.0.1:0".parse().unwrap(),
        jwt_secret: Some(TEST_SECRET.to_owned()),
        jwt_issuer: "wenzheng".into(),
        jwt_audience: "wenzheng".into(),
        jwt_public_keys: None,
        max_token_ttl_secs: 86_400,
        tracking_secret: None,
        db_max_connections: None,
        db_acquire_timeout_secs: 3,
        bureau_timezone: chrono_tz::Asia::Shanghai,
        escalation_interval_secs: 0,
        search_poll_secs: 0,
        star_weights: Default::default(),
        total_count_cap: wenzheng::service::inquiries::DEFAULT_COUNT_CAP,
        officer_cache_ms: 2000,
        event_retention_secs: wenzheng::realtime::retention::DEFAULT_RETENTION_SECS,
        graphiql: true,
        // Rate limits off: tests send many requests from one address; `operations.rs` turns them on.
        http: wenzheng::http::HttpSettings {
            rate_limit_cost_per_minute: 0,
            anonymous_submissions_per_hour: 0,
            ..Default::default()
        },
        // Off by default: a background dispatcher would add statements to the counts
        // other tests take; the webhook tests switch it on.
        webhooks: wenzheng::service::webhooks::WebhookSettings {
            webhook_poll_ms: 0,
            webhook_retry_base_ms: 100,
            webhook_max_backoff_secs: 1,
            webhook_give_up_hours: 1,
            webhook_timeout_secs: 2,
        },
        log_format: "text".into(),
        rota_checkin_early_minutes: 30,
        rota_morning_slot: "08:00-12:00".parse().unwrap(),
        rota_evening_slot: "18:00-22:00".parse().unwrap(),
    }
}

/// Starts the server on a fresh database with the bureau's directory loaded.
/// `None` for PostgreSQL when `TEST_DATABASE_URL` is not set.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |_: &mut Settings| {}).await
}

/// `spawn_app` with settings changed by `tweak` before the server starts.
pub async fn spawn_app_with(
    backend: Backend,
    tweak: impl FnOnce(&mut Settings),
) -> Option<TestApp> {
    // `RUST_LOG=wenzheng=debug cargo test ... -- --nocapture` shows the servers' logs.
    if std::env::var_os("RUST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
    }
    let (url, guard) = match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("tempdir");
            (
                format!("sqlite://{}/wenzheng.db", dir.path().display()),
                DbGuard::Sqlite(dir),
            )
        }
        Backend::Postgres => {
            let admin_url = match std::env::var("TEST_DATABASE_URL") {
                Ok(url) => url,
                // In CI a missing database fails, never skips: a green run there has
                // covered PostgreSQL.
                Err(_) => match postgres_required() {
                    Some(why) => panic!("{why} but TEST_DATABASE_URL is not"),
                    None => return None,
                },
            };
            let name = format!("wenzheng_test_{}", uuid::Uuid::now_v7().simple());
            {
                use sea_orm::ConnectionTrait;
                let admin = sea_orm::Database::connect(&admin_url)
                    .await
                    .expect("TEST_DATABASE_URL reachable");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("create database");
                admin.close().await.ok();
            }
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b.to_owned())
                .unwrap_or(admin_url.clone());
            (
                format!("{base}/{name}"),
                DbGuard::Postgres { admin_url, name },
            )
        }
    };
    let mut settings = settings(&url);
    tweak(&mut settings);
    let (db, counter) = app::connect_and_migrate(&settings).await.expect("migrate");
    seed::seed_directory(&db).await.expect("seed directory");
    Some(serve(settings, db, counter, backend, guard).await)
}

/// Why the PostgreSQL half must run, if it must: `REQUIRE_TEST_DATABASE` is set (as
/// `.ci/run` does), or `CI` is `true` or `1` (as CI systems set it).
fn postgres_required() -> Option<&'static str> {
    if std::env::var_os("REQUIRE_TEST_DATABASE").is_some() {
        return Some("REQUIRE_TEST_DATABASE is set");
    }
    let ci = std::env::var("CI").unwrap_or_default();
    (ci.eq_ignore_ascii_case("true") || ci == "1").then_some("CI is set")
}

/// A second server process over the same database as `first` (as several stateless
/// servers share one PostgreSQL in production).
#[allow(dead_code)]
pub async fn spawn_app_on(first: &TestApp) -> TestApp {
    let settings = settings(&first.database_url);
    let (db, counter) = app::connect_and_migrate(&settings).await.expect("migrate");
    serve(settings, db, counter, first.backend, DbGuard::Shared).await
}

async fn serve(
    settings: Settings,
    db: sea_orm::DatabaseConnection,
    counter: wenzheng::db::StatementCounter,
    backend: Backend,
    guard: DbGuard,
) -> TestApp {
    let application = Application::build(&settings, db, counter)
        .await
        .expect("build");
    let addr = application.local_addr();
    let state = application.state.clone();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(application.run_until(async move {
        let _ = rx.await;
    }));
    TestApp {
        addr,
        state,
        http: reqwest::Client::new(),
        backend,
        database_url: settings.database_url,
        shutdown: Some(tx),
        server: Some(server),
        _guard: guard,
    }
}

impl TestApp {
    /// Asks the server to stop, as SIGTERM does, and hands back its task, which ends once
    /// shutdown is complete.
    #[allow(dead_code)]
    pub fn shut_down(&mut self) -> tokio::task::JoinHandle<anyhow::Result<()>> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.server
            .take()
            .expect("the server is shut down only once")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Mints a token: staff roles pick an active officer of the districts.
    pub async fn token(&self, role: Role, districts: &[&str]) -> String {
        self.token_with(TokenRequest {
            role,
            districts: districts.iter().map(|s| s.to_string()).collect(),
            department: None,
            sub: None,
            partner: (role == Role::Partner).then(|| "12345-hotline".to_string()),
            ttl_seconds: 600,
        })
        .await
    }

    /// Sends `{ __typename }` with `token`, so the officer behind it is freshly cached
    /// (`OFFICER_CACHE_MS`): a statement count taken right after does not depend on whether
    /// the cache expired during a slow earlier step.
    pub async fn refresh_officer_cache(&self, token: &str) {
        let body = self.gql(Some(token), "{ __typename }", json!({})).await;
        assert!(body.get("errors").is_none(), "{body}");
    }

    pub async fn token_with(&self, req: TokenRequest) -> String {
        issue(&self.state.db, &self.state.directory, &self.state.keys, req)
            .await
            .expect("token")
            .token
    }

    /// POSTs a GraphQL operation; returns the HTTP status and JSON body.
    pub async fn gql_status(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (u16, Value) {
        let mut req = self
            .http
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status().as_u16();
        (status, resp.json().await.expect("json body"))
    }

    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        self.gql_status(token, query, variables).await.1
    }

    /// Submits an inquiry as `token` (or anonymously) in `district`; returns the payload.
    pub async fn submit(&self, token: Option<&str>, district: &str, subject: &str) -> Value {
        let body = self
            .gql(
                token,
                SUBMIT,
                json!({ "input": {
                    "kind": "CONSULTATION", "channel": "MOBILE_APP", "subject": subject,
                    "body": format!("{subject}，请问需要准备什么材料？"), "districtCode": district,
                    "citizenName": "陈小明", "citizenPhone": "13812345678"
                }}),
            )
            .await;
        assert!(body.get("errors").is_none(), "submit failed: {body}");
        body["data"]["submitInquiry"].clone()
    }

    /// Puts an inquiry into a department's hands directly in the database (the assignment
    /// mutation belongs to the lifecycle; scoping tests only need the state).
    pub async fn assign_in_db(
        &self,
        inquiry_uuid: uuid::Uuid,
        department: uuid::Uuid,
        officer: Option<uuid::Uuid>,
    ) {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
        let row = entity::inquiry::Entity::find_by_id(inquiry_uuid)
            .one(&self.state.db)
            .await
            .unwrap()
            .unwrap();
        let mut m: entity::inquiry::ActiveModel = row.into();
        m.department_id = Set(Some(department));
        m.officer_id = Set(officer);
        m.status = Set(entity::InquiryStatus::Assigned);
        m.update(&self.state.db).await.unwrap();
    }

    /// The bureau of a county district (the department in that district).
    pub async fn bureau_of(&self, code: &str) -> entity::department::Model {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let district = self.state.directory.by_code(code).unwrap().id;
        entity::department::Entity::find()
            .filter(entity::department::Column::DistrictId.eq(district))
            .filter(entity::department::Column::Kind.eq(entity::DepartmentKind::DistrictBureau))
            .one(&self.state.db)
            .await
            .unwrap()
            .unwrap()
    }
}

pub const SUBMIT: &str = r#"
mutation Submit($input: SubmitInquiryInput!) {
  submitInquiry(input: $input) { trackingCode inquiry { id reference status dueAt district { code } } }
}"#;

/// The global id of the `kind` object `id` (`gid("Department", bureau.id)`), as the server
/// issues them. Written out here rather than borrowed from the server, so the tests pin the
/// format clients hold: `base64("Type:uuid")`.
pub fn gid(kind: &str, id: uuid::Uuid) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(format!("{kind}:{id}"))
}

/// The uuid inside a global id: the inverse of [`gid`].
pub fn uuid_of(global_id: &str) -> uuid::Uuid {
    use base64::Engine;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(global_id)
        .unwrap_or_else(|_| panic!("not a global id: {global_id}"));
    let raw = String::from_utf8(raw).unwrap();
    raw.split_once(':').unwrap().1.parse().unwrap()
}

/// The `extensions.code` of the first error.
pub fn error_code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<none>")
}

/// The code a refusal of a staff-only operation carries: `UNAUTHENTICATED` without a
/// token, `FORBIDDEN` for any valid token without the role.
pub fn refused_code(token: Option<&str>) -> &'static str {
    if token.is_none() {
        "UNAUTHENTICATED"
    } else {
        "FORBIDDEN"
    }
}
