//! The push config methods of A2A 0.3 (`tasks/pushNotificationConfig/{set,get,list,delete}`)
//! and 0.1 (`tasks/pushNotification/{set,get}`), read into and written from the 1.0 types.
//!
//! | 1.0 | 0.3 | 0.1 |
//! |---|---|---|
//! | `TaskPushNotificationConfig` (flat) | `{taskId, pushNotificationConfig: {id, url, token, authentication: {schemes, credentials}}}` | `{id: taskId, pushNotificationConfig: {url, token, authentication}}` |
//! | get/delete `{taskId, id}` | `{id: taskId, pushNotificationConfigId}` | get `{id: taskId}` |
//! | list `{taskId}` → `{configs}` | `{id: taskId}` → an array | none |

use serde::Deserialize;
use serde_json::{Value, json};

use crate::A2aError;
use crate::push::{PushConfigRequest, TaskPushNotificationConfig};

/// `set` params of 0.3 (`taskId`) and 0.1 (`id`): the task and its config.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SetParams {
    #[serde(default)]
    task_id: Option<String>,
    #[serde(default)]
    id: Option<String>,
    push_notification_config: TaskPushNotificationConfig,
}

/// `get`, `list` and `delete` params: the task as `id`, and maybe the config.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RefParams {
    id: String,
    #[serde(default)]
    push_notification_config_id: Option<String>,
}

/// `tasks/pushNotificationConfig/set` (0.3) and `tasks/pushNotification/set` (0.1).
pub fn set(raw: &str) -> Result<TaskPushNotificationConfig, A2aError> {
    let p: SetParams = params(raw)?;
    let task_id = p.task_id.or(p.id).ok_or_else(|| {
        A2aError::invalid_params("invalid params: the task's id (taskId or id) is missing")
    })?;
    Ok(TaskPushNotificationConfig {
        task_id,
        ..p.push_notification_config
    }
    .normalized())
}

/// `get`, `list` and `delete` of 0.3, and 0.1's `get`.
pub fn config_ref(raw: &str) -> Result<PushConfigRequest, A2aError> {
    let p: RefParams = params(raw)?;
    Ok(PushConfigRequest {
        tenant: None,
        task_id: p.id,
        id: p.push_notification_config_id,
    })
}

/// A config in the 0.3 shape (`TaskPushNotificationConfig` of 0.3).
pub fn write_v0_3(c: &TaskPushNotificationConfig) -> Value {
    let mut inner = json!({"id": c.id, "url": c.url});
    fill(&mut inner, c);
    json!({"taskId": c.task_id, "pushNotificationConfig": inner})
}

/// A config in the 0.1 shape (`TaskPushNotificationConfig` of 0.1).
pub fn write_v0_1(c: &TaskPushNotificationConfig) -> Value {
    let mut inner = json!({"url": c.url});
    fill(&mut inner, c);
    json!({"id": c.task_id, "pushNotificationConfig": inner})
}

/// The members both older shapes share: token, `authentication` with `schemes`, and
/// Skillhost's delivery state.
fn fill(inner: &mut Value, c: &TaskPushNotificationConfig) {
    if let Some(token) = &c.token {
        inner["token"] = json!(token);
    }
    if let Some(auth) = &c.authentication {
        inner["authentication"] =
            json!({"schemes": [auth.scheme], "credentials": auth.credentials});
    }
    if let Some(delivery) = &c.delivery {
        inner["delivery"] = json!(delivery);
    }
}

fn params<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T, A2aError> {
    serde_json::from_str(raw).map_err(|e| A2aError::invalid_params(format!("invalid params: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_0_3_config_reads_and_writes_back_in_its_shape() {
        let raw = r#"{"taskId":"t","pushNotificationConfig":{"id":"c","url":"http://h/","token":"x","authentication":{"schemes":["Bearer"],"credentials":"k"}}}"#;
        let c = set(raw).expect("reads");
        assert_eq!((c.task_id.as_str(), c.id.as_str()), ("t", "c"));
        assert_eq!(
            c.authentication.as_ref().map(|a| a.scheme.as_str()),
            Some("Bearer")
        );
        let back = write_v0_3(&c);
        assert_eq!(
            back["pushNotificationConfig"]["authentication"]["schemes"][0],
            "Bearer"
        );
        assert_eq!(write_v0_1(&c)["id"], "t");
    }
}
