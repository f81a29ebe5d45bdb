//! SQLite: the default store, one file under a data directory.
//!
//! WAL journal with `synchronous = NORMAL`: a commit is durable against a crash of the
//! process (`kill -9`) without an fsync per transaction; only a power loss can take the
//! last commits back. Group commit (see `write`) makes each transaction carry many tasks.

use std::path::Path;
use std::str::FromStr;
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
            .busy_timeout(Duration::from_secs(10));
        if let Some(dir) = Path::new(options.get_filename()).parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError(format!("cannot create {}: {e}", dir.display())))?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(CONNECTIONS)
            .connect_with(options)
            .await
            .map_err(|e| StoreError(format!("cannot open {url}: {e}")))?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&pool)
            .await
            .map_err(|e| StoreError(format!("{url}: migrating: {e}")))?;
        Ok(Self::new(pool))
    }
}
