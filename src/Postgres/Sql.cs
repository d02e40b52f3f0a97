namespace EventFramework.Postgres;

/// <summary>The store's statements for one schema, built once.</summary>
internal sealed class Sql(string schema)
{
    private const string Columns = "e.event_id, e.stream_name, e.stream_position, e.transaction_id, e.global_position, e.event_type, e.data::text, e.metadata::text, e.created";

    public string Channel { get; } = schema + "_events";

    public string Append { get; } = $"select kind, version, commit_id, global_position, event_id, stream_name from {schema}.append_events($1, $2, $3, $4, $5, $6, $7)";

    /// <summary>One row: the stream's version (-1 when it has none) and whether it is a tombstone.</summary>
    public string StreamState { get; } = $"""
        select coalesce((select max(e.stream_position) from {schema}.events e where e.stream_name = $1),
                        (select s.version from {schema}.streams s where s.stream_name = $1), -1),
               coalesce((select s.deleted from {schema}.streams s where s.stream_name = $1), false)
        """;

    public string ReadForward { get; } = $"select {Columns} from {schema}.events e where e.stream_name = $1 and e.stream_position >= $2 order by e.stream_position limit $3";

    public string ReadBackward { get; } = $"select {Columns} from {schema}.events e where e.stream_name = $1 and e.stream_position <= $2 order by e.stream_position desc limit $3";

    public string FindEvent { get; } = $"select {Columns} from {schema}.events e where e.event_id = $1";

    /// <summary>The gap-free page: only transactions older than every running one, in commit order.</summary>
    public string ReadAll { get; } = $"""
        select {Columns} from {schema}.events e
         where (e.transaction_id, e.global_position) > ($1::text::xid8, $2)
           and e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         order by e.transaction_id, e.global_position
         limit $3
        """;

    /// <summary>The oldest running transaction, when committed events after the position wait behind it.</summary>
    public string FenceHolder { get; } = $"""
        select a.pid, a.xact_start, coalesce(a.state, ''), coalesce(a.query, '')
          from pg_stat_activity a
         where a.backend_xid is not null
           and exists (select 1 from {schema}.events e
                        where (e.transaction_id, e.global_position) > ($1::text::xid8, $2)
                          and e.transaction_id >= pg_snapshot_xmin(pg_current_snapshot()))
         order by age(a.backend_xid) desc
         limit 1
        """;

    public string CountAfter { get; } = $"select count(*) from {schema}.events e where (e.transaction_id, e.global_position) > ($1::text::xid8, $2) and e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())";

    public string DeleteStream { get; } = $"select {schema}.delete_stream($1, $2)";

    public string Truncate { get; } = $"select {schema}.truncate_stream($1, $2)";

    public string Notify { get; } = $"select pg_notify('{schema}_events', '')";
}
