//! A closed-loop HTTP/1.1 load generator: each connection sends a request, reads the whole
//! response, records the latency and sends the next. It runs on its own thread and runtime
//! so that it competes with both servers in the same way.

use std::fmt;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A non-streaming SendMessage, as the shared load tool sends it.
pub fn send_message_body() -> String {
    serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": {"message":
        {"messageId": "load-1", "role": "ROLE_USER", "parts": [{"text": "hello"}]}}})
    .to_string()
}

/// A knob from the environment, or its default.
pub fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Serves `router` on a port of 127.0.0.1 of its own, on the current runtime.
pub async fn serve(router: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    addr
}

/// What one round measured.
pub struct Round {
    requests: u64,
    elapsed: Duration,
    latency: Histogram<u64>,
}

impl fmt::Display for Round {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rps = self.requests as f64 / self.elapsed.as_secs_f64();
        write!(
            f,
            "{rps:>9.0} req/s  p50 {:>6} µs  p99 {:>6} µs",
            self.latency.value_at_quantile(0.5),
            self.latency.value_at_quantile(0.99)
        )
    }
}

/// Rounds of one server, added up.
#[derive(Default)]
pub struct Totals {
    requests: u64,
    elapsed: Duration,
    latency: Option<Histogram<u64>>,
}

/// The totals' figures.
pub struct Summary {
    /// Requests per second over all rounds.
    pub rps: f64,
    /// Median latency, µs.
    pub p50: u64,
    /// 99th percentile latency, µs.
    pub p99: u64,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:>9.0} req/s  p50 {:>6} µs  p99 {:>6} µs",
            self.rps, self.p50, self.p99
        )
    }
}

impl Totals {
    /// Adds a round.
    pub fn add(&mut self, r: &Round) {
        self.requests += r.requests;
        self.elapsed += r.elapsed;
        match &mut self.latency {
            Some(h) => h.add(&r.latency).expect("same bounds"),
            None => self.latency = Some(r.latency.clone()),
        }
    }

    /// The figures of all rounds together.
    pub fn report(&self) -> Summary {
        let h = self.latency.as_ref().expect("at least one round");
        Summary {
            rps: self.requests as f64 / self.elapsed.as_secs_f64(),
            p50: h.value_at_quantile(0.5),
            p99: h.value_at_quantile(0.99),
        }
    }
}

/// Loads `addr` with `conns` connections for `secs`, after a one-second warm-up.
pub fn run(addr: SocketAddr, body: &str, conns: usize, secs: Duration) -> Round {
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nA2A-Version: 1.0\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let load = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    load.block_on(async {
        drive(addr, &request, conns, Duration::from_secs(1)).await;
        let started = Instant::now();
        let (requests, latency) = drive(addr, &request, conns, secs).await;
        Round {
            requests,
            elapsed: started.elapsed(),
            latency,
        }
    })
}

async fn drive(
    addr: SocketAddr,
    request: &str,
    conns: usize,
    secs: Duration,
) -> (u64, Histogram<u64>) {
    let until = Instant::now() + secs;
    let tasks = (0..conns).map(|_| async move {
        let mut conn = Conn::open(addr).await;
        let mut latency = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).expect("bounds");
        while Instant::now() < until {
            let sent = Instant::now();
            conn.call(request.as_bytes()).await;
            latency
                .record(sent.elapsed().as_micros().max(1) as u64)
                .expect("in bounds");
        }
        latency
    });
    let mut all = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).expect("bounds");
    for h in futures::future::join_all(tasks).await {
        all.add(&h).expect("same bounds");
    }
    (all.len(), all)
}

/// One keep-alive connection.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        Self {
            stream,
            buf: Vec::with_capacity(4096),
        }
    }

    /// Sends one request and reads its response; checks that it succeeded.
    async fn call(&mut self, request: &[u8]) {
        self.stream.write_all(request).await.expect("write");
        self.buf.clear();
        let (head_end, length) = loop {
            self.read_more().await;
            if let Some(end) = find(&self.buf, b"\r\n\r\n") {
                break (end + 4, content_length(&self.buf[..end]));
            }
        };
        while self.buf.len() < head_end + length {
            self.read_more().await;
        }
        assert!(
            self.buf.starts_with(b"HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&self.buf)
        );
        let body = &self.buf[head_end..head_end + length];
        assert!(
            find(body, b"\"error\"").is_none(),
            "{}",
            String::from_utf8_lossy(body)
        );
    }

    async fn read_more(&mut self) {
        let mut chunk = [0u8; 8192];
        let n = self.stream.read(&mut chunk).await.expect("read");
        assert!(n > 0, "server closed the connection");
        self.buf.extend_from_slice(&chunk[..n]);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> usize {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    head.lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("responses carry Content-Length")
}
