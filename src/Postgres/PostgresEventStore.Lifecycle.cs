using Npgsql;
using static EventFramework.Postgres.PostgresErrors;
using EventFramework.Postgres;

namespace EventFramework;

public sealed partial class PostgresEventStore
{
    /// <inheritdoc />
    public async Task DeleteStream(StreamName stream, ExpectedVersion expected, CancellationToken ct = default)
    {
        await EnsureMigrated(ct).ConfigureAwait(false);
        await Guard("delete stream", async () =>
        {
            await using var cmd = _dataSource.CreateCommand(_sql.DeleteStream);
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.Value });
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected.Value });
            try
            {
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (StreamError(ex, stream, expected) is { } error)
            {
                throw error;
            }
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task TruncateStream(StreamName stream, long before, CancellationToken ct = default)
    {
        await EnsureMigrated(ct).ConfigureAwait(false);
        await Guard("truncate stream", async () =>
        {
            await using var cmd = _dataSource.CreateCommand(_sql.Truncate);
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.Value });
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = before });
            try
            {
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (StreamError(ex, stream, ExpectedVersion.Any) is { } error)
            {
                throw error;
            }
        }).ConfigureAwait(false);
    }
}
