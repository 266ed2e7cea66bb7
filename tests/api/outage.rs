//! A PostgreSQL outage under a running server: `/readyz` turns 503, requests fail fast with
//! `INTERNAL`, and service resumes by itself when the database is back. The test runs its own
//! PostgreSQL (initdb into a temp dir, `pg_ctl` on a free port) so it can stop it safely; it is
//! skipped, with a message, where that is impossible.

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::{Duration, Instant},
};

use serde_json::{Value, json};
use wenzheng::{
    app::{self, Application},
    seed,
};

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

/// Reads the database: the calendar is public and not cached.
const CALENDAR: &str = r#"{ calendar(from: "2026-10-01", to: "2026-10-02") { date working } }"#;

/// A private PostgreSQL cluster, stopped and removed on drop.
struct Cluster {
    dir: tempfile::TempDir,
    port: u16,
    as_postgres: bool,
}

impl Cluster {
    fn run(&self, args: &[&str]) -> bool {
        let pg_ctl = format!("{PG_BIN}/pg_ctl");
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--", &pg_ctl]);
            c
        } else {
            Command::new(&pg_ctl)
        };
        cmd.args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn start(&self) -> bool {
        let data = self.data();
        let opts = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {}",
            self.port,
            self.dir.path().display()
        );
        self.run(&[
            "-D",
            data.to_str().unwrap_or_default(),
            "-o",
            &opts,
            "-l",
            &self.dir.path().join("log").display().to_string(),
            "-w",
            "start",
        ])
    }

    fn stop(&self) -> bool {
        let data = self.data();
        self.run(&[
            "-D",
            data.to_str().unwrap_or_default(),
            "-m",
            "fast",
            "-w",
            "stop",
        ])
    }

    /// Creates and starts a cluster, or says why it cannot.
    fn create() -> Result<Self, String> {
        if !Path::new(PG_BIN).join("initdb").exists() {
            return Err(format!("no PostgreSQL binaries under {PG_BIN}"));
        }
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        if root {
            let owned = Command::new("chown")
                .args(["postgres:postgres", &dir.path().display().to_string()])
                .status()
                .is_ok_and(|s| s.success());
            if !owned {
                return Err("running as root without a `postgres` user".into());
            }
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let cluster = Self {
            dir,
            port,
            as_postgres: root,
        };
        let initdb = format!("{PG_BIN}/initdb");
        let data = cluster.data().display().to_string();
        let args = ["-D", &data, "-A", "trust", "-U", "postgres", "--no-sync"];
        let mut cmd = if root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--", &initdb]);
            c
        } else {
            Command::new(&initdb)
        };
        let ok = cmd
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return Err("initdb failed".into());
        }
        if !cluster.start() {
            return Err("pg_ctl start failed".into());
        }
        Ok(cluster)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn calendar(http: &reqwest::Client, url: &str) -> Value {
    http.post(url)
        .json(&json!({ "query": CALENDAR }))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_outage_fails_fast_and_service_resumes_by_itself() {
    let cluster = match Cluster::create() {
        Ok(c) => c,
        Err(why) => {
            eprintln!("skipped: cannot run a private PostgreSQL: {why}");
            return;
        }
    };
    let url = format!("postgres://postgres@127.0.0.1:{}/postgres", cluster.port);
    let mut settings = crate::helpers::settings(&url);
    settings.db_acquire_timeout_secs = 2;
    let (db, counter) = app::connect_and_migrate(&settings).await.expect("migrate");
    seed::seed_directory(&db).await.expect("seed");
    let application = Application::build(&settings, db, counter)
        .await
        .expect("build");
    let addr = application.local_addr();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(application.run_until(async move {
        let _ = rx.await;
    }));
    let http = reqwest::Client::new();
    let gql = format!("http://{addr}/graphql");
    let ready = format!("http://{addr}/readyz");

    let body = calendar(&http, &gql).await;
    assert_eq!(body["data"]["calendar"][0]["working"], false, "{body}");
    assert_eq!(http.get(&ready).send().await.unwrap().status(), 200);

    assert!(cluster.stop(), "pg_ctl stop");
    let started = Instant::now();
    assert_eq!(http.get(&ready).send().await.unwrap().status(), 503);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "readyz took {:?}",
        started.elapsed()
    );
    for _ in 0..3 {
        let started = Instant::now();
        let body = calendar(&http, &gql).await;
        assert_eq!(crate::helpers::error_code(&body), "INTERNAL", "{body}");
        assert!(body["errors"][0]["extensions"]["requestId"].is_string());
        assert!(
            started.elapsed() < Duration::from_secs(6),
            "failing took {:?}",
            started.elapsed()
        );
    }

    assert!(cluster.start(), "pg_ctl start");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let body = calendar(&http, &gql).await;
        let ready_now = http.get(&ready).send().await.unwrap().status() == 200;
        if ready_now && body["data"]["calendar"][0]["working"] == false {
            break;
        }
        assert!(Instant::now() < deadline, "no recovery: {body}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let _ = tx.send(());
    server.await.expect("server task").expect("served");
}
