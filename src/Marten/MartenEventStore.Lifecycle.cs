using Npgsql;
using static EventFramework.Marten.MartenErrors;

namespace EventFramework;

public sealed partial class MartenEventStore
{
    /// <inheritdoc />
    public async Task DeleteStream(StreamName stream, ExpectedVersion expected, CancellationToken ct = default)
    {
        await EnsureMigrated(ct).ConfigureAwait(false);
        await Guard("delete stream", async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            var (current, deleted, _) = await LockedState(connection, tx, stream, [], ct).ConfigureAwait(false);
            if (deleted) throw new StreamDeletedException(stream);
            if (!expected.IsSatisfiedBy(current)) throw new WrongExpectedVersionException(stream, expected, current);
            await using var cmd = new NpgsqlCommand(_sql.DeleteStream, connection, tx);
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.Value });
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = current });
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task TruncateStream(StreamName stream, long before, CancellationToken ct = default)
    {
        await EnsureMigrated(ct).ConfigureAwait(false);
        await Guard("truncate stream", async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            var (_, deleted, _) = await LockedState(connection, tx, stream, [], ct).ConfigureAwait(false);
            if (deleted) throw new StreamDeletedException(stream);
            await using var cmd = new NpgsqlCommand(_sql.Truncate, connection, tx);
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.Value });
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = before }); // positions < before are versions <= before
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
