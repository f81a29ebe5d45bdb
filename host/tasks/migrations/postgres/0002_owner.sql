-- Tasks belong to their caller: ListTasks lists one owner's tasks, newest status first,
-- with or without a context. An owner's listing is served from this index alone; one that
-- also names a context still uses tasks_by_context, and filters that context's few tasks.
CREATE INDEX tasks_by_owner ON tasks (owner, status_at DESC, id DESC);
