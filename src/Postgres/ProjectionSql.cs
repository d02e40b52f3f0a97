namespace EventFramework.Postgres;

/// <summary>The projection sink's and lease's statements for one schema (tables from Scripts/3_Projections.sql).</summary>
internal sealed class ProjectionSql(string schema)
{
    private const string ParkedColumns = "projection, event_id, stream_name, stream_position, commit_id, sequence, event_type, error, parked_at, blocked_by";

    public string LoadCheckpoint { get; } = $"select commit_id, sequence from {schema}.projection_checkpoints where key = $1";

    /// <summary>The first checkpoint: no row when another instance inserted it first.</summary>
    public string InsertCheckpoint { get; } = $"""
        insert into {schema}.projection_checkpoints (key, commit_id, sequence, updated) values ($1, $2::text::xid8, $3, now())
        on conflict (key) do nothing
        """;

    /// <summary>The compare-and-set: no row when the stored checkpoint is not the expected one ($4, $5).</summary>
    public string MoveCheckpoint { get; } = $"""
        update {schema}.projection_checkpoints set commit_id = $2::text::xid8, sequence = $3, updated = now()
         where key = $1 and commit_id = $4::text::xid8 and sequence = $5
        """;

    public string ListCheckpoints { get; } = $"select key, commit_id, sequence, updated from {schema}.projection_checkpoints order by key";

    /// <summary>The projection's checkpoint and those of its partitions ("name/p-of-n").</summary>
    public string ResetCheckpoint { get; } = $"delete from {schema}.projection_checkpoints where key = $1 or starts_with(key, $1 || '/')";

    /// <summary>One statement for the whole list; an event parked already stays as it was.</summary>
    public string Park { get; } = $"""
        insert into {schema}.projection_parked ({ParkedColumns})
        select p, e, s, sp, c::xid8, q, t, err, at, b
          from unnest($1::text[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::timestamptz[], $10::uuid[])
               as u(p, e, s, sp, c, q, t, err, at, b)
        on conflict (projection, event_id) do nothing
        """;

    public string LoadParked { get; } = $"select {ParkedColumns} from {schema}.projection_parked where projection = $1 order by commit_id, sequence";

    public string Unpark { get; } = $"delete from {schema}.projection_parked where projection = $1 and event_id = $2";

    /// <summary>
    /// Takes the lease when it is free, expired or already this owner's, in one statement, on the
    /// database's clock. The token is kept on renewal and grows when the owner changes (or takes
    /// it back after it lapsed). No row when another owner holds it unexpired.
    /// </summary>
    public string AcquireLease { get; } = $"""
        insert into {schema}.projection_leases as l (key, owner, token, expires_at) values ($1, $2, 1, now() + $3)
        on conflict (key) do update
           set owner = excluded.owner,
               token = case when l.owner = excluded.owner and l.expires_at > now() then l.token else l.token + 1 end,
               expires_at = excluded.expires_at
         where l.owner = excluded.owner or l.expires_at <= now()
        returning token, expires_at
        """;

    /// <summary>Expires the lease at once, unless another owner (or a later grant) holds it now.</summary>
    public string ReleaseLease { get; } = $"update {schema}.projection_leases set expires_at = now() where key = $1 and owner = $2 and token = $3";

    public string DeleteParkedOfProjection { get; } = $"delete from {schema}.projection_parked where projection = $1";

    public string ActiveVersion { get; } = $"select version from {schema}.projection_versions where name = $1";

    public string Activate { get; } = $"insert into {schema}.projection_versions (name, version) values ($1, $2) on conflict (name) do update set version = excluded.version, activated = now()";
}
