//! SQLite: the default store, one file under a data directory.
//!
//! WAL journal with `synchronous = NORMAL`: a commit is durable against a crash of the
//! process (`kill -9`) without an fsync per transaction; only a power loss can take the
//! last commits back. Group commit (see `write`) makes each transaction carry many tasks.

use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Weak};
use std::time::Duration;

use sqlx::Sqlite;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::sql::SqlBackend;
use crate::StoreError;

/// The SQLite backend.
pub type SqliteBackend = SqlBackend<Sqlite>;

/// Connections: one writer at a time (SQLite's rule) and readers beside it (WAL).
const CONNECTIONS: u32 = 4;

impl SqlBackend<Sqlite> {
    /// Opens (creating it and its directory if needed) the database at `url`
    /// (`sqlite://path/to/file.db`) and runs the migrations in `migrations/sqlite`.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError(format!("{url}: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            // No checkpoint inside a commit: `checkpoints` runs them beside the writer.
            .pragma("wal_autocheckpoint", "0")
            .busy_timeout(Duration::from_secs(10));
        if let Some(dir) = Path::new(options.get_filename()).parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError(format!("cannot create {}: {e}", dir.display())))?;
        }
        // A local file needs no liveness check before each use: that would cost every
        // commit one more trip to the connection's thread.
        let pool = SqlitePoolOptions::new()
            .max_connections(CONNECTIONS)
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map_err(|e| StoreError(format!("cannot open {url}: {e}")))?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&pool)
            .await
            .map_err(|e| StoreError(format!("{url}: migrating: {e}")))?;
        let backend = Self::new(pool.clone());
        tokio::spawn(checkpoints(pool, Arc::downgrade(&backend.alive)));
        Ok(backend)
    }
}

/// How often the log is copied into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);

/// Copies the write-ahead log into the database now and then, on a connection of its own,
/// for as long as the backend lives. SQLite would otherwise checkpoint inside the commit
/// that fills 4 MiB of log, and that commit (with every client waiting on it) would wait
/// for the copy and its fsync: on the benchmark, a third of SQLite's throughput. A passive
/// checkpoint never blocks the writer; the log starts over once one has caught up.
async fn checkpoints(pool: sqlx::SqlitePool, alive: Weak<()>) {
    while alive.upgrade().is_some() {
        tokio::time::sleep(CHECKPOINT_EVERY).await;
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await
        {
            tracing::warn!(error = %e, "SQLite checkpoint failed");
        }
    }
}
