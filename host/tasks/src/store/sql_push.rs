//! [`PushBackend`] over SQL: the `push_configs` table (`migrations/*/0003_push.sql`), with
//! the same plain statements for SQLite and PostgreSQL.

use futures::future::{BoxFuture, FutureExt};
use skillhost_types::push::DeliveryState;
use sqlx::QueryBuilder;

use super::push::{self, PushBackend, PushRow};
use super::sql::{SqlBackend, failed, int};
use crate::StoreError;

/// A row as selected: task, id, config, cursor, delivery, done, created.
type Selected = (String, String, String, i64, String, i64, i64);

const COLUMNS: &str = "task_id, id, config, cursor_seq, delivery, done, created_at";

fn row(
    (_, _, config, cursor, delivery, done, created_at): Selected,
) -> Result<PushRow, StoreError> {
    let delivery: DeliveryState = serde_json::from_str(&delivery).map_err(failed)?;
    Ok(PushRow {
        config: push::decode(&config)?,
        cursor: u64::try_from(cursor).unwrap_or(0),
        delivery,
        done: done != 0,
        created_at,
    })
}

fn state(row: &PushRow) -> Result<String, StoreError> {
    serde_json::to_string(&row.delivery).map_err(failed)
}

macro_rules! sql_push {
    ($db:ty) => {
        impl PushBackend for SqlBackend<$db> {
            fn push_put<'a>(&'a self, r: &'a PushRow) -> BoxFuture<'a, Result<(), StoreError>> {
                async move {
                    let mut q =
                        QueryBuilder::<$db>::new(format!("INSERT INTO push_configs ({COLUMNS}) "));
                    let (config, delivery) = (push::encode(&r.config)?, state(r)?);
                    q.push_values([r], |mut b, r| {
                        b.push_bind(r.task_id().to_string())
                            .push_bind(r.id().to_string())
                            .push_bind(config.clone())
                            .push_bind(int(r.cursor))
                            .push_bind(delivery.clone())
                            .push_bind(i64::from(r.done))
                            .push_bind(r.created_at);
                    });
                    q.push(
                        " ON CONFLICT (task_id, id) DO UPDATE SET config = excluded.config, \
                         cursor_seq = excluded.cursor_seq, delivery = excluded.delivery, \
                         done = excluded.done",
                    );
                    q.build().execute(&self.pool).await.map_err(failed)?;
                    Ok(())
                }
                .boxed()
            }

            fn push_progress<'a>(
                &'a self,
                r: &'a PushRow,
            ) -> BoxFuture<'a, Result<(), StoreError>> {
                async move {
                    let mut q = QueryBuilder::<$db>::new("UPDATE push_configs SET cursor_seq = ");
                    q.push_bind(int(r.cursor))
                        .push(", delivery = ")
                        .push_bind(state(r)?)
                        .push(", done = ")
                        .push_bind(i64::from(r.done))
                        .push(" WHERE task_id = ")
                        .push_bind(r.task_id().to_string())
                        .push(" AND id = ")
                        .push_bind(r.id().to_string());
                    q.build().execute(&self.pool).await.map_err(failed)?;
                    Ok(())
                }
                .boxed()
            }

            fn push_rows<'a>(
                &'a self,
                task: Option<&'a str>,
            ) -> BoxFuture<'a, Result<Vec<PushRow>, StoreError>> {
                async move {
                    let mut q = QueryBuilder::<$db>::new(format!(
                        "SELECT {COLUMNS} FROM push_configs WHERE "
                    ));
                    match task {
                        Some(task) => q.push("task_id = ").push_bind(task.to_string()),
                        None => q.push("done = 0"),
                    };
                    q.push(" ORDER BY created_at, id");
                    let rows: Vec<Selected> = q
                        .build_query_as()
                        .fetch_all(&self.pool)
                        .await
                        .map_err(failed)?;
                    rows.into_iter().map(row).collect()
                }
                .boxed()
            }

            fn push_delete<'a>(
                &'a self,
                task: &'a str,
                id: &'a str,
            ) -> BoxFuture<'a, Result<bool, StoreError>> {
                async move {
                    let mut q =
                        QueryBuilder::<$db>::new("DELETE FROM push_configs WHERE task_id = ");
                    q.push_bind(task.to_string())
                        .push(" AND id = ")
                        .push_bind(id.to_string());
                    let done = q.build().execute(&self.pool).await.map_err(failed)?;
                    Ok(done.rows_affected() > 0)
                }
                .boxed()
            }
        }
    };
}

sql_push!(sqlx::Sqlite);
sql_push!(sqlx::Postgres);
