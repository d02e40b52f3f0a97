-- EventFramework event store, version 1. "__schema__" is replaced by the configured schema.

create table if not exists __schema__.streams (
    stream_name text primary key,
    version     bigint  not null,              -- position of the last event, -1 when none
    deleted     boolean not null default false, -- a tombstone: never read or written again
    -- The transaction that appended the last event: a later append must have a younger one,
    -- or ReadAll's (transaction_id, global_position) order would put it before its predecessor.
    last_transaction_id xid8
);

create table if not exists __schema__.events (
    global_position bigint generated always as identity primary key,
    -- The writer's transaction id: readers only see transactions older than every running one,
    -- ordered by (transaction_id, global_position), so an event that commits late is never skipped.
    transaction_id  xid8        not null default pg_current_xact_id(),
    event_id        uuid        not null,
    stream_name     text        not null,
    stream_position bigint      not null,
    event_type      text        not null,
    data            json        not null, -- json, not jsonb: payloads come back byte for byte
    metadata        json        not null,
    created         timestamptz not null default now(),
    constraint events_event_id_key unique (event_id),
    constraint events_stream_key unique (stream_name, stream_position)
);

-- ReadAll's keyset order; without it every page sorts the table.
create index if not exists events_commit_order on __schema__.events (transaction_id, global_position);

create table if not exists __schema__.snapshots (
    stream_name text primary key,
    version     bigint      not null,
    state_type  text        not null,
    state       json        not null,
    created     timestamptz not null default now()
);
