-- Sagas, written in the saga engine's write transactions together with the outbox (3_Outbox.sql).
-- Ids: text; message and timeout ids: 16-byte blobs in RFC order. Times: Unix time in milliseconds.

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

CREATE INDEX sagas_by_id ON sagas (saga_id);
CREATE INDEX sagas_running_updated ON sagas (updated) WHERE status = 'Running';

-- Durable timeouts: one per (saga, name). One writer at a time: a claimed timeout is the claiming
-- transaction's alone until it commits (and deletes it) or rolls back.
CREATE TABLE saga_timeouts (
  saga_type  TEXT    NOT NULL,
  saga_id    TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  timeout_id BLOB    NOT NULL UNIQUE,
  due_at     INTEGER NOT NULL,
  type       TEXT    NOT NULL,
  payload    BLOB    NOT NULL,
  scheduled  INTEGER NOT NULL,
  PRIMARY KEY (saga_type, saga_id, name)
) STRICT, WITHOUT ROWID;

CREATE INDEX saga_timeouts_due ON saga_timeouts (saga_type, due_at);

-- Messages delivered straight from a broker that a saga type handled: a redelivery is dropped.
CREATE TABLE saga_inbox (
  saga_type  TEXT NOT NULL,
  message_id BLOB NOT NULL,
  saga_id    TEXT NOT NULL,
  PRIMARY KEY (saga_type, message_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX saga_inbox_saga ON saga_inbox (saga_type, saga_id);

-- What each saga handled, for operators (efx sagas show).
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

-- Each saga engine's position in the global log, moved by compare-and-set with its batch.
CREATE TABLE saga_checkpoints (
  key       TEXT    NOT NULL PRIMARY KEY,
  commit_id INTEGER NOT NULL,
  sequence  INTEGER NOT NULL,
  updated   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
