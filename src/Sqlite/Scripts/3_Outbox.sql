-- The transactional outbox: messages written in the write transaction of the change that caused
-- them. SQLite has one writer at a time, so position order is commit order and relays never skip.
-- Positions: commit_id (always 0 on SQLite) and sequence, the outbox position. Times: Unix ms.
CREATE TABLE outbox (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id  BLOB    NOT NULL UNIQUE,
  destination TEXT    NOT NULL,
  key         TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  payload     BLOB    NOT NULL,
  headers     TEXT    NOT NULL,
  created     INTEGER NOT NULL
) STRICT;

-- Each relay's position: the last message it is done with.
CREATE TABLE outbox_relays (
  relay     TEXT    NOT NULL PRIMARY KEY,
  commit_id INTEGER NOT NULL,
  sequence  INTEGER NOT NULL,
  updated   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Messages a relay gave up on (the broker refused them), with the reason: a whole copy, so it
-- outlives the outbox row and serves relays that read the event log instead.
CREATE TABLE outbox_dead_letters (
  relay       TEXT    NOT NULL,
  message_id  BLOB    NOT NULL,
  position    INTEGER NOT NULL,
  destination TEXT    NOT NULL,
  key         TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  payload     BLOB    NOT NULL,
  headers     TEXT    NOT NULL,
  reason     TEXT    NOT NULL,
  dead_at    INTEGER NOT NULL,
  PRIMARY KEY (relay, message_id)
) STRICT, WITHOUT ROWID;
