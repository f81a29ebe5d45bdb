//! Which HTTP+JSON endpoint a method and path name (A2A §11.3), with or without a leading
//! `/{tenant}` segment.
//!
//! Paths are matched by hand rather than by the router because of their shape: the verbs of
//! `/tasks/{id}:cancel` and `/tasks/{id}:subscribe` share a path segment with the task id,
//! and a tenant prefix makes the first segment ambiguous. A path is read without a tenant
//! first; if that names no endpoint for the method, its first segment is taken as a tenant.

use axum::http::Method;

/// An HTTP+JSON endpoint and the path's parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Endpoint<'a> {
    /// `POST /message:send`.
    Send,
    /// `POST /message:stream`.
    Stream,
    /// `GET /tasks/{id}`.
    GetTask(&'a str),
    /// `GET /tasks`.
    ListTasks,
    /// `POST /tasks/{id}:cancel`.
    Cancel(&'a str),
    /// `GET` or `POST /tasks/{id}:subscribe` (the proto says GET, the spec's prose POST).
    Subscribe(&'a str),
    /// `POST` (create) or `GET` (list) `/tasks/{id}/pushNotificationConfigs`.
    PushConfigs(&'a str),
    /// `GET` or `DELETE` `/tasks/{id}/pushNotificationConfigs/{configId}`.
    PushConfig(&'a str, &'a str),
    /// `GET /extendedAgentCard`.
    ExtendedCard,
    /// `POST /tasks/send`, `/tasks/sendSubscribe`, … : an A2A 0.1 method called by its name
    /// as a path, as the 0.1-era client scripts do; the body holds its params.
    Legacy(&'static str),
}

/// A matched path: the endpoint and the tenant, if the path began with one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Route<'a> {
    /// The endpoint.
    pub endpoint: Endpoint<'a>,
    /// The `/{tenant}` prefix.
    pub tenant: Option<&'a str>,
}

/// Why a path names no endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Miss {
    /// No endpoint has this path.
    NotFound,
    /// One has, but not for this HTTP method.
    MethodNotAllowed,
}

/// The 0.1 methods callable by path.
const LEGACY: [&str; 5] = [
    "tasks/send",
    "tasks/sendSubscribe",
    "tasks/get",
    "tasks/cancel",
    "tasks/resubscribe",
];

/// The endpoint `method` and `path` name.
pub(crate) fn route<'a>(method: &Method, path: &'a str) -> Result<Route<'a>, Miss> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let plain = endpoint(method, &segments);
    if let Ok(endpoint) = plain {
        return Ok(Route {
            endpoint,
            tenant: None,
        });
    }
    match segments.split_first() {
        Some((tenant, rest)) if !tenant.is_empty() && !rest.is_empty() => {
            let endpoint = endpoint(method, rest).map_err(|miss| worst(plain, miss))?;
            Ok(Route {
                endpoint,
                tenant: Some(tenant),
            })
        }
        _ => plain.map(|endpoint| Route {
            endpoint,
            tenant: None,
        }),
    }
}

/// Of two misses, the more helpful one: a path that exists but not for this method.
fn worst<T>(a: Result<T, Miss>, b: Miss) -> Miss {
    match a {
        Err(Miss::MethodNotAllowed) => Miss::MethodNotAllowed,
        _ => b,
    }
}

fn endpoint<'a>(method: &Method, segments: &[&'a str]) -> Result<Endpoint<'a>, Miss> {
    let (get, post) = (method == Method::GET, method == Method::POST);
    let allow = |ok: bool, endpoint| {
        if ok {
            Ok(endpoint)
        } else {
            Err(Miss::MethodNotAllowed)
        }
    };
    match segments {
        ["message:send"] => allow(post, Endpoint::Send),
        ["message:stream"] => allow(post, Endpoint::Stream),
        ["extendedAgentCard"] => allow(get, Endpoint::ExtendedCard),
        ["tasks"] => allow(get, Endpoint::ListTasks),
        ["tasks", task] => match legacy(task) {
            Some(name) if post => Ok(Endpoint::Legacy(name)),
            _ => task_endpoint(method, task),
        },
        ["tasks", id, "pushNotificationConfigs"] if !id.is_empty() => {
            allow(get || post, Endpoint::PushConfigs(id))
        }
        ["tasks", id, "pushNotificationConfigs", config]
            if !id.is_empty() && !config.is_empty() =>
        {
            allow(
                get || method == Method::DELETE,
                Endpoint::PushConfig(id, config),
            )
        }
        _ => Err(Miss::NotFound),
    }
}

