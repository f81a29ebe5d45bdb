//! What a `Store` holds during one run, and the deny-by-default WASI context.

use std::collections::HashMap;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use tokio::io::AsyncWrite;
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamError};
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use crate::RunError;
use crate::limits::{Limiter, Limits};
use crate::meter::BusyClock;
use crate::run::SkillEvent;
use crate::sched::Gate;

/// The store data of one run.
pub(crate) struct RunState {
    pub(crate) wasi: WasiCtx,
    pub(crate) table: ResourceTable,
    pub(crate) limiter: Limiter,
    /// Where `events` imports go, and their running totals.
    pub(crate) events: EventBudget,
    /// Artifact ids this task has, and whether each is sealed by a last chunk.
    pub(crate) artifacts: HashMap<String, bool>,
    pub(crate) cancel: CancellationToken,
    pub(crate) config: Arc<Vec<(String, String)>>,
    pub(crate) log: LogBudget,
    /// Set by a host function or callback that ended the run on purpose, so the run is
    /// reported for that reason and not as the trap it turns into.
    pub(crate) stopped: Option<RunError>,
    pub(crate) deadline_hit: bool,
    /// How long the run has been on a CPU, and when the host call in progress began on
    /// that clock (see `crate::meter`).
    pub(crate) busy: Arc<BusyClock>,
    pub(crate) host_call_since: u64,
    /// Fuel left at the guest's last yield (see `crate::meter`).
    pub(crate) fuel_at_yield: u64,
    /// This run's turn at the heavy-run slots (see `crate::sched`).
    pub(crate) gate: Gate,
    /// `plugin/skill task=…`, to tag what the guest logs.
    pub(crate) label: Arc<str>,
    pub(crate) stdout: OutputCapture,
    pub(crate) stderr: OutputCapture,
}

/// Counts events against their limits.
pub(crate) struct EventBudget {
    pub(crate) tx: Option<UnboundedSender<SkillEvent>>,
    pub(crate) left: u32,
    pub(crate) bytes_left: usize,
    pub(crate) max: u32,
    pub(crate) max_bytes: usize,
    pub(crate) max_parts: usize,
}

impl EventBudget {
    /// Lowers the byte limit to `bytes` if that is smaller.
    pub(crate) fn limit_bytes(&mut self, bytes: usize) {
        self.max_bytes = self.max_bytes.min(bytes);
        self.bytes_left = self.bytes_left.min(bytes);
    }
}

/// Counts log bytes against their limit.
pub(crate) struct LogBudget {
    pub(crate) bytes_left: usize,
    pub(crate) warned: bool,
}

impl RunState {
    pub(crate) fn new(
        limits: &Limits,
        label: Arc<str>,
        config: Arc<Vec<(String, String)>>,
        tx: Option<UnboundedSender<SkillEvent>>,
        cancel: CancellationToken,
        gate: Gate,
    ) -> Self {
        let stdout = OutputCapture::new(limits.max_log_bytes);
        let stderr = OutputCapture::new(limits.max_log_bytes);
        Self {
            wasi: wasi_ctx(&stdout, &stderr),
            table: resource_table(limits.max_resources),
            limiter: Limiter::new(limits.memory_bytes),
            events: EventBudget {
                tx,
                left: limits.max_events,
                bytes_left: limits.max_event_bytes,
                max: limits.max_events,
                max_bytes: limits.max_event_bytes,
                max_parts: limits.max_event_parts,
            },
            artifacts: HashMap::new(),
            cancel,
            config,
            log: LogBudget {
                bytes_left: limits.max_log_bytes,
                warned: false,
            },
            stopped: None,
            deadline_hit: false,
            busy: BusyClock::new(),
            gate,
            host_call_since: 0,
            fuel_at_yield: limits.fuel,
            label,
            stdout,
            stderr,
        }
    }

    /// Records why the host is ending the run and returns the error that traps the guest.
    pub(crate) fn stop(&mut self, reason: RunError) -> wasmtime::Error {
        let err = wasmtime::format_err!("{reason}");
        self.stopped.get_or_insert(reason);
        err
    }
}

/// Random bytes a guest may ask for in one WASI call; more ends the run (`resourceLimit`).
pub(crate) const MAX_RANDOM_BYTES: u64 = 1 << 20;

/// The WASI context every run gets: nothing is granted.
///
/// - no preopened directories, so no file system;
/// - no environment variables and no arguments;
/// - no TCP, no UDP, no name lookups (written out although wasmtime 48 denies them too, so
///   a change of upstream defaults cannot open them);
/// - stdin closed; stdout and stderr captured into bounded buffers that go to the log;
/// - real clocks and a secure random source, which are harmless (at most
///   [`MAX_RANDOM_BYTES`] per call).
fn wasi_ctx(stdout: &OutputCapture, stderr: &OutputCapture) -> WasiCtx {
    WasiCtxBuilder::new()
        .allow_tcp(false)
        .allow_udp(false)
        .allow_ip_name_lookup(false)
        .max_random_size(MAX_RANDOM_BYTES)
        .stdout(stdout.clone())
        .stderr(stderr.clone())
        .build()
}

fn resource_table(max: usize) -> ResourceTable {
    let mut table = ResourceTable::new();
    table.set_max_capacity(max);
    table
}

impl WasiView for RunState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

/// A guest output stream that keeps the first `capacity` bytes and silently drops the rest.
///
/// wasmtime's `MemoryOutputPipe` errors when full, and Rust's `println!` panics on a write
/// error: a chatty but correct skill would crash. Dropping keeps the host bounded without
/// changing the guest's behaviour.
#[derive(Clone)]
pub(crate) struct OutputCapture {
    inner: Arc<Mutex<Captured>>,
}

struct Captured {
    buf: BytesMut,
    capacity: usize,
    dropped: usize,
}

impl OutputCapture {
    fn new(capacity: usize) -> Self {
        let captured = Captured {
            buf: BytesMut::new(),
            capacity,
            dropped: 0,
        };
        Self {
            inner: Arc::new(Mutex::new(captured)),
        }
    }

    fn push(&self, bytes: &[u8]) {
        let mut c = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let room = c.capacity.saturating_sub(c.buf.len());
        let kept = bytes.len().min(room);
        c.buf.extend_from_slice(&bytes[..kept]);
        c.dropped += bytes.len() - kept;
    }

    /// What was captured so far, as text.
    pub(crate) fn text(&self) -> String {
        let c = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        String::from_utf8_lossy(&c.buf).into_owned()
    }

    /// What was captured, and how many bytes were dropped.
    pub(crate) fn take(&self) -> (Bytes, usize) {
        let mut c = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        (c.buf.split().freeze(), std::mem::take(&mut c.dropped))
    }
}

impl IsTerminal for OutputCapture {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for OutputCapture {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }

    fn async_stream(&self) -> Box<dyn AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }
}

#[wasmtime_wasi::async_trait]
impl OutputStream for OutputCapture {
    fn write(&mut self, bytes: Bytes) -> Result<(), StreamError> {
        self.push(&bytes);
        Ok(())
    }

    fn flush(&mut self) -> Result<(), StreamError> {
        Ok(())
    }

    fn check_write(&mut self) -> Result<usize, StreamError> {
        Ok(64 << 10)
    }
}

#[wasmtime_wasi::async_trait]
impl Pollable for OutputCapture {
    async fn ready(&mut self) {}
}

impl AsyncWrite for OutputCapture {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.push(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}
