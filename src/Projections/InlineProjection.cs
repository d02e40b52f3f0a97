namespace EventFramework;

/// <summary>
/// Runs projections over events just appended, inside the append's transaction (the adapters'
/// inline projections call it). Handlers see each event's stream position; its
/// <see cref="RecordedEvent.Position"/> is the batch's last position, since the store assigns
/// global positions inside the append.
/// </summary>
public static class InlineProjection
{
    /// <summary>Applies every projection that handles them to <paramref name="events"/>, appended to <paramref name="stream"/> with <paramref name="result"/>.</summary>
    public static async Task Apply<TContext>(IReadOnlyList<Projection<TContext>> projections, EventSerializer serializer, TContext context,
        StreamName stream, AppendResult result, IReadOnlyList<EventData> events, CancellationToken ct)
    {
        var first = result.NextExpectedVersion - events.Count + 1;
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!serializer.Registry.TryGetType(e.EventType, out var type)) continue;
            var recorded = new RecordedEvent(e.EventId, stream, first + i, result.Position, e.EventType, e.Data, e.Metadata, now);
            object? deserialized = null;
            foreach (var projection in projections)
            {
                if (!projection.HandledTypes.Contains(type)) continue;
                deserialized ??= serializer.Deserialize(recorded);
                await projection.Apply(context, deserialized, recorded, ct).ConfigureAwait(false);
            }
        }
        if (context is IDeferredWrites deferred) await deferred.FlushWrites(ct).ConfigureAwait(false);
    }
}