/// The 0.1 method whose name is `tasks/{segment}`.
fn legacy(segment: &str) -> Option<&'static str> {
    LEGACY
        .iter()
        .copied()
        .find(|m| m.strip_prefix("tasks/") == Some(segment))
}

/// `{id}`, `{id}:cancel` or `{id}:subscribe`.
fn task_endpoint<'a>(method: &Method, segment: &'a str) -> Result<Endpoint<'a>, Miss> {
    let (get, post) = (method == Method::GET, method == Method::POST);
    let verb = segment.rsplit_once(':');
    let endpoint = match verb {
        Some(("", "cancel" | "subscribe")) => return Err(Miss::NotFound),
        Some((id, "cancel")) => (post, Endpoint::Cancel(id)),
        Some((id, "subscribe")) => (get || post, Endpoint::Subscribe(id)),
        _ if !segment.is_empty() => (get, Endpoint::GetTask(segment)),
        _ => return Err(Miss::NotFound),
    };
    if endpoint.0 {
        Ok(endpoint.1)
    } else {
        Err(Miss::MethodNotAllowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(method: Method, path: &str) -> (Endpoint<'_>, Option<&str>) {
        let route = route(&method, path).unwrap_or_else(|m| panic!("{path}: {m:?}"));
        (route.endpoint, route.tenant)
    }

    #[test]
    fn every_path_with_and_without_a_tenant() {
        let cases = [
            (Method::POST, "/message:send", Endpoint::Send),
            (Method::POST, "/message:stream", Endpoint::Stream),
            (Method::GET, "/tasks/t1", Endpoint::GetTask("t1")),
            (Method::GET, "/tasks", Endpoint::ListTasks),
            (Method::POST, "/tasks/t1:cancel", Endpoint::Cancel("t1")),
            (
                Method::GET,
                "/tasks/t1:subscribe",
                Endpoint::Subscribe("t1"),
            ),
            (
                Method::POST,
                "/tasks/t1:subscribe",
                Endpoint::Subscribe("t1"),
            ),
            (
                Method::POST,
                "/tasks/t1/pushNotificationConfigs",
                Endpoint::PushConfigs("t1"),
            ),
            (
                Method::DELETE,
                "/tasks/t1/pushNotificationConfigs/c",
                Endpoint::PushConfig("t1", "c"),
            ),
            (Method::GET, "/extendedAgentCard", Endpoint::ExtendedCard),
        ];
        for (method, path, endpoint) in cases {
            assert_eq!(ok(method.clone(), path), (endpoint.clone(), None), "{path}");
            let tenanted = format!("/acme{path}");
            assert_eq!(
                ok(method, &tenanted),
                (endpoint, Some("acme")),
                "{tenanted}"
            );
        }
    }

    #[test]
    fn a_tenant_named_like_a_path_segment_is_still_a_tenant() {
        assert_eq!(
            ok(Method::POST, "/tasks/message:send"),
            (Endpoint::Send, Some("tasks"))
        );
        assert_eq!(
            ok(Method::GET, "/tasks/tasks"),
            (Endpoint::GetTask("tasks"), None),
            "the tenant-less reading comes first"
        );
    }

    #[test]
    fn legacy_method_paths_and_misses() {
        assert_eq!(
            ok(Method::POST, "/tasks/sendSubscribe"),
            (Endpoint::Legacy("tasks/sendSubscribe"), None)
        );
        assert_eq!(route(&Method::GET, "/nope"), Err(Miss::NotFound));
        assert_eq!(
            route(&Method::GET, "/message:send"),
            Err(Miss::MethodNotAllowed)
        );
        assert_eq!(
            route(&Method::DELETE, "/tasks/t1"),
            Err(Miss::MethodNotAllowed)
        );
        assert_eq!(route(&Method::GET, "/tasks/:cancel"), Err(Miss::NotFound));
    }
}
