//! PostgreSQL: the store for hosts that share one database (`postgres://…`).
//!
//! Migrations take PostgreSQL's advisory lock, so hosts starting together migrate once.
//! No TLS is compiled in: the URL must reach the server over loopback or a trusted network
//! (see the README for a remote database).

use std::time::Duration;

use sqlx::Postgres;
use sqlx::postgres::PgPoolOptions;

use super::open::redact;
use super::sql::SqlBackend;
use crate::StoreError;

/// The PostgreSQL backend.
pub type PostgresBackend = SqlBackend<Postgres>;

/// Connections in the pool: the writer, readers, and room for a burst of list queries.
const CONNECTIONS: u32 = 8;

impl SqlBackend<Postgres> {
    /// Connects to `url` and runs the migrations in `migrations/postgres`.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(CONNECTIONS)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(|e| StoreError(format!("cannot connect to {}: {e}", redact(url))))?;
        sqlx::migrate!("./migrations/postgres")
            .run(&pool)
            .await
            .map_err(|e| StoreError(format!("{}: migrating: {e}", redact(url))))?;
        Ok(Self::new(pool))
    }
}
