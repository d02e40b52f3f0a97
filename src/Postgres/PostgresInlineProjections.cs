using Npgsql;
using EventFramework.Postgres;

namespace EventFramework;

/// <summary>
/// Inline projections: appends and applies the projections' handlers to the new events in one
/// transaction, so the read model is never behind the stream (and a failing handler fails the
/// append, leaving nothing behind). They need no checkpoint. See <see cref="InlineProjection"/>
/// for what handlers see.
/// </summary>
public sealed class PostgresInlineProjections(PostgresEventStore store, EventSerializer serializer, params Projection<PostgresProjectionContext>[] projections)
{
    /// <summary>Appends <paramref name="events"/> and runs every inline projection over them, atomically.</summary>
    public async Task<AppendResult> Append(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var result = await store.Append(transaction, stream, expected, events, ct).ConfigureAwait(false);
        if (!result.AlreadyAppended)
            await InlineProjection.Apply(projections, serializer, new PostgresProjectionContext(connection, transaction, ct), stream, result, events, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        store.Changes.Notify();
        return result;
    }
}
