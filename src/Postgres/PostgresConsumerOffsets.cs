using EventFramework.Postgres;
using EventFramework.Store;
using Npgsql;
using static EventFramework.Postgres.PostgresErrors;

namespace EventFramework;

/// <summary>
/// Offsets of broker-fed consumers on PostgreSQL, committed in the same transaction as the batch's
/// effects (the handlers get a <see cref="PostgresProjectionContext"/>, as projections do). The table
/// is created by the store's migrations (<see cref="PostgresEventStore.Migrate"/>).
/// </summary>
public sealed class PostgresConsumerOffsets : IConsumerOffsets<PostgresProjectionContext>
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ConsumerOffsetSql _sql;

    /// <summary>Offsets in <paramref name="schema"/> (the store's schema).</summary>
    public PostgresConsumerOffsets(NpgsqlDataSource dataSource, string schema = "eventframework")
    {
        EmbeddedSqlScripts.RequireSafeSchema(schema, nameof(schema));
        _dataSource = dataSource;
        _sql = new ConsumerOffsetSql(schema);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<int, long>> Load(string consumer, string topic, CancellationToken ct = default) => Guard("load consumer offsets", async () =>
    {
        await using var cmd = _dataSource.CreateCommand(_sql.Load);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = topic });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var offsets = new Dictionary<int, long>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) offsets[reader.GetInt32(0)] = reader.GetInt64(1);
        return (IReadOnlyDictionary<int, long>)offsets;
    });

    /// <inheritdoc />
    public async Task<bool> Commit(string consumer, IReadOnlyList<ConsumedRange> ranges, Func<PostgresProjectionContext, CancellationToken, Task> apply, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        ArgumentNullException.ThrowIfNull(ranges);
        ArgumentNullException.ThrowIfNull(apply);
        if (ranges.Count == 0) throw new ArgumentException("a commit needs at least one consumed range", nameof(ranges));
        foreach (var r in ranges)
        {
            if (r.Next <= r.From || r.From < 0) throw new ArgumentException($"the range {r.Topic}[{r.Partition}] {r.From}..{r.Next} is empty or negative", nameof(ranges));
        }

        await using var connection = await Guard("consumer commit", () => _dataSource.OpenConnectionAsync(ct).AsTask()).ConfigureAwait(false);
        await using var transaction = await Guard("consumer commit", () => connection.BeginTransactionAsync(ct).AsTask()).ConfigureAwait(false);
        await using (var move = new NpgsqlCommand(_sql.Move, connection, transaction))
        {
            move.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
            move.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. ranges.Select(r => r.Topic)] });
            move.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. ranges.Select(r => r.Partition)] });
            move.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. ranges.Select(r => r.From)] });
            move.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. ranges.Select(r => r.Next)] });
            var moved = (long)(await Guard("consumer commit", () => move.ExecuteScalarAsync(ct)).ConfigureAwait(false))!;
            if (moved != ranges.Count) return false; // disposing rolls back
        }
        var context = new PostgresProjectionContext(connection, transaction, ct);
        await apply(context, ct).ConfigureAwait(false);
        await context.Flush().ConfigureAwait(false);
        await Guard("consumer commit", () => transaction.CommitAsync(ct)).ConfigureAwait(false);
        return true;
    }
}
