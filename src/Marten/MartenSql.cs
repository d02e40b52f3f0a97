namespace EventFramework.Marten;

/// <summary>The adapter's statements over Marten's tables in one schema, built once. Marten's versions start at 1; ours at 0.</summary>
internal sealed class MartenSql(string schema)
{
    /// <summary>Events the adapter appended carry their own type, payload and metadata; any other Marten event reads as Marten stored it.</summary>
    private const string Columns = $$"""
        e.id, e.stream_id, e.version - 1, e.ef_transaction_id, e.seq_id,
        case when e.type = '{{MartenEventBody.TypeName}}' then e.data ->> 'type' else e.type end,
        case when e.type = '{{MartenEventBody.TypeName}}' then e.data ->> 'data' else e.data::text end,
        case when e.type = '{{MartenEventBody.TypeName}}' then e.data ->> 'metadata' else '{}' end,
        e.timestamp
        """;

    /// <summary>Serialises the writers of one stream (append, delete, truncate) for the rest of the transaction; takes no transaction id.</summary>
    public string LockStream { get; } = $"select pg_advisory_xact_lock(hashtextextended('{schema}:' || $1, 0))";

    /// <summary>One row when the stream exists: its version (ours) and whether it is a tombstone.</summary>
    public string StreamState { get; } = $"select s.version - 1, s.is_archived from {schema}.mt_streams s where s.id = $1";

    /// <summary>Where the given event ids are stored already.</summary>
    public string StoredIds { get; } = $"select e.id, e.stream_id, e.version - 1, e.ef_transaction_id, e.seq_id from {schema}.mt_events e where e.id = any($1)";

    public string PositionOf { get; } = $"select e.ef_transaction_id, e.seq_id from {schema}.mt_events e where e.id = $1";

    public string ReadForward { get; } = $"select {Columns} from {schema}.mt_events e where e.stream_id = $1 and e.version >= $2 order by e.version limit $3";

    public string ReadBackward { get; } = $"select {Columns} from {schema}.mt_events e where e.stream_id = $1 and e.version <= $2 order by e.version desc limit $3";

    public string FindEvent { get; } = $"select {Columns} from {schema}.mt_events e where e.id = $1";

    /// <summary>The gap-free page: only transactions older than every running one, in commit order.</summary>
    public string ReadAll { get; } = $"""
        select {Columns} from {schema}.mt_events e
         where (e.ef_transaction_id, e.seq_id) > ($1::text::xid8, $2)
           and e.ef_transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         order by e.ef_transaction_id, e.seq_id
         limit $3
        """;

    /// <summary>The oldest running transaction, when committed events after the position wait behind it.</summary>
    public string FenceHolder { get; } = $"""
        select a.pid, a.xact_start, coalesce(a.state, ''), coalesce(a.query, '')
          from pg_stat_activity a
         where a.backend_xid is not null
           and exists (select 1 from {schema}.mt_events e
                        where (e.ef_transaction_id, e.seq_id) > ($1::text::xid8, $2)
                          and e.ef_transaction_id >= pg_snapshot_xmin(pg_current_snapshot()))
         order by age(a.backend_xid) desc
         limit 1
        """;

    public string CountAfter { get; } = $"select count(*) from {schema}.mt_events e where (e.ef_transaction_id, e.seq_id) > ($1::text::xid8, $2) and e.ef_transaction_id < pg_snapshot_xmin(pg_current_snapshot())";

    /// <summary>A tombstone: the events go, the stream row stays archived with its version (inserted when the stream never existed).</summary>
    public string DeleteStream { get; } = $"""
        with gone as (delete from {schema}.mt_events e where e.stream_id = $1)
        insert into {schema}.mt_streams as s (id, version, is_archived) values ($1, $2 + 1, true)
            on conflict (id) do update set is_archived = true
        """;

    /// <summary>Removes the events before a position (ours); the stream row keeps its version.</summary>
    public string Truncate { get; } = $"delete from {schema}.mt_events e where e.stream_id = $1 and e.version <= $2";

    /// <summary>Serialises migrations of this schema across processes.</summary>
    public string LockMigrations { get; } = $"select pg_advisory_xact_lock(hashtextextended('{schema}:migrate', 0))";
}
