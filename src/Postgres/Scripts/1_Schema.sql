-- EventFramework event store, version 1. "__schema__" is replaced by the configured schema.

-- Streams that were truncated or deleted. A live stream needs no row: its version is its last
-- event's position, so an append writes only its events.
create table if not exists __schema__.streams (
    stream_name text primary key,
    version     bigint  not null,              -- the version when truncated, -1 when none
    deleted     boolean not null default false -- a tombstone: never read or written again
);

create table if not exists __schema__.events (
    global_position bigint generated always as identity,
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
    -- ReadAll's keyset order (without it every page sorts the table), and the row's identity.
    constraint events_pkey primary key (transaction_id, global_position),
    constraint events_event_id_key unique (event_id),
    constraint events_stream_key unique (stream_name, stream_position)
);

create table if not exists __schema__.snapshots (
    stream_name text primary key,
    version     bigint      not null,
    state_type  text        not null,
    state       json        not null,
    created     timestamptz not null default now()
);
