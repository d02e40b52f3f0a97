using System.Text;
using EventFramework.Store;
using Npgsql;
using static EventFramework.Postgres.PostgresErrors;
using EventFramework.Postgres;

namespace EventFramework;

/// <summary>Snapshots in the store's schema (table {schema}.snapshots, created by the migrations).</summary>
public sealed class PostgresSnapshotStore(NpgsqlDataSource dataSource, string schema = "eventframework") : ISnapshotStore
{
    private readonly string _load = $"select version, state_type, state::text from {EmbeddedSqlScripts.RequireSafeSchema(schema, nameof(schema))}.snapshots where stream_name = $1";
    private readonly string _save = $"""
        insert into {schema}.snapshots as s (stream_name, version, state_type, state) values ($1, $2, $3, $4::json)
        on conflict (stream_name) do update
           set version = excluded.version, state_type = excluded.state_type, state = excluded.state, created = now()
         where s.version < excluded.version
        """;

    /// <inheritdoc />
    public Task<Snapshot?> Load(StreamName stream, CancellationToken ct = default) => Guard("load snapshot", async () =>
    {
        await using var cmd = dataSource.CreateCommand(_load);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.Value });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return null;
        return new Snapshot(reader.GetInt64(0), reader.GetString(1), Encoding.UTF8.GetBytes(reader.GetString(2)));
    });

    /// <inheritdoc />
    public Task Save(StreamName stream, Snapshot snapshot, CancellationToken ct = default) => Guard("save snapshot", async () =>
    {
        await using var cmd = dataSource.CreateCommand(_save);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.Value });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = snapshot.Version });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = snapshot.StateType });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Encoding.UTF8.GetString(snapshot.State) });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    });
}
