//! `skillhost`: serve A2A skills that run as sandboxed WebAssembly components, and the
//! tools to write them.

mod skill;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand};
use skillhost::config::HostToml;
use skillhost::logs::{self, LogFormat};
use skillhost::traces::{self, Exporting};
use skillhost::{Host, Settings, url_for};
use tokio::sync::Notify;

/// mimalloc: every request allocates a little on several threads, and on our benchmark it
/// raised throughput by about a tenth over glibc's allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "skillhost",
    version,
    about = "An A2A server whose skills are sandboxed WebAssembly components"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load the plugins and serve A2A (JSON-RPC, HTTP+JSON and the Agent Card).
    Serve(ServeArgs),
    /// Create, build, inspect and run skills.
    #[command(subcommand)]
    Skill(skill::SkillCommand),
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080, or `listen` in the config].
    #[arg(long, env = "SKILLHOST_LISTEN")]
    listen: Option<SocketAddr>,
    /// Plugin directory: one sub-directory per plugin [default: `plugins` in the config].
    #[arg(long, env = "SKILLHOST_PLUGINS")]
    plugins: Option<PathBuf>,
    /// Host config file (skillhost.toml).
    #[arg(long, env = "SKILLHOST_CONFIG")]
    config: Option<PathBuf>,
    /// Skill for messages that name none.
    #[arg(long)]
    default_skill: Option<String>,
    /// Refuse to start if any plugin does not load [default: `strict` in the config, else
    /// off: such a plugin is left out and named in the log].
    #[arg(long)]
    strict: bool,
    /// Task store: `memory`, `sqlite://PATH` or `postgres://…` [default: `[store] url` in
    /// the config, else sqlite://data/skillhost.db].
    #[arg(long, env = "SKILLHOST_STORE")]
    store: Option<String>,
    /// Log records as `text` or `json` (one object per line) [default: `[log] format` in
    /// the config, else text].
    #[arg(long, env = "SKILLHOST_LOG_FORMAT", value_enum)]
    log_format: Option<LogFormat>,
    /// Serve the live inspector page at /inspector [default: `[inspector] enabled` in the
    /// config, else off]; off loopback it needs `[inspector] token`.
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    inspector: Option<bool>,
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Serve(args) => configure(args).and_then(|(args, file, exporting)| {
            let traced = exporting.is_some();
            let served = tokio::runtime::Runtime::new()
                .map_err(Into::into)
                .and_then(|rt| rt.block_on(serve(args, file, traced)));
            // After the graceful stop, off the runtime: the last spans are sent (it blocks).
            if let Some(exporting) = exporting {
                exporting.shutdown();
            }
            served
        }),
        Command::Skill(command) => {
            logs::init(LogFormat::default(), None);
            skill::run(command)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The cause chain on one line each, without a backtrace: this is for people.
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the config file and starts logging in the format it (or the command line) asks
/// for, and exporting traces if `[trace]` says so: the file comes first so that its very
/// first record is already in that format.
fn configure(args: ServeArgs) -> anyhow::Result<(ServeArgs, HostToml, Option<Exporting>)> {
    let file = match &args.config {
        Some(path) => HostToml::read(path)?,
        None => HostToml::default(),
    };
    let (extra, exporting) = traces::from_config(&file.trace)?;
    logs::init(
        args.log_format.or(file.log.format).unwrap_or_default(),
        extra,
    );
    if let Some(e) = &exporting {
        tracing::info!(to = %e.traces_url, "exporting traces");
    }
    Ok((args, file, exporting))
}

async fn serve(args: ServeArgs, mut file: HostToml, traced: bool) -> anyhow::Result<()> {
    file.listen = args.listen.or(file.listen);
    file.plugins = args.plugins.or(file.plugins);
    file.default_skill = args.default_skill.or(file.default_skill);
    file.strict = Some(args.strict || file.strict.unwrap_or(false));
    file.store.url = args.store.or(file.store.url);
    file.inspector.enabled = args.inspector.or(file.inspector.enabled);
    let mut settings = Settings::from_toml(file)?;
    skillhost::metrics::start(&mut settings.metrics).await?;
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let addr = listener.local_addr()?;
    let host = Host::build(&settings, url_for(addr))
        .await
        .with_context(|| {
            format!(
                "cannot start with plugins from {}",
                settings.plugins.display()
            )
        })?;
    if !host.left_out.is_empty() {
        tracing::warn!(
            count = host.left_out.len(),
            "serving without {} plugin(s) that did not load; see the errors above, or use --strict to refuse to start",
            host.left_out.len()
        );
    }
    let store = skillhost_tasks::store::open::redact(&settings.store_url);
    tracing::info!(%addr, plugins = %settings.plugins.display(), %store, "serving A2A 1.0 (JSON-RPC and HTTP+JSON; 0.3 and 0.1 clients too) at http://{addr}");
    let stopping = Arc::new(Notify::new());
    let signal = stopping.clone();
    let router = if traced {
        traces::requests(host.router)
    } else {
        host.router
    };
    let server = axum::serve(listener, router).with_graceful_shutdown(async move {
        shutdown().await;
        signal.notify_one();
    });
    // Open streams (subscribers of a waiting task) would hold a graceful shutdown forever:
    // give them a grace period, then stop anyway.
    tokio::select! {
        served = server => served?,
        () = async { stopping.notified().await; tokio::time::sleep(SHUTDOWN_GRACE).await } => {
            tracing::warn!("connections still open after {SHUTDOWN_GRACE:?}; stopping anyway");
        }
    }
    Ok(())
}

/// How long a shutdown waits for open requests and streams.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}
