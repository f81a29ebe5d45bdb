//! Tasks belong to their caller: the principal that created a task owns it, and every
//! method that names a task reads it through [`TaskManager::visible`], which shows a task
//! only to its owner. To anyone else the task does not exist (TaskNotFound, never
//! "forbidden"), so a caller cannot even learn that another's task id is taken.

use skillhost_types::TaskState;

use crate::store::View;
use crate::{TaskError, TaskManager};

impl TaskManager {
    /// The state of `owner`'s task `id`, or [`TaskError::NotFound`] when there is no such
    /// task or it belongs to someone else. The one ownership check for methods that keep
    /// their own records about a task (such as push notification configs): call it before
    /// reading or writing them.
    pub async fn task_of(&self, owner: &str, id: &str) -> Result<TaskState, TaskError> {
        self.visible(owner, id, View::state).await
    }

    /// Reads `owner`'s task `id`; a task of another owner reads as missing.
    pub(crate) async fn visible<R>(
        &self,
        owner: &str,
        id: &str,
        f: impl FnOnce(&View) -> R,
    ) -> Result<R, TaskError> {
        let read = self
            .shared
            .store
            .read(id, |v| (v.owner == owner).then(|| f(v)));
        read.await?
            .flatten()
            .ok_or_else(|| TaskError::NotFound(id.to_string()))
    }
}
