using EventFramework.Postgres;

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
    public string StreamState => Log.StreamState;

    /// <summary>Where the given event ids are stored already.</summary>
    public string StoredIds { get; } = $"select e.id, e.stream_id, e.version - 1, e.ef_transaction_id, e.seq_id from {schema}.mt_events e where e.id = any($1)";

    public string PositionOf { get; } = $"select e.ef_transaction_id, e.seq_id from {schema}.mt_events e where e.id = $1";

    /// <summary>The reads of mt_events through our fence column, in the store's numbering.</summary>
    public FencedLogSql Log { get; } = new FencedLogSql(
        Columns,
        StreamState: $"select s.version - 1, s.is_archived from {schema}.mt_streams s where s.id = $1",
        ReadForward: $"select {Columns} from {schema}.mt_events e where e.stream_id = $1 and e.version >= $2 order by e.version limit $3",
        ReadBackward: $"select {Columns} from {schema}.mt_events e where e.stream_id = $1 and e.version <= $2 order by e.version desc limit $3",
        FindEvent: $"select {Columns} from {schema}.mt_events e where e.id = $1")
        .WithFence($"{schema}.mt_events", "ef_transaction_id", "seq_id");

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
