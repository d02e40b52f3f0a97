using EventFramework.Sqlite;

namespace EventFramework;

/// <summary>
/// Inline projections on SQLite: appends and applies the projections' handlers to the new events
/// in one write transaction, so the read model is never behind the stream (and a failing handler
/// fails the append, leaving nothing behind). See <see cref="InlineProjection"/> for what handlers see.
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
            await InlineProjection.Apply(projections, serializer, new SqliteProjectionContext(transaction), stream, result, events, token).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        if (!result.AlreadyAppended) store.Changes.Notify();
        return result;
    }
}
