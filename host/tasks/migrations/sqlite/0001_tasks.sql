-- Tasks and their event logs. The log (events) is the truth; a task's row is its index
-- entry, rewritten with each append. Instants are microseconds since the Unix epoch (UTC),
-- compared as numbers.
CREATE TABLE tasks (
    id          TEXT PRIMARY KEY NOT NULL,
    context_id  TEXT NOT NULL,
    skill_id    TEXT NOT NULL,
    owner       TEXT NOT NULL,
    component   TEXT NOT NULL,   -- SHA-256 of the component of the latest turn
    state       TEXT NOT NULL,   -- TASK_STATE_*
    status_at   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    bytes       INTEGER NOT NULL
) WITHOUT ROWID;

-- ListTasks: one context, newest status first.
CREATE INDEX tasks_by_context ON tasks (context_id, status_at DESC, id DESC);
-- Idle expiry, eviction order and the recovery pass.
CREATE INDEX tasks_by_state ON tasks (state, status_at);

CREATE TABLE events (
    task_id  TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    record   TEXT NOT NULL,      -- JSON of a Record
    PRIMARY KEY (task_id, seq)
) WITHOUT ROWID;
