//! The task store's figures, side by side in one run (`scripts/bench store`):
//!
//! 1. SendMessage to a skill that creates and completes a task (tck, `tck-complete-task`), at
//!    64 connections, on the memory store, SQLite and PostgreSQL, against a bare axum route
//!    that parses the same JSON-RPC request and serialises a task-shaped reply. Goals:
//!    memory >= 0.3 of bare, SQLite >= 0.5 of memory, PostgreSQL >= 0.3 of memory.
//! 2. The echo path (a direct message, nothing stored) on the memory store against the
//!    same bare route (goal >= 0.5).
//! 3. Database size per 100 000 finished tasks, on SQLite and PostgreSQL.
//! 4. Time from start to the first answer with 100 000 tasks stored (SQLite).
//!
//! Rounds alternate between the servers, so each figure is measured under the same load of
//! the shared machine. Knobs: `BENCH_SECS` (per round, default 5), `BENCH_ROUNDS` (default
//! 2), `BENCH_CONNS` (default 64), `SKILLHOST_TEST_POSTGRES` (the server, as for the tests).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// Shared with the other benches, which use the rest of it.
#[allow(dead_code)]
mod load;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::json;
use skillhost::config::HostToml;
use skillhost::{Host, Settings};
use skillhost_types::request::SendMessageRequest;
use skillhost_types::{Message, Task, TaskState, TaskStatus};

use load::{env, serve};

fn body(message_id: &str, skill: &str) -> String {
    json!({"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": {"message":
        {"messageId": message_id, "role": "ROLE_USER", "parts": [{"text": "hello"}],
         "metadata": {"skillId": skill}}}})
    .to_string()
}

fn main() {
    let secs = Duration::from_secs(env("BENCH_SECS", 5));
    let (rounds, conns) = (env("BENCH_ROUNDS", 2), env("BENCH_CONNS", 64) as usize);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = format!("sqlite://{}/tasks.db", dir.path().display());
    let postgres = rt.block_on(skillhost_tasks::testing::postgres_url());
    let servers = rt.block_on(async {
        [
            ("bare axum JSON-RPC task", serve(bare()).await),
            ("skillhost memory", host("memory").await),
            ("skillhost sqlite", host(&sqlite).await),
            ("skillhost postgres", host(&postgres).await),
        ]
    });
    println!("# Skillhost store benchmark: {conns} connections, {rounds} rounds of {secs:?}");
    let task = body("tck-complete-task-bench", "tck");
    let echo = body("echo-bench", "echo");
    let cases: Vec<(&str, SocketAddr, &str)> = servers
        .iter()
        .map(|(name, addr)| (*name, *addr, task.as_str()))
        .chain([("skillhost memory echo", servers[1].1, echo.as_str())])
        .collect();
    let mut totals: Vec<load::Totals> = cases.iter().map(|_| load::Totals::default()).collect();
    for round in 1..=rounds {
        for (i, (name, addr, body)) in cases.iter().enumerate() {
            let r = load::run(*addr, body, conns, secs);
            println!("round {round} {name:<26} {r}");
            totals[i].add(&r);
        }
    }
    let rps: Vec<f64> = totals.iter().map(|t| t.report().rps).collect();
    println!();
    for ((name, ..), t) in cases.iter().zip(&totals) {
        println!("{name:<26} {}", t.report());
    }
    let ratio = |a: usize, b: usize| rps[a] / rps[b];
    println!(
        "task path: memory / bare = {:.2} (goal >= 0.30)",
        ratio(1, 0)
    );
    println!(
        "task path: sqlite / memory = {:.2} (goal >= 0.50)",
        ratio(2, 1)
    );
    println!(
        "task path: postgres / memory = {:.2} (goal >= 0.30)",
        ratio(3, 1)
    );
    println!(
        "echo path: memory / bare = {:.2} (goal >= 0.50)",
        ratio(4, 0)
    );
    rt.block_on(sizes(dir.path(), &sqlite, &postgres, servers[2].1, &task));
    rt.block_on(first_answer(&sqlite));
}

/// Bytes per 100 000 finished tasks in each database, filled to at least that many.
async fn sizes(dir: &Path, sqlite: &str, postgres: &str, sqlite_host: SocketAddr, task: &str) {
    let count = |url: String| async move {
        let backend = skillhost_tasks::store::open::open(&url)
            .await
            .expect("open");
        backend.totals().await.expect("totals").0
    };
    let mut tasks = count(sqlite.to_string()).await;
    while tasks < 100_000 {
        let body = task.to_string();
        tokio::task::spawn_blocking(move || {
            load::run(sqlite_host, &body, 64, Duration::from_secs(5))
        })
        .await
        .expect("load");
        tasks = count(sqlite.to_string()).await;
    }
    // The size of the database itself: its write-ahead log copied in and emptied.
    // The host's own checkpoints may hold this one off (it answers busy, not an error):
    // counted before it completes, the log once made the database read four times its size.
    let db = sqlx::SqlitePool::connect(sqlite).await.expect("sqlite");
    for _ in 0..50 {
        let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&db)
            .await
            .expect("checkpoint");
        if busy == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let file = PathBuf::from(dir).join("tasks.db");
    let on_disk = ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", file.display())).ok())
        .map(|m| m.len())
        .sum::<u64>();
    println!(
        "sqlite: {tasks} tasks in {:.1} MiB: {:.1} MiB per 100 000 finished tasks",
        mib(on_disk),
        mib(on_disk) * 100_000.0 / tasks as f64
    );
    let pg_tasks = count(postgres.to_string()).await;
    let pool = sqlx::PgPool::connect(postgres).await.expect("postgres");
    let (pg_bytes,): (i64,) = sqlx::query_as("SELECT pg_database_size(current_database())")
        .fetch_one(&pool)
        .await
        .expect("size");
    println!(
        "postgres: {pg_tasks} tasks in {:.1} MiB: {:.1} MiB per 100 000 finished tasks",
        mib(pg_bytes as u64),
        mib(pg_bytes as u64) * 100_000.0 / pg_tasks.max(1) as f64
    );
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / f64::from(1 << 20)
}

