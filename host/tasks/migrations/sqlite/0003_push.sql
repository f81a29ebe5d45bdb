-- Push notification configs and their delivery cursors: an outbox over the task logs. What
-- is still to be delivered is the task's log after `cursor`; nothing else is queued.
CREATE TABLE push_configs (
    task_id     TEXT NOT NULL,
    id          TEXT NOT NULL,
    config      TEXT NOT NULL,   -- JSON of the TaskPushNotificationConfig, secret included
    cursor_seq  INTEGER NOT NULL,   -- seq of the last record delivered or passed over
    delivery    TEXT NOT NULL,   -- JSON of the DeliveryState
    done        INTEGER NOT NULL,   -- 1: a finished task, all delivered
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (task_id, id)
) WITHOUT ROWID;

-- The deliverer's start: the configs still to follow.
CREATE INDEX push_configs_active ON push_configs (done);
