//! [`SqlBackend`]: the one implementation of [`Backend`] over SQL, for SQLite and PostgreSQL
//! alike. The two schemas (`migrations/sqlite`, `migrations/postgres`) have the same tables
//! and columns, and every statement here is plain SQL both accept; only placeholders differ,
//! and sqlx's query builder writes those.
//!
//! A commit is one transaction of at most three statements per 300 writes or so: a
//! multi-row insert of the records, a multi-row upsert of the tasks' rows (a row never
//! replaces a newer one), and the deletes.

use std::collections::HashMap;
use std::sync::Arc;

use futures::future::{BoxFuture, FutureExt};
use skillhost_types::TaskState;
use sqlx::{Database, Pool, QueryBuilder};

use super::backend::{Backend, Class, ListFilter, ListPage, Records, Row, Write};
use super::record::Record;
use crate::StoreError;

/// Rows per multi-row statement: well under SQLite's 32 766 bound variables.
const CHUNK: usize = 300;

/// Columns of `tasks`, in the order rows are bound.
const TASK_COLUMNS: &str =
    "id, context_id, skill_id, owner, component, state, status_at, created_at, seq, bytes";

/// A backend over a SQL database.
pub struct SqlBackend<DB: Database> {
    pub(super) pool: Pool<DB>,
    /// Lets tasks that serve the backend (SQLite's checkpoints) know it is still in use.
    pub(super) alive: Arc<()>,
}

pub(super) fn failed(e: impl std::fmt::Display) -> StoreError {
    StoreError(e.to_string())
}

fn state_name(s: TaskState) -> String {
    s.name().to_string()
}

fn class_states(class: Class) -> &'static [TaskState] {
    match class {
        Class::Finished => &[
            TaskState::Completed,
            TaskState::Failed,
            TaskState::Canceled,
            TaskState::Rejected,
        ],
        Class::Waiting => &[TaskState::InputRequired, TaskState::AuthRequired],
    }
}

pub(super) fn int(n: impl TryInto<i64>) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

impl<DB: Database> SqlBackend<DB> {
    /// A backend over `pool`, whose schema is migrated already.
    pub fn new(pool: Pool<DB>) -> Self {
        Self {
            pool,
            alive: Arc::new(()),
        }
    }
}

