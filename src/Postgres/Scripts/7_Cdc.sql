-- Replication slots created by CDC relays and WAL subscriptions of this schema. A slot recorded
-- here that has since gone missing is a loud error, never silently recreated: a new slot starts
-- at the WAL's current end and would skip everything committed in between.
create table if not exists __schema__.cdc_slots (
    slot_name   text        primary key,
    publication text        not null,
    owner       text        not null,  -- the relay or subscription that uses it
    created     timestamptz not null default now()
);
