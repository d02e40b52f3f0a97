namespace EventFramework.Postgres.Sagas;

/// <summary>The saga store's statements for one schema (tables from Scripts/5_Sagas.sql).</summary>
internal sealed class SagaSql(string schema)
{
    private const string SagaColumns = "saga_type, saga_id, version, status, reason, state::text, compensations::text, created, updated";
    private const string TimeoutColumns = "saga_type, saga_id, name, timeout_id, due_at, type, payload";

    public string LoadCheckpoint { get; } = $"select commit_id, sequence from {schema}.saga_checkpoints where key = $1";

    public string InsertCheckpoint { get; } = $"""
        insert into {schema}.saga_checkpoints (key, commit_id, sequence) values ($1, $2::text::xid8, $3) on conflict (key) do nothing
        """;

    public string MoveCheckpoint { get; } = $"""
        update {schema}.saga_checkpoints set commit_id = $2::text::xid8, sequence = $3, updated = now()
         where key = $1 and commit_id = $4::text::xid8 and sequence = $5
        """;

    /// <summary>Due timeouts, oldest first; those another transaction holds are skipped, not waited for.</summary>
    public string ClaimDue { get; } = $"""
        select {TimeoutColumns} from {schema}.saga_timeouts
         where saga_type = $1 and due_at <= now()
         order by due_at limit $2
         for update skip locked
        """;

    public string Load { get; } = $"select {SagaColumns} from {schema}.sagas where saga_type = $1 and saga_id = any($2)";

    public string Handled { get; } = $"select message_id from {schema}.saga_inbox where saga_type = $1 and message_id = any($2)";

    public string DeleteFired { get; } = $"delete from {schema}.saga_timeouts where timeout_id = any($1)";

    public string Cancel { get; } = $"""
        delete from {schema}.saga_timeouts t using unnest($1::text[], $2::text[], $3::text[]) as u(st, id, n)
         where t.saga_type = u.st and t.saga_id = u.id and t.name = u.n
        """;

    public string FinishTimeouts { get; } = $"""
        delete from {schema}.saga_timeouts t using unnest($1::text[], $2::text[]) as u(st, id)
         where t.saga_type = u.st and t.saga_id = u.id
        """;

    public string FinishInbox { get; } = $"""
        delete from {schema}.saga_inbox i using unnest($1::text[], $2::text[]) as u(st, id)
         where i.saga_type = u.st and i.saga_id = u.id
        """;

    /// <summary>Each row only from its expected version: fewer rows than sent means another transaction won.</summary>
    public string Update { get; } = $"""
        update {schema}.sagas s set version = u.v, status = u.s, reason = u.r, state = u.st::json, compensations = u.c::json, updated = now()
          from unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[]) as u(t, id, v, s, r, st, c, e)
         where s.saga_type = u.t and s.saga_id = u.id and s.version = u.e
        """;

    /// <summary>New sagas; a row that exists already is skipped (and counted as a conflict).</summary>
    public string Insert { get; } = $"""
        insert into {schema}.sagas (saga_type, saga_id, version, status, reason, state, compensations)
        select u.t, u.id, u.v, u.s, u.r, u.st::json, u.c::json
          from unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[]) as u(t, id, v, s, r, st, c)
        on conflict (saga_type, saga_id) do nothing
        """;

    /// <summary>Due on the database's clock; scheduling a name again replaces its pending timeout.</summary>
    public string Schedule { get; } = $"""
        insert into {schema}.saga_timeouts (saga_type, saga_id, name, timeout_id, due_at, type, payload)
        select u.st, u.id, u.n, u.tid, now() + u.ms * interval '1 millisecond', u.ty, u.p
          from unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::float8[], $6::text[], $7::bytea[]) as u(st, id, n, tid, ms, ty, p)
        on conflict (saga_type, saga_id, name) do update
           set timeout_id = excluded.timeout_id, due_at = excluded.due_at, type = excluded.type, payload = excluded.payload, scheduled = now()
        """;

    public string Inbox { get; } = $"""
        insert into {schema}.saga_inbox (saga_type, message_id, saga_id)
        select * from unnest($1::text[], $2::uuid[], $3::text[])
        """;

    public string History { get; } = $"""
        insert into {schema}.saga_history (saga_type, saga_id, version, message_type, message_id, status)
        select * from unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::uuid[], $6::text[])
        """;

    public string List { get; } = $"""
        select {SagaColumns} from {schema}.sagas
         where ($1::text is null or saga_type = $1) and ($2::text is null or status = $2)
         order by updated desc limit $3
        """;

    public string Find { get; } = $"select {SagaColumns} from {schema}.sagas where saga_id = $1 order by saga_type";

    public string LoadHistory { get; } = $"""
        select saga_type, saga_id, version, message_type, message_id, status, at from {schema}.saga_history
         where saga_type = $1 and saga_id = $2 order by version
        """;

    public string Timeouts { get; } = $"select {TimeoutColumns} from {schema}.saga_timeouts where saga_type = $1 and saga_id = $2 order by due_at";

    /// <summary>Running, idle for the interval, and no timeout due later than the interval ago: nothing will move them.</summary>
    public string Stuck { get; } = $"""
        select {SagaColumns} from {schema}.sagas s
         where s.status = 'Running' and s.updated < now() - $1 * interval '1 millisecond'
           and not exists (select 1 from {schema}.saga_timeouts t
                            where t.saga_type = s.saga_type and t.saga_id = s.saga_id and t.due_at >= now() - $1 * interval '1 millisecond')
         order by s.updated limit $2
        """;
}
