using EventFramework.Store;
using Npgsql;

namespace EventFramework.Postgres;

/// <summary>
/// Applies the embedded scripts not yet recorded in {schema}.schema_migrations, in order, each
/// in its own transaction, under an advisory lock so concurrent starts do not race.
/// </summary>
internal static class PostgresMigrations
{
    public static async Task Apply(NpgsqlDataSource dataSource, string schema, CancellationToken ct)
    {
        var scripts = EmbeddedSqlScripts.Load(typeof(PostgresMigrations).Assembly, schema);
        await using var conn = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        await Execute(conn, $"""
            select pg_advisory_xact_lock(hashtext('eventframework.migrate.{schema}'));
            create schema if not exists {schema};
            create table if not exists {schema}.schema_migrations (
                version int primary key,
                name text not null,
                applied timestamptz not null default now());
            """, ct).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var cmd = new NpgsqlCommand($"select version from {schema}.schema_migrations", conn, tx))
        await using (var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await reader.ReadAsync(ct).ConfigureAwait(false)) applied.Add(reader.GetInt32(0));

        foreach (var script in scripts.Where(s => !applied.Contains(s.Version)))
        {
            await Execute(conn, script.Sql, ct).ConfigureAwait(false);
            await using var record = new NpgsqlCommand($"insert into {schema}.schema_migrations (version, name) values ($1, $2)", conn, tx)
            {
                Parameters = { new() { Value = script.Version }, new() { Value = script.Name } },
            };
            await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    private static async Task Execute(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
