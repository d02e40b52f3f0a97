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
            catch (PostgresException ex) when (ex.SqlState == "EF001")
            {
                throw new WrongExpectedVersionException(stream, expected, long.Parse(ex.MessageText, System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (PostgresException ex) when (ex.SqlState == "EF002")
            {
                throw new StreamDeletedException(stream);
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
            catch (PostgresException ex) when (ex.SqlState == "EF002")
            {
                throw new StreamDeletedException(stream);
            }
        }).ConfigureAwait(false);
    }
}
