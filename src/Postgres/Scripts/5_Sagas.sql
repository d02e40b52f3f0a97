-- Sagas. Every table here is written in the saga engine's transaction, with the outbox.

-- One row per saga: its optimistic version (messages handled), status and JSON state.
create table if not exists __schema__.sagas (
    saga_type     text        not null,
    saga_id       text        not null,
    version       bigint      not null,
    status        text        not null,              -- Running, Completed, Compensated, Failed
    reason        text        null,                  -- why it was compensated or failed
    state         json        not null,
    compensations json        not null,              -- recorded, not yet sent; sent in reverse order
    created       timestamptz not null default now(),
    updated       timestamptz not null default now(),
    primary key (saga_type, saga_id)
);

-- Stuck-saga detection and listing look at running sagas by last update.
create index if not exists sagas_running_updated on __schema__.sagas (updated) where status = 'Running';
create index if not exists sagas_id on __schema__.sagas (saga_id);

-- Durable timeouts: one per (saga, name); claimed with FOR UPDATE SKIP LOCKED and deleted in the
-- transaction that handles them. Times are the database's clock.
create table if not exists __schema__.saga_timeouts (
    saga_type  text        not null,
    saga_id    text        not null,
    name       text        not null,
    timeout_id uuid        not null,
    due_at     timestamptz not null,
    type       text        not null,
    payload    bytea       not null,
    scheduled  timestamptz not null default now(),
    primary key (saga_type, saga_id, name)
);

create index if not exists saga_timeouts_due on __schema__.saga_timeouts (saga_type, due_at);
create unique index if not exists saga_timeouts_id on __schema__.saga_timeouts (timeout_id);

-- Messages delivered straight from a broker that a saga type handled: a redelivery is dropped.
-- Emptied for a saga when it ends (an ended saga drops every message anyway).
create table if not exists __schema__.saga_inbox (
    saga_type  text not null,
    message_id uuid not null,
    saga_id    text not null,
    primary key (saga_type, message_id)
);

create index if not exists saga_inbox_saga on __schema__.saga_inbox (saga_type, saga_id);

-- What each saga handled, for operators (efx sagas show).
create table if not exists __schema__.saga_history (
    saga_type    text        not null,
    saga_id      text        not null,
    version      bigint      not null,
    message_type text        not null,
    message_id   uuid        not null,
    status       text        not null,
    at           timestamptz not null default now(),
    primary key (saga_type, saga_id, version)
);

-- Each saga engine's position in the global log, moved by compare-and-set with its batch.
create table if not exists __schema__.saga_checkpoints (
    key       text        primary key,
    commit_id xid8        not null,
    sequence  bigint      not null,
    updated   timestamptz not null default now()
);
