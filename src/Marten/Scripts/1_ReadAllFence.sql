-- Added to Marten's mt_events, after Marten created it. Marten orders events by seq_id, a
-- sequence: concurrent transactions commit out of sequence order, so a reader at "seq_id > n"
-- can skip an event that commits late. Each event also keeps its writer's transaction id and
-- ReadAll only sees transactions older than every running one, ordered by (transaction id,
-- seq_id), as the PostgreSQL store does. Events Marten stored before this script ran all get
-- this script's transaction id, which keeps their seq_id order.
alter table __schema__.mt_events
    add column if not exists ef_transaction_id xid8 not null default pg_current_xact_id();

-- ReadAll's keyset order; without it every page sorts the table.
create index if not exists mt_events_ef_read_all on __schema__.mt_events (ef_transaction_id, seq_id);
