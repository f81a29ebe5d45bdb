//! Black-box tests of a running Skillhost: each test starts a real host on 127.0.0.1:0 with
//! real components (built by `scripts/build-plugins`) and talks to it over HTTP.

mod auth; // who calls: API keys, JWTs, the cards; tasks that belong to their caller
mod cache; // the compile cache
mod card; // the Agent Card: shape, skills, caching headers
mod contain; // containment against a determined guest: bytes, blame, time, memory, queues
mod csv; // the csv-analyst plugin: known numbers, multi-turn, failures
mod durable; // kill -9 and restart on SQLite and PostgreSQL, resumed streams, store bounds
mod errors; // every JSON-RPC and A2A error code, exactly as specified
mod examples; // the examples for skill authors
mod inspector; // the operator's live page: access, every owner's tasks, a real browser
mod languages; // the JavaScript, Python and C plugins meet the same contract
mod legacy; // A2A 0.3 and 0.1 clients: their names and shapes on the same endpoint
mod lifecycle; // send, get, list, cancel, multi-turn
mod local; // skill run: a conversation with a component and no server
mod logs; // the log output an operator's collector reads: plain text or JSON lines
mod metrics; // /metrics: exact counts after a known sequence, the text format, auth
mod peer; // real peers: the official SDK clients of every version, the 0.1 seed flows
mod plugins; // plugins that do not load: left out and named, or the start refused (strict)
mod push; // push notifications: configs, delivery to a real receiver, outages, URL policy
mod rest; // the HTTP+JSON binding: paths, tenants, media types, AIP-193 errors
mod sandbox; // hostile guests meet their limits while others keep working
mod streaming; // SSE streams, subscribers, ordering
mod templates; // skill new + skill build, in every language, load and behave alike
mod traces; // OpenTelemetry spans over OTLP to a real receiver, under the caller's trace

use skillhost_tests::{Plugin, TestHost};

/// echo and tck, with tck as the default skill: the usual host of these tests.
async fn host() -> TestHost {
    TestHost::start(
        &[Plugin::new("echo", "echo"), Plugin::new("tck", "tck")],
        "default_skill = \"tck\"",
    )
    .await
}
