using EventFramework.Sqlite;

namespace EventFramework;

/// <summary>
/// Inline projections on SQLite: appends and applies the projections' handlers to the new events
/// in one write transaction, so the read model is never behind the stream (and a failing handler
/// fails the append, leaving nothing behind). Handlers see each event's stream position; its
/// <see cref="RecordedEvent.Position"/> is the batch's last position.
/// </summary>
public sealed class SqliteInlineProjections(SqliteEventStore store, EventSerializer serializer, params Projection<SqliteProjectionContext>[] projections)
{
    /// <summary>Appends <paramref name="events"/> and runs every inline projection over them, atomically.</summary>
    public async Task<AppendResult> Append(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
    {
        EventLimits.Validate(stream, events, store.Options.MaxEventBytes);
        AppendResult result = default;
        await store.Write("append with inline projections", async (transaction, token) =>
        {
            result = SqliteEventStore.AppendInTransaction(transaction.Connection!, stream, expected, events);
            if (result.AlreadyAppended) return true;
            var context = new SqliteProjectionContext(transaction);
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
                    await projection.Apply(context, deserialized, recorded, token).ConfigureAwait(false);
                }
            }
            return true;
        }, ct).ConfigureAwait(false);
        if (!result.AlreadyAppended) store.Changes.Notify();
        return result;
    }
}
