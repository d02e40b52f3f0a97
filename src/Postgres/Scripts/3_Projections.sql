-- EventFramework projections, version 3. "__schema__" is replaced by the configured schema.

-- One row per projection partition: the position of the last event it applied (or skipped).
-- Moved by a compare-and-set in the same transaction as the read-model writes.
create table if not exists __schema__.projection_checkpoints (
    key       text        primary key,            -- the projection name, plus "/p-of-n" when partitioned
    commit_id xid8        not null,
    sequence  bigint      not null,
    updated   timestamptz not null default now()
);

-- Events a projection could not apply, kept with the error until they are replayed.
create table if not exists __schema__.projection_parked (
    projection      text        not null,
    event_id        uuid        not null,
    stream_name     text        not null,
    stream_position bigint      not null,
    commit_id       xid8        not null,
    sequence        bigint      not null,
    event_type      text        not null,
    error           text        not null,
    parked_at       timestamptz not null,
    blocked_by      uuid        null,             -- the stream's first parked event, for events parked behind it
    primary key (projection, event_id)
);

-- Parked events are listed and replayed per projection in log order.
create index if not exists projection_parked_log_order on __schema__.projection_parked (projection, commit_id, sequence);

-- One active instance per projection partition. Times are the database's clock, never an instance's.
create table if not exists __schema__.projection_leases (
    key        text        primary key,
    owner      text        not null,
    token      bigint      not null,              -- the fencing token: grows at each change of owner
    expires_at timestamptz not null
);

-- The version of each projection readers are served; a new version builds beside it and is
-- activated in one transaction once it has caught up.
create table if not exists __schema__.projection_versions (
    name      text        primary key,
    version   int         not null,
    activated timestamptz not null default now()
);
