namespace EventFramework.Postgres;

/// <summary>The store's statements for one schema, built once.</summary>
internal sealed class Sql(string schema)
{
    private const string Columns = "e.event_id, e.stream_name, e.stream_position, e.transaction_id, e.global_position, e.event_type, e.data::text, e.metadata::text, e.created";

    public string Channel { get; } = schema + "_events";

    public string Append { get; } = $"select kind, version, commit_id, global_position, event_id, stream_name from {schema}.append_events($1, $2, $3, $4, $5, $6, $7)";

    /// <summary>The reads of the events table, behind the xid8 fence. StreamState: one row, the stream's version (-1 when it has none) and whether it is a tombstone.</summary>
    public FencedLogSql Log { get; } = new FencedLogSql(
        Columns,
        StreamState: $"""
            select coalesce((select max(e.stream_position) from {schema}.events e where e.stream_name = $1),
                            (select s.version from {schema}.streams s where s.stream_name = $1), -1),
                   coalesce((select s.deleted from {schema}.streams s where s.stream_name = $1), false)
            """,
        ReadForward: $"select {Columns} from {schema}.events e where e.stream_name = $1 and e.stream_position >= $2 order by e.stream_position limit $3",
        ReadBackward: $"select {Columns} from {schema}.events e where e.stream_name = $1 and e.stream_position <= $2 order by e.stream_position desc limit $3",
        FindEvent: $"select {Columns} from {schema}.events e where e.event_id = $1")
        .WithFence($"{schema}.events", "transaction_id", "global_position");

    public string DeleteStream { get; } = $"select {schema}.delete_stream($1, $2)";

    public string Truncate { get; } = $"select {schema}.truncate_stream($1, $2)";

    public string Notify { get; } = $"select pg_notify('{schema}_events', '')";
}
