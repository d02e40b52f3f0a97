-- The transactional outbox: messages written in the transaction of the change that caused them,
-- read by relays in commit order without gaps (the same xid8 fence as the events table).
create table if not exists __schema__.outbox (
    position       bigint      generated always as identity,
    transaction_id xid8        not null default pg_current_xact_id(),
    message_id     uuid        not null,
    destination    text        not null,
    key            text        not null,
    type           text        not null,
    payload        bytea       not null,
    headers        json        not null,
    created        timestamptz not null default now(),
    constraint outbox_pkey primary key (transaction_id, position),
    constraint outbox_message_id_key unique (message_id)
);

-- Each relay's position: the last message it is done with.
create table if not exists __schema__.outbox_relays (
    relay          text        primary key,
    commit_id      xid8        not null,
    sequence       bigint      not null,
    updated        timestamptz not null default now()
);

-- Messages a relay gave up on (the broker refused them), with the reason: a whole copy, so it
-- outlives the outbox row (retention) and serves relays that read the event log instead.
create table if not exists __schema__.outbox_dead_letters (
    relay          text        not null,
    message_id     uuid        not null,
    commit_id      xid8        not null,
    sequence       bigint      not null,
    destination    text        not null,
    key            text        not null,
    type           text        not null,
    payload        bytea       not null,
    headers        json        not null,
    reason         text        not null,
    dead_at        timestamptz not null default now(),
    primary key (relay, message_id)
);
