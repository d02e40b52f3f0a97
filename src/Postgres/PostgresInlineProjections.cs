using Npgsql;
using EventFramework.Postgres;

namespace EventFramework;

/// <summary>
/// Inline projections: appends and applies the projections' handlers to the new events in one
/// transaction, so the read model is never behind the stream (and a failing handler fails the
/// append, leaving nothing behind). They need no checkpoint. Handlers see each event's stream
/// position; its <see cref="RecordedEvent.Position"/> is the batch's last position, since the
/// store assigns global positions inside the append.
/// </summary>
public sealed class PostgresInlineProjections(PostgresEventStore store, EventSerializer serializer, params Projection<PostgresProjectionContext>[] projections)
{
    /// <summary>Appends <paramref name="events"/> and runs every inline projection over them, atomically.</summary>
    public async Task<AppendResult> Append(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var result = await store.Append(transaction, stream, expected, events, ct).ConfigureAwait(false);
        PostgresProjectionContext? context = null;
        if (!result.AlreadyAppended)
        {
            context = new PostgresProjectionContext(connection, transaction, ct);
            var first = result.NextExpectedVersion - events.Count + 1;
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                var recorded = new RecordedEvent(e.EventId, stream, first + i, result.Position, e.EventType, e.Data, e.Metadata, now);
                object? deserialized = null;
                foreach (var projection in projections)
                {
                    if (!serializer.Registry.TryGetType(e.EventType, out var type) || !projection.HandledTypes.Contains(type)) continue;
                    deserialized ??= serializer.Deserialize(recorded);
                    await projection.Apply(context, deserialized, recorded, ct).ConfigureAwait(false);
                }
            }
        }
        if (context is not null) await context.Flush().ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        store.Changes.Notify();
        return result;
    }
}
