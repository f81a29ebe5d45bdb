//! [`Webhook`]: a real webhook receiver on 127.0.0.1 for push notification tests. It keeps
//! every request it accepted (headers and body), can be taken down (its port closed, so
//! connections are refused) and brought back on the same port, and can answer with a
//! redirect instead, or speak `https` with a self-signed certificate.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::Value;
use tokio::sync::Notify;

use crate::tls::SelfSigned;

/// One notification as the receiver got it.
#[derive(Debug, Clone)]
pub struct Delivered {
    /// The request's headers, names in lower case.
    pub headers: HashMap<String, String>,
    /// The raw body.
    pub body: Bytes,
}

impl Delivered {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    /// `(task id, seq)` from `X-Skillhost-Event-Id`.
    pub fn event_id(&self) -> (String, u64) {
        let id = self.header("x-skillhost-event-id").expect("an event id");
        let (task, seq) = id.rsplit_once(':').expect("task:seq");
        (task.to_string(), seq.parse().expect("a sequence number"))
    }
}

#[derive(Default)]
struct Inbox {
    got: Mutex<Vec<Delivered>>,
    arrived: Notify,
}

/// A receiver on 127.0.0.1; down (port closed) or up.
pub struct Webhook {
    /// Where it listens.
    pub addr: SocketAddr,
    inbox: Arc<Inbox>,
    redirect_to: Option<String>,
    tls: Option<SelfSigned>,
    server: Option<tokio::task::JoinHandle<()>>,
}

impl Webhook {
    /// A receiver that accepts every POST to `/hook` with 200.
    pub async fn start() -> Self {
        Self::bind("127.0.0.1:0".parse().expect("addr"), None).await
    }

    /// A receiver that answers every POST with `307 Temporary Redirect` to `location`.
    pub async fn redirecting(location: &str) -> Self {
        Self::bind("127.0.0.1:0".parse().expect("addr"), Some(location.into())).await
    }

    /// A receiver on `https`, with a new self-signed certificate ([`Webhook::ca_pem`]).
    pub async fn start_tls() -> Self {
        let mut hook = Self::new("127.0.0.1:0".parse().expect("addr"), None);
        hook.tls = Some(SelfSigned::new());
        hook.up().await;
        hook
    }

    async fn bind(addr: SocketAddr, redirect_to: Option<String>) -> Self {
        let mut hook = Self::new(addr, redirect_to);
        hook.up().await;
        hook
    }

    fn new(addr: SocketAddr, redirect_to: Option<String>) -> Self {
        Self {
            addr,
            inbox: Arc::default(),
            redirect_to,
            tls: None,
            server: None,
        }
    }

    /// The URL to register.
    pub fn url(&self) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://{}/hook", self.addr)
    }

    /// The certificate of an `https` receiver, in PEM: the root its clients must trust.
    pub fn ca_pem(&self) -> Option<&str> {
        self.tls.as_ref().map(|t| t.pem.as_str())
    }

    /// Closes the port: deliveries are refused until [`Webhook::up`].
    pub async fn down(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
            let _ = server.await;
        }
    }

    /// Listens again, on the same port.
    pub async fn up(&mut self) {
        let listener = loop {
            match tokio::net::TcpListener::bind(self.addr).await {
                Ok(l) => break l,
                // The old socket may linger a moment after `down`.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        };
        self.addr = listener.local_addr().expect("addr");
        let (inbox, redirect) = (self.inbox.clone(), self.redirect_to.clone());
        let app = Router::new().route(
            "/hook",
            post(move |headers: HeaderMap, body: Bytes| {
                let (inbox, redirect) = (inbox.clone(), redirect.clone());
                async move { receive(&inbox, redirect, headers, body) }
            }),
        );
        let tls = self.tls.clone();
        self.server = Some(tokio::spawn(async move {
            let _ = match tls {
                Some(tls) => axum::serve(tls.listener(listener), app).await,
                None => axum::serve(listener, app).await,
            };
        }));
    }

    /// Everything received so far, in arrival order.
    pub fn received(&self) -> Vec<Delivered> {
        self.inbox.got.lock().expect("inbox").clone()
    }

    /// Waits until `done` holds for what was received; panics after `within` (a bound for a
    /// broken host, not a measurement).
    pub async fn wait_until(
        &self,
        within: Duration,
        done: impl Fn(&[Delivered]) -> bool,
    ) -> Vec<Delivered> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let arrived = self.inbox.arrived.notified();
            let got = self.received();
            if done(&got) {
                return got;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                panic!(
                    "the webhook did not get what was expected within {within:?}; it got {} notifications: {:?}",
                    got.len(),
                    got.iter().map(Delivered::json).collect::<Vec<_>>()
                );
            }
        }
    }
}

fn receive(inbox: &Inbox, redirect: Option<String>, headers: HeaderMap, body: Bytes) -> Response {
    let headers = headers
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    inbox
        .got
        .lock()
        .expect("inbox")
        .push(Delivered { headers, body });
    inbox.arrived.notify_waiters();
    match redirect {
        Some(location) => {
            (StatusCode::TEMPORARY_REDIRECT, [("location", location)]).into_response()
        }
        None => StatusCode::OK.into_response(),
    }
}

/// The last update of a task's log is its final status: whether `got` holds it.
pub fn has_final_state(got: &[Delivered], state: &str) -> bool {
    got.iter()
        .any(|d| d.json()["statusUpdate"]["status"]["state"] == state)
}
