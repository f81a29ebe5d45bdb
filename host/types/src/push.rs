//! Push notification configs (A2A §3.1.7-10, §4.3): what a client registers for a task, the
//! requests of the four config methods, and what the host reports about delivering.
//!
//! One reader takes every version's shape of a config: 1.0 writes
//! `authentication: {scheme, credentials}`, 0.1 to 0.3 wrote `{schemes: [..], credentials}`;
//! [`TaskPushNotificationConfig::normalized`] folds the second into the first.
//!
//! Two members are Skillhost's own: `secret` (write-only, the HMAC key of the signature; it is
//! never sent back) and `delivery` (read-only, the delivery state `Get` and `List` show).

use serde::{Deserialize, Serialize};

/// `AuthenticationInfo`: what goes in the webhook request's `Authorization` header.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationInfo {
    /// An HTTP authentication scheme (`Bearer`, `Basic`, …).
    #[serde(default)]
    pub scheme: String,
    /// The credentials that follow the scheme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<String>,
    /// 0.1 to 0.3: a list of schemes; the first is used.
    #[serde(default, skip_serializing)]
    pub schemes: Vec<String>,
}

/// `TaskPushNotificationConfig`: where and how to deliver a task's updates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskPushNotificationConfig {
    /// Tenant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    /// The config's id, unique within its task; chosen by the host when empty.
    #[serde(default)]
    pub id: String,
    /// The task (empty in an inline config of `SendMessage`).
    #[serde(default, alias = "task_id")]
    pub task_id: String,
    /// The webhook.
    pub url: String,
    /// An opaque token sent back in `X-A2A-Notification-Token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Sent as `Authorization: {scheme} {credentials}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication: Option<AuthenticationInfo>,
    /// Skillhost: the HMAC-SHA256 key the host signs each notification with. Write-only.
    #[serde(default, skip_serializing)]
    pub secret: Option<String>,
    /// Skillhost: how delivery goes. Read-only (ignored on input).
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryState>,
}

impl TaskPushNotificationConfig {
    /// The config with an older version's `schemes` folded into `scheme`.
    pub fn normalized(mut self) -> Self {
        if let Some(auth) = &mut self.authentication {
            if auth.scheme.is_empty() {
                auth.scheme = auth.schemes.first().cloned().unwrap_or_default();
            }
            auth.schemes.clear();
            if auth.scheme.is_empty() {
                self.authentication = None;
            }
        }
        self
    }
}

/// Reads `CreateTaskPushNotificationConfig` params: the 1.0 flat config, or the wrapped form
/// of the 1.0 drafts and some SDKs (`{taskId, configId, config: {url, …}}`).
pub fn read_create(raw: &str) -> Result<TaskPushNotificationConfig, serde_json::Error> {
    let mut value: serde_json::Value = serde_json::from_str(raw)?;
    let wrapped = ["config", "pushNotificationConfig"]
        .into_iter()
        .find_map(|k| {
            value
                .get_mut(k)
                .filter(|v| v.is_object())
                .map(serde_json::Value::take)
        });
    let Some(mut inner) = wrapped else {
        return serde_json::from_value::<TaskPushNotificationConfig>(value).map(|c| c.normalized());
    };
    for (from, to) in [
        ("taskId", "taskId"),
        ("task_id", "taskId"),
        ("configId", "id"),
        ("config_id", "id"),
        ("tenant", "tenant"),
    ] {
        if let Some(v) = value.get(from).filter(|v| v.is_string()) {
            inner[to] = v.clone();
        }
    }
    serde_json::from_value::<TaskPushNotificationConfig>(inner).map(|c| c.normalized())
}

/// Skillhost: the delivery state of one config.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryState {
    /// When a notification was last accepted by the webhook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_success: Option<String>,
    /// Why the last attempt failed, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Delivery gave up after its attempts; nothing more is sent for this config.
    #[serde(default)]
    pub failing: bool,
    /// Notifications delivered.
    #[serde(default)]
    pub delivered: u64,
    /// Log entries of the task not yet delivered (or passed over).
    #[serde(default)]
    pub pending: u64,
}

/// `GetTaskPushNotificationConfig` and `DeleteTaskPushNotificationConfig` parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushConfigRequest {
    /// Tenant.
    #[serde(default)]
    pub tenant: Option<String>,
    /// The task.
    #[serde(alias = "task_id")]
    pub task_id: String,
    /// The config; an older `get` may leave it out (then: the task's first config).
    #[serde(default)]
    pub id: Option<String>,
}

/// `ListTaskPushNotificationConfigs` parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListPushConfigsRequest {
    /// Tenant.
    #[serde(default)]
    pub tenant: Option<String>,
    /// The task.
    #[serde(alias = "task_id")]
    pub task_id: String,
    /// Accepted; a task holds few configs, so one page holds them all.
    #[serde(default, alias = "page_size")]
    pub page_size: Option<i32>,
    /// Accepted and ignored, as above.
    #[serde(default, alias = "page_token")]
    pub page_token: Option<String>,
}

/// `ListTaskPushNotificationConfigs` result.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListPushConfigsResponse {
    /// The task's configs.
    pub configs: Vec<TaskPushNotificationConfig>,
    /// Always empty: one page.
    pub next_page_token: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn older_schemes_fold_into_scheme_and_secret_is_never_written() {
        let c: TaskPushNotificationConfig = serde_json::from_str(
            r#"{"url":"http://h/","secret":"k","authentication":{"schemes":["Bearer"],"credentials":"t"},"delivery":{"failing":true}}"#,
        )
        .expect("parses");
        let c = c.normalized();
        assert_eq!(
            c.authentication.as_ref().map(|a| a.scheme.as_str()),
            Some("Bearer")
        );
        assert_eq!(c.delivery, None, "read-only");
        let out = serde_json::to_value(&c).expect("writes");
        assert!(out.get("secret").is_none(), "{out}");
        assert!(out["authentication"].get("schemes").is_none(), "{out}");
    }
}
