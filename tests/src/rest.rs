//! HTTP+JSON calls a test makes to a [`TestHost`].

use serde_json::Value;

use crate::{Raw, Sse, TestHost};

impl TestHost {
    /// An HTTP+JSON call: `method` on `path`, with a JSON body if given, and
    /// `A2A-Version: 1.0`.
    pub async fn rest(&self, method: &str, path: &str, body: Option<Value>) -> Raw {
        self.rest_with(method, path, body, &[]).await
    }

    /// Like [`TestHost::rest`], with extra headers (which replace the defaults).
    pub async fn rest_with(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Raw {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("HTTP method");
        let mut all = reqwest::header::HeaderMap::new();
        let json = body
            .is_some()
            .then_some(("content-type", "application/json"));
        for (k, v) in [("a2a-version", "1.0")].iter().chain(&json).chain(headers) {
            let name = reqwest::header::HeaderName::from_bytes(k.as_bytes()).expect("name");
            all.insert(name, v.parse().expect("header value"));
        }
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .headers(all);
        if let Some(body) = body {
            req = req.body(body.to_string());
        }
        Raw::from(req.send().await.expect("the host answers")).await
    }

    /// The JSON body of an HTTP+JSON call that must succeed with 200.
    pub async fn rest_ok(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let resp = self.rest(method, path, body).await;
        assert_eq!(resp.status, 200, "{method} {path}: {}", resp.body);
        resp.json()
    }

    /// Opens an HTTP+JSON stream and returns it (asserting it is one).
    pub async fn rest_stream(&self, method: &str, path: &str, body: Option<Value>) -> Sse {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("HTTP method");
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("a2a-version", "1.0")
            .header("accept", "text/event-stream");
        if let Some(body) = body {
            req = req
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let resp = req.send().await.expect("the host answers");
        Sse::expect(resp).await
    }
}
