//! Calls as A2A 0.3 and 0.1 clients make them: JSON-RPC with no `A2A-Version` header
//! (which predates 0.3's clients), and 0.1 methods posted to their name as a path.

use serde_json::{Value, json};

use crate::{Sse, TestHost};

impl TestHost {
    /// A JSON-RPC call with no `A2A-Version`; returns the whole response object.
    pub async fn legacy(&self, method: &str, params: Value) -> Value {
        let resp = self.legacy_post("", method, params, None).await;
        assert_eq!(resp.status(), 200, "HTTP status of {method}");
        resp.json().await.expect("a JSON-RPC response")
    }

    /// Opens a JSON-RPC stream with no `A2A-Version`.
    pub async fn legacy_stream(&self, method: &str, params: Value) -> Sse {
        let resp = self
            .legacy_post("", method, params, Some("text/event-stream"))
            .await;
        Sse::expect(resp).await
    }

    /// Posts `params` to `/tasks/send`-style paths, as the 0.1-era scripts do; returns the
    /// status and the JSON body.
    pub async fn path_call(&self, method: &str, params: Value) -> (u16, Value) {
        let resp = self.legacy_post(method, "", params, None).await;
        let status = resp.status().as_u16();
        (status, resp.json().await.expect("a JSON body"))
    }

    /// Opens a `/tasks/sendSubscribe`-style stream.
    pub async fn path_stream(&self, method: &str, params: Value) -> Sse {
        let resp = self
            .legacy_post(method, "", params, Some("text/event-stream"))
            .await;
        Sse::expect(resp).await
    }

    /// Posts a JSON-RPC `method` to `/` (`path` empty), or `params` alone to `/{path}`.
    async fn legacy_post(
        &self,
        path: &str,
        method: &str,
        params: Value,
        accept: Option<&str>,
    ) -> reqwest::Response {
        let body = if path.is_empty() {
            json!({"jsonrpc": "2.0", "id": "legacy-1", "method": method, "params": params})
        } else {
            params
        };
        let mut req = self
            .http
            .post(format!("{}/{path}", self.base))
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(accept) = accept {
            req = req.header("accept", accept);
        }
        req.send().await.expect("the host answers")
    }
}
