//! Test support (feature `testing`): the backends every store test runs against, and a
//! database of its own on the test PostgreSQL server for each test that wants one.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::Connection;

use crate::store::{Backend, MemoryBackend, PostgresBackend, SqliteBackend};

/// The PostgreSQL server the tests use, as `SKILLHOST_TEST_POSTGRES` names it (scripts/test
/// sets it, starting a throwaway server when the machine has none), else the project
/// machines' server on 127.0.0.1:5432.
pub fn postgres_server() -> String {
    std::env::var("SKILLHOST_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A new database on the test server, for one test: its URL. Databases of earlier runs
/// whose process is gone are dropped first. Panics (the test fails) without a server.
pub async fn postgres_url() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let server = postgres_server();
    let mut conn = sqlx::PgConnection::connect(&server)
        .await
        .unwrap_or_else(|e| {
            panic!(
                "no PostgreSQL server at {server} ({e}): run the tests through scripts/test, which \
             starts one, or set SKILLHOST_TEST_POSTGRES"
            )
        });
    // Once per process: every test would otherwise drop the same databases again.
    static SWEPT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if !SWEPT.swap(true, Ordering::Relaxed) {
        drop_stale(&mut conn).await;
    }
    let name = format!(
        "skillhost_test_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("cannot create database {name}: {e}"));
    let base = server.rsplit_once('/').map_or(server.as_str(), |(b, _)| b);
    format!("{base}/{name}")
}

async fn drop_stale(conn: &mut sqlx::PgConnection) {
    let q = "SELECT datname FROM pg_database WHERE datname LIKE 'skillhost_test_%'";
    let names: Vec<(String,)> = sqlx::query_as(q)
        .fetch_all(&mut *conn)
        .await
        .unwrap_or_default();
    for (name,) in names {
        let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| std::path::Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut *conn)
                .await;
        }
    }
}

/// One backend under test; [`Db::backend`] opens it again, as a restarted host would.
pub struct Db {
    /// `memory`, `sqlite` or `postgres`.
    pub name: &'static str,
    url: String,
    memory: Arc<MemoryBackend>,
    _dir: Option<tempfile::TempDir>,
}

impl Db {
    /// The backend, opened anew (the memory one is the same instance: it is the process).
    pub async fn backend(&self) -> Arc<dyn Backend> {
        match self.name {
            "memory" => self.memory.clone(),
            "sqlite" => Arc::new(SqliteBackend::open(&self.url).await.expect("sqlite")),
            _ => Arc::new(PostgresBackend::open(&self.url).await.expect("postgres")),
        }
    }
}

/// Memory, a new SQLite file and a new PostgreSQL database.
pub async fn databases() -> Vec<Db> {
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = format!("sqlite://{}/tasks.db", dir.path().display());
    let memory = Arc::new(MemoryBackend::new());
    vec![
        Db {
            name: "memory",
            url: String::new(),
            memory: memory.clone(),
            _dir: None,
        },
        Db {
            name: "sqlite",
            url: sqlite,
            memory: memory.clone(),
            _dir: Some(dir),
        },
        Db {
            name: "postgres",
            url: postgres_url().await,
            memory,
            _dir: None,
        },
    ]
}