/// A new host on the filled SQLite store: time from start (plugins are in the compile
/// cache, as on any restart) to its first answer, a GetTask of a stored task.
async fn first_answer(sqlite: &str) {
    let backend = skillhost_tasks::store::open::open(sqlite)
        .await
        .expect("open");
    let filter = skillhost_tasks::store::ListFilter {
        limit: 1,
        ..Default::default()
    };
    let (tasks, _) = backend.totals().await.expect("totals");
    let id = backend
        .list(&filter)
        .await
        .expect("list")
        .ids
        .pop()
        .expect("a task");
    drop(backend);
    let started = Instant::now();
    let addr = host(sqlite).await;
    let client = reqwest_free_get(addr, &id).await;
    println!(
        "start to first answer with {tasks} tasks stored (sqlite): {:.0} ms ({client})",
        started.elapsed().as_secs_f64() * 1000.0
    );
}

/// One GetTask over a raw connection; returns the task's state.
async fn reqwest_free_get(addr: SocketAddr, id: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body =
        json!({"jsonrpc": "2.0", "id": 1, "method": "GetTask", "params": {"id": id}}).to_string();
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nA2A-Version: 1.0\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut conn = tokio::net::TcpStream::connect(addr).await.expect("connect");
    conn.write_all(request.as_bytes()).await.expect("write");
    let mut response = String::new();
    conn.read_to_string(&mut response).await.expect("read");
    let state = response.find("TASK_STATE_").map(|i| &response[i..]);
    state
        .and_then(|s| s.split('"').next())
        .unwrap_or("no task")
        .to_string()
}

/// A host with tck (the default skill) and echo on `store`, bounded so that no task of
/// the benchmark is evicted.
async fn host(store: &str) -> SocketAddr {
    let plugins = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/plugins");
    let cache = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/component-cache");
    let text = format!(
        "default_skill = \"tck\"\n[store]\nurl = {store:?}\n[tasks]\nmax_tasks = 10_000_000\nmax_store_mib = 65_536\n[runtime]\ncache_dir = {cache:?}\n"
    );
    let mut file = HostToml::parse("bench", &text).expect("config");
    file.plugins = Some(only(&plugins, &["tck", "echo"]));
    let settings = Settings::from_toml(file).expect("settings");
    let host = Host::build(&settings, Some("http://127.0.0.1".into()))
        .await
        .expect("host");
    serve(host.router).await
}

/// A plugin directory with only `names` of `all`.
fn only(all: &Path, names: &[&str]) -> PathBuf {
    let dir = tempfile::tempdir().expect("temp dir").keep();
    for name in names {
        let (from, to) = (all.join(name), dir.join(name));
        std::fs::create_dir_all(&to).expect("plugin dir");
        for entry in std::fs::read_dir(&from).expect("built plugins: run scripts/build-plugins") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
            }
        }
    }
    dir
}

/// The baseline: parse the same JSON-RPC request, answer with a task-shaped reply.
fn bare() -> axum::Router {
    axum::Router::new().route("/", axum::routing::post(bare_task))
}

async fn bare_task(body: axum::body::Bytes) -> axum::response::Response {
    use axum::response::IntoResponse;
    let request: skillhost_types::jsonrpc::Request<'_> =
        serde_json::from_slice(&body).expect("JSON-RPC");
    let call = request.validate().expect("valid");
    let params: SendMessageRequest =
        serde_json::from_str(call.params.map_or("{}", |p| p.get())).expect("params");
    let reply = Message::agent(vec![skillhost_types::Part::text("Hello from TCK")]);
    let task = Task {
        id: uuid::Uuid::new_v4().to_string(),
        context_id: uuid::Uuid::new_v4().to_string(),
        status: TaskStatus {
            state: TaskState::Completed,
            message: Some(reply.clone()),
            timestamp: Some(skillhost_types::timestamp::now()),
        },
        artifacts: Vec::new(),
        history: vec![params.message, reply],
        metadata: None,
    };
    let result = json!({"task": task});
    axum::Json(skillhost_types::jsonrpc::Response::new(&call.id, result)).into_response()
}
