-- Projections whose read model lives in this file, next to the events: their checkpoints, parked
-- events and leases, written in the same write transactions as the read model.
-- Positions: commit_id (always 0 on SQLite) and sequence, the global_position of the event.
-- Event ids: 16-byte blobs in RFC order, as in events. Times: Unix time in milliseconds.

-- One row per projection partition (key: the projection name, plus "/p-of-n" when split).
CREATE TABLE projection_checkpoints (
  key       TEXT    NOT NULL PRIMARY KEY,
  commit_id INTEGER NOT NULL,
  sequence  INTEGER NOT NULL,
  updated   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Events a projection could not apply, kept with the error until replayed. blocked_by: the
-- parked event of the same stream this one waits behind. checkpoint_key: the partition that
-- parked it, so resetting one partition's checkpoint clears its parked events and no others.
CREATE TABLE projection_parked (
  projection      TEXT    NOT NULL,
  event_id        BLOB    NOT NULL,
  stream_name     TEXT    NOT NULL,
  stream_position INTEGER NOT NULL,
  commit_id       INTEGER NOT NULL,
  sequence        INTEGER NOT NULL,
  event_type      TEXT    NOT NULL,
  error           TEXT    NOT NULL,
  parked_at       INTEGER NOT NULL,
  blocked_by      BLOB,
  checkpoint_key  TEXT    NOT NULL,
  PRIMARY KEY (projection, event_id)
) STRICT;

CREATE INDEX projection_parked_log_order ON projection_parked (projection, commit_id, sequence);
CREATE INDEX projection_parked_by_checkpoint ON projection_parked (checkpoint_key);

-- One active instance per projection partition; token grows at each change of owner (fencing).
CREATE TABLE projection_leases (
  key        TEXT    NOT NULL PRIMARY KEY,
  owner      TEXT    NOT NULL,
  token      INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
