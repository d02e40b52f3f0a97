-- The expected-version rule: -2 any, -1 no stream, -4 stream exists, n >= 0 exactly n.
create or replace function __schema__.expected_version_holds(_expected bigint, _current bigint)
returns boolean
language sql immutable
as $$
    select _expected = -2
        or (_expected = -1 and _current = -1)
        or (_expected = -4 and _current >= 0)
        or _expected = _current
$$;

-- Appends a batch in one round trip. Raises EF001 (wrong expected version, message = actual
-- version) or EF002 (stream deleted). When any event id is already stored it writes nothing
-- and returns where those ids live (kind 's'), so the caller can tell a retry from a clash.
-- Expected: -2 any, -1 no stream, -4 stream exists, n >= 0 exact version.
--
-- Per-stream order in ReadAll needs each append to a stream to run in a younger transaction
-- than the one before. Writers of a stream queue on an advisory lock, which takes no
-- transaction id, so an autocommit append is assigned its id only once it holds the stream.
-- A caller's transaction that already had an id when it queued may be older than the append
-- it waited for: it gets a serialization failure (40001) and must retry the whole transaction.
create or replace function __schema__.append_events(
    _stream   text,
    _expected bigint,
    _ids      uuid[],
    _types    text[],
    _data     json[],
    _metadata json[],
    _notify   boolean)
returns table (kind char, version bigint, commit_id xid8, global_position bigint, event_id uuid, stream_name text)
language plpgsql
-- The plans cached for this function are made while the table is small; without this they keep
-- scanning it whole as it grows, until autovacuum analyzes it. Every lookup here has an index.
set enable_seqscan = off
as $$
declare
    _current bigint;
    _deleted boolean;
    _last_tx xid8;
    _known   boolean;
    _last    bigint;
begin
    perform pg_advisory_xact_lock(hashtextextended(_stream, 0));

    -- One statement (one snapshot, taken after the lock): the stream's version, tombstone, the
    -- transaction of its last event, and whether any of the ids is already stored.
    select coalesce(last.stream_position, s.version, -1), coalesce(s.deleted, false), last.transaction_id,
           exists (select 1 from __schema__.events e where e.event_id = any(_ids))
      into _current, _deleted, _last_tx, _known
      from (select 1) one
      left join __schema__.streams s on s.stream_name = _stream
      left join lateral (select e.stream_position, e.transaction_id from __schema__.events e
                          where e.stream_name = _stream order by e.stream_position desc limit 1) last on true;

    if _deleted then
        raise exception using errcode = 'EF002', message = format('stream %s is deleted', _stream);
    end if;
    if _known then
        return query
            select 's'::char, e.stream_position, e.transaction_id, e.global_position, e.event_id, e.stream_name
              from __schema__.events e where e.event_id = any(_ids);
        return;
    end if;
    if not __schema__.expected_version_holds(_expected, _current) then
        -- The message is the actual version alone: error details are redacted by default, messages are not.
        raise exception using errcode = 'EF001', message = _current::text,
                              detail = format('stream %s is at version %s', _stream, _current);
    end if;
    if _last_tx is not null and _last_tx > pg_current_xact_id() then
        raise exception using errcode = '40001',
            message = format('stream %s was appended to by a younger transaction; retry the whole transaction', _stream);
    end if;

    with inserted as (
        insert into __schema__.events (event_id, stream_name, stream_position, event_type, data, metadata)
        select u.id, _stream, _current + u.n, u.t, u.d, u.m
          from unnest(_ids, _types, _data, _metadata) with ordinality as u(id, t, d, m, n)
        returning events.global_position)
    select max(inserted.global_position) into _last from inserted;

    if _notify then
        perform pg_notify('__schema___events', '');
    end if;
    return query select 'a'::char, _current + cardinality(_ids), pg_current_xact_id(), _last, null::uuid, _stream;
end;
$$;

-- Takes a stream's lock, then reads its version (-1 when it has none) and tombstone, for the
-- maintenance functions below (the read comes after the lock, so it sees every earlier append).
create or replace function __schema__.locked_stream_state(_stream text, out current bigint, out deleted boolean)
language plpgsql
set enable_seqscan = off
as $$
begin
    perform pg_advisory_xact_lock(hashtextextended(_stream, 0));
    select coalesce((select max(e.stream_position) from __schema__.events e where e.stream_name = _stream), s.version, -1),
           coalesce(s.deleted, false)
      into current, deleted
      from (select 1) one left join __schema__.streams s on s.stream_name = _stream;
    if deleted then
        raise exception using errcode = 'EF002', message = format('stream %s is deleted', _stream);
    end if;
end;
$$;

-- Tombstones a stream under the same expectations as an append.
create or replace function __schema__.delete_stream(_stream text, _expected bigint)
returns void
language plpgsql as $$
declare
    _current bigint;
begin
    select s.current into _current from __schema__.locked_stream_state(_stream) s;
    if not __schema__.expected_version_holds(_expected, _current) then
        raise exception using errcode = 'EF001', message = _current::text,
                              detail = format('stream %s is at version %s', _stream, _current);
    end if;
    delete from __schema__.events e where e.stream_name = _stream;
    insert into __schema__.streams as s (stream_name, version, deleted) values (_stream, _current, true)
        on conflict (stream_name) do update set deleted = true, version = excluded.version;
end;
$$;

-- Removes a stream's events before a position, remembering its version in case none is left.
create or replace function __schema__.truncate_stream(_stream text, _before bigint)
returns void
language plpgsql as $$
declare
    _current bigint;
begin
    select s.current into _current from __schema__.locked_stream_state(_stream) s;
    if _current < 0 then
        return;
    end if;
    delete from __schema__.events e where e.stream_name = _stream and e.stream_position < _before;
    insert into __schema__.streams as s (stream_name, version) values (_stream, _current)
        on conflict (stream_name) do update set version = excluded.version;
end;
$$;
