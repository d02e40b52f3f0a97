-- Sagas in the event store's file, written in one write transaction with the outbox.
-- Times: Unix time in milliseconds (the process clock: one machine). Message ids: 16-byte blobs.

-- One row per saga: its optimistic version (messages handled), status and JSON state.
CREATE TABLE sagas (
  saga_type     TEXT    NOT NULL,
  saga_id       TEXT    NOT NULL,
  version       INTEGER NOT NULL,
  status        TEXT    NOT NULL,
  reason        TEXT,
  state         TEXT    NOT NULL,
  compensations TEXT    NOT NULL,
  created       INTEGER NOT NULL,
  updated       INTEGER NOT NULL,
  PRIMARY KEY (saga_type, saga_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX sagas_running_updated ON sagas (updated) WHERE status = 'Running';
CREATE INDEX sagas_id ON sagas (saga_id);

-- Durable timeouts, one per (saga, name); claimed under the single writer and deleted in the
-- transaction that handles them.
CREATE TABLE saga_timeouts (
  saga_type  TEXT    NOT NULL,
  saga_id    TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  timeout_id BLOB    NOT NULL UNIQUE,
  due_at     INTEGER NOT NULL,
  type       TEXT    NOT NULL,
  payload    BLOB    NOT NULL,
  PRIMARY KEY (saga_type, saga_id, name)
) STRICT, WITHOUT ROWID;

CREATE INDEX saga_timeouts_due ON saga_timeouts (saga_type, due_at);

-- Messages from a broker a saga type handled: a redelivery is dropped. Emptied when a saga ends.
CREATE TABLE saga_inbox (
  saga_type  TEXT NOT NULL,
  message_id BLOB NOT NULL,
  saga_id    TEXT NOT NULL,
  PRIMARY KEY (saga_type, message_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX saga_inbox_saga ON saga_inbox (saga_type, saga_id);

-- What each saga handled, for operators.
CREATE TABLE saga_history (
  saga_type    TEXT    NOT NULL,
  saga_id      TEXT    NOT NULL,
  version      INTEGER NOT NULL,
  message_type TEXT    NOT NULL,
  message_id   BLOB    NOT NULL,
  status       TEXT    NOT NULL,
  at           INTEGER NOT NULL,
  PRIMARY KEY (saga_type, saga_id, version)
) STRICT, WITHOUT ROWID;

-- Each saga engine's position in the log, moved by compare-and-set with its batch.
CREATE TABLE saga_checkpoints (
  key       TEXT    NOT NULL PRIMARY KEY,
  commit_id INTEGER NOT NULL,
  sequence  INTEGER NOT NULL,
  updated   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
