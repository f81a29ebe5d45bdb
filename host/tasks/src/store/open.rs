//! [`open`]: a backend from the `[store] url` setting.

use std::sync::Arc;

use super::backend::Backend;
use super::{MemoryBackend, PostgresBackend, SqliteBackend};
use crate::StoreError;

/// Opens the backend a URL names: `memory` (nothing survives a restart), `sqlite://PATH`
/// (a file, created with its directory) or `postgres://USER@HOST:PORT/DB`.
pub async fn open(url: &str) -> Result<Arc<dyn Backend>, StoreError> {
    if url == "memory" {
        return Ok(Arc::new(MemoryBackend::new()));
    }
    if url.starts_with("sqlite:") {
        return Ok(Arc::new(SqliteBackend::open(url).await?));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Arc::new(PostgresBackend::open(url).await?));
    }
    Err(StoreError(format!(
        "store url {url:?}: expected memory, sqlite://PATH or postgres://…"
    )))
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{user}{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}