/// The statements, written once and compiled for each database: sqlx's traits for "a
/// database whose connections run queries and whose types include text and integers" do
/// not compose into one generic bound.
macro_rules! sql_backend {
    ($db:ty) => {
        impl SqlBackend<$db> {
            async fn commit_batch(&self, batch: &[Write]) -> Result<(), StoreError> {
                let mut records: Vec<(&str, u64, String)> = Vec::new();
                // The newest row of each task in the batch: one upsert may touch a row once.
                let mut rows: HashMap<&str, &Row> = HashMap::new();
                let mut deletes: Vec<&str> = Vec::new();
                for write in batch {
                    match write {
                        Write::Append {
                            row,
                            first,
                            records: rs,
                        } => {
                            for (seq, r) in (*first..).zip(rs) {
                                let json = serde_json::to_string(&**r).map_err(failed)?;
                                records.push((&row.id, seq, json));
                            }
                            rows.insert(&row.id, row);
                        }
                        Write::Delete(id) => deletes.push(id),
                    }
                }
                let mut tx = self.pool.begin().await.map_err(failed)?;
                for chunk in records.chunks(CHUNK) {
                    let mut q =
                        QueryBuilder::<$db>::new("INSERT INTO events (task_id, seq, record) ");
                    q.push_values(chunk, |mut b, (id, seq, json)| {
                        b.push_bind(id.to_string())
                            .push_bind(int(*seq))
                            .push_bind(json.clone());
                    });
                    q.push(" ON CONFLICT (task_id, seq) DO NOTHING");
                    q.build().execute(&mut *tx).await.map_err(failed)?;
                }
                let rows: Vec<&Row> = rows.into_values().collect();
                for chunk in rows.chunks(CHUNK) {
                    Self::upsert(chunk)
                        .build()
                        .execute(&mut *tx)
                        .await
                        .map_err(failed)?;
                }
                for chunk in deletes.chunks(CHUNK) {
                    for table in [
                        "events WHERE task_id",
                        "push_configs WHERE task_id",
                        "tasks WHERE id",
                    ] {
                        let mut q = QueryBuilder::<$db>::new(format!("DELETE FROM {table} IN ("));
                        let mut ids = q.separated(", ");
                        chunk.iter().for_each(|id| {
                            ids.push_bind(id.to_string());
                        });
                        q.push(")");
                        q.build().execute(&mut *tx).await.map_err(failed)?;
                    }
                }
                tx.commit().await.map_err(failed)
            }

            fn upsert<'a>(rows: &[&Row]) -> QueryBuilder<'a, $db> {
                let mut q =
                    QueryBuilder::<$db>::new(format!("INSERT INTO tasks ({TASK_COLUMNS}) "));
                q.push_values(rows, |mut b, r| {
                    b.push_bind(r.id.clone())
                        .push_bind(r.context_id.clone())
                        .push_bind(r.skill_id.clone())
                        .push_bind(r.owner.clone())
                        .push_bind(r.component.clone())
                        .push_bind(state_name(r.state))
                        .push_bind(r.status_at)
                        .push_bind(r.created_at)
                        .push_bind(int(r.seq))
                        .push_bind(int(r.bytes));
                });
                q.push(
                    " ON CONFLICT (id) DO UPDATE SET component = excluded.component, \
         state = excluded.state, status_at = excluded.status_at, seq = excluded.seq, \
         bytes = excluded.bytes WHERE excluded.seq > tasks.seq",
                );
                q
            }

            /// The `WHERE` of a listing; with `cursor`, only the tasks after the page cursor.
            fn filters(q: &mut QueryBuilder<'_, $db>, query: &ListFilter, cursor: bool) {
                q.push(" WHERE 1 = 1");
                if let Some(o) = &query.owner {
                    q.push(" AND owner = ").push_bind(o.clone());
                }
                if let Some(c) = &query.context_id {
                    q.push(" AND context_id = ").push_bind(c.clone());
                }
                if let Some(s) = query.state {
                    q.push(" AND state = ").push_bind(state_name(s));
                }
                if let Some(after) = query.status_after {
                    q.push(" AND status_at >= ").push_bind(after);
                }
                if let (true, Some((at, id))) = (cursor, &query.after) {
                    q.push(" AND (status_at < ").push_bind(*at);
                    q.push(" OR (status_at = ").push_bind(*at);
                    q.push(" AND id < ").push_bind(id.clone()).push("))");
                }
            }

            fn states(q: &mut QueryBuilder<'_, $db>, states: &[TaskState]) {
                q.push(" state IN (");
                let mut list = q.separated(", ");
                states.iter().for_each(|s| {
                    list.push_bind(state_name(*s));
                });
                q.push(")");
            }
        }

        impl Backend for SqlBackend<$db> {
            fn durable(&self) -> bool {
                true
            }

            fn commit<'a>(&'a self, batch: &'a [Write]) -> BoxFuture<'a, Result<(), StoreError>> {
                self.commit_batch(batch).boxed()
            }

            fn records<'a>(
                &'a self,
                id: &'a str,
                after: u64,
            ) -> BoxFuture<'a, Result<Records, StoreError>> {
                async move {
                    let mut q =
                        QueryBuilder::<$db>::new("SELECT seq, record FROM events WHERE task_id = ");
                    q.push_bind(id.to_string())
                        .push(" AND seq > ")
                        .push_bind(int(after));
                    q.push(" ORDER BY seq");
                    let rows: Vec<(i64, String)> = q
                        .build_query_as()
                        .fetch_all(&self.pool)
                        .await
                        .map_err(failed)?;
                    rows.into_iter()
                        .map(|(seq, json)| {
                            let record: Record = serde_json::from_str(&json).map_err(failed)?;
                            Ok((seq as u64, Arc::new(record)))
                        })
                        .collect()
                }
                .boxed()
            }

            fn list<'a>(
                &'a self,
                query: &'a ListFilter,
            ) -> BoxFuture<'a, Result<ListPage, StoreError>> {
                async move {
                    let mut count = QueryBuilder::<$db>::new("SELECT COUNT(*) FROM tasks");
                    Self::filters(&mut count, query, false);
                    let (total,): (i64,) = count
                        .build_query_as()
                        .fetch_one(&self.pool)
                        .await
                        .map_err(failed)?;
                    let mut page = QueryBuilder::<$db>::new("SELECT id FROM tasks");
                    Self::filters(&mut page, query, true);
                    page.push(" ORDER BY status_at DESC, id DESC LIMIT ")
                        .push_bind(int(query.limit + 1));
                    let mut ids: Vec<(String,)> = page
                        .build_query_as()
                        .fetch_all(&self.pool)
                        .await
                        .map_err(failed)?;
                    let more = ids.len() > query.limit;
                    ids.truncate(query.limit);
                    let ids = ids.into_iter().map(|(id,)| id).collect();
                    let total = usize::try_from(total).unwrap_or(0);
                    Ok(ListPage { ids, total, more })
                }
                .boxed()
            }

            fn oldest<'a>(
                &'a self,
                class: Class,
                before: Option<i64>,
                limit: usize,
            ) -> BoxFuture<'a, Result<Vec<(String, usize)>, StoreError>> {
                async move {
                    let mut q = QueryBuilder::<$db>::new("SELECT id, bytes FROM tasks WHERE");
                    Self::states(&mut q, class_states(class));
                    if let Some(before) = before {
                        q.push(" AND status_at < ").push_bind(before);
                    }
                    q.push(" ORDER BY status_at LIMIT ").push_bind(int(limit));
                    let rows: Vec<(String, i64)> = q
                        .build_query_as()
                        .fetch_all(&self.pool)
                        .await
                        .map_err(failed)?;
                    Ok(rows
                        .into_iter()
                        .map(|(id, bytes)| (id, usize::try_from(bytes).unwrap_or(0)))
                        .collect())
                }
                .boxed()
            }

            fn in_states<'a>(
                &'a self,
                states: &'a [TaskState],
                limit: usize,
            ) -> BoxFuture<'a, Result<Vec<String>, StoreError>> {
                async move {
                    let mut q = QueryBuilder::<$db>::new("SELECT id FROM tasks WHERE");
                    Self::states(&mut q, states);
                    q.push(" LIMIT ").push_bind(int(limit));
                    let rows: Vec<(String,)> = q
                        .build_query_as()
                        .fetch_all(&self.pool)
                        .await
                        .map_err(failed)?;
                    Ok(rows.into_iter().map(|(id,)| id).collect())
                }
                .boxed()
            }

            fn totals(&self) -> BoxFuture<'_, Result<(usize, usize), StoreError>> {
                async move {
                    let q = "SELECT COUNT(*), CAST(COALESCE(SUM(bytes), 0) AS BIGINT) FROM tasks";
                    let (count, bytes): (i64, i64) = sqlx::query_as(q)
                        .fetch_one(&self.pool)
                        .await
                        .map_err(failed)?;
                    let size = |n: i64| usize::try_from(n).unwrap_or(0);
                    Ok((size(count), size(bytes)))
                }
                .boxed()
            }
        }
    };
}

sql_backend!(sqlx::Sqlite);
sql_backend!(sqlx::Postgres);
