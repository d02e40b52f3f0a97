using Npgsql;
using static EventFramework.Postgres.PostgresErrors;
using EventFramework.Postgres;

namespace EventFramework;

public sealed partial class PostgresProjectionSink : IProjectionVersions<PostgresProjectionContext>
{
    /// <inheritdoc />
    public Task Reset(string projection, Func<PostgresProjectionContext, CancellationToken, Task> clear, CancellationToken ct = default) =>
        InTransaction("reset projection",
            claim: async tx =>
            {
                await Execute(tx, _sql.ResetCheckpoint, projection, ct).ConfigureAwait(false);
                await Execute(tx, _sql.DeleteParkedOfProjection, projection, ct).ConfigureAwait(false);
                return true;
            },
            clear,
            record: tx => Park(tx, [], ct),
            ct);

    /// <inheritdoc />
    public Task<int?> ActiveVersion(string name, CancellationToken ct = default) => Guard("read active version", async () =>
    {
        await using var cmd = _dataSource.CreateCommand(_sql.ActiveVersion);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        return (int?)await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
    });

    /// <inheritdoc />
    public Task Activate(string name, int version, Func<PostgresProjectionContext, CancellationToken, Task> activate, CancellationToken ct = default) =>
        InTransaction("activate projection version",
            claim: async tx =>
            {
                await using var cmd = new NpgsqlCommand(_sql.Activate, tx.Connection, tx);
                cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
                cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                return true;
            },
            activate,
            record: tx => Park(tx, [], ct),
            ct);

    private static async Task Execute(NpgsqlTransaction tx, string sql, string argument, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, tx.Connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = argument });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
