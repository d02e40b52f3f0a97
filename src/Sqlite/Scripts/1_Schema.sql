-- The event store. Positions are assigned inside the one write transaction SQLite allows at a
-- time, so global_position order is commit order and ReadAll never skips an event.
-- AUTOINCREMENT: positions of deleted events are never handed out again.

CREATE TABLE streams (
  name    TEXT    NOT NULL PRIMARY KEY,
  version INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

-- event_id: the Guid's 16 bytes in RFC (big-endian) order, so version-7 ids index in time order.
-- data and metadata: UTF-8 JSON. created: Unix time in milliseconds.
CREATE TABLE events (
  global_position INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id        BLOB    NOT NULL UNIQUE,
  stream          TEXT    NOT NULL,
  stream_position INTEGER NOT NULL,
  type            TEXT    NOT NULL,
  data            BLOB    NOT NULL,
  metadata        BLOB    NOT NULL,
  created         INTEGER NOT NULL,
  UNIQUE (stream, stream_position)
) STRICT;
