namespace EventFramework.Store;

/// <summary>
/// The idempotency rule every backend applies before the version check: an append whose
/// event ids are all already stored, in order, in the same stream and at the positions the
/// expectation implies, is a retry and succeeds without writing; any other reuse of an id fails.
/// </summary>
public static class IdempotentAppend
{
    /// <summary>Where an already-stored event id lives.</summary>
    public readonly record struct StoredAt(string Stream, long Position, LogPosition GlobalPosition);

    /// <summary>
    /// Returns null when none of the ids is stored (append normally), the result of the earlier
    /// append when this one is its retry, or throws <see cref="DuplicateEventIdException"/>.
    /// </summary>
    public static AppendResult? Check(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, IReadOnlyDictionary<Guid, StoredAt> stored)
    {
        if (stored.Count == 0) return null;
        var first = stored.TryGetValue(events[0].EventId, out var f) ? f : default;
        var isRetry = stored.Count == events.Count && first.Stream == stream.Value && PositionFits(expected, first.Position);
        for (var i = 0; isRetry && i < events.Count; i++)
            isRetry = stored.TryGetValue(events[i].EventId, out var at) && at.Stream == stream.Value && at.Position == first.Position + i;
        if (isRetry)
        {
            var last = stored[events[^1].EventId];
            return new AppendResult(last.Position, last.GlobalPosition, AlreadyAppended: true);
        }

        var clash = events.First(e => stored.ContainsKey(e.EventId));
        var where = stored[clash.EventId];
        throw new DuplicateEventIdException(stream, clash.EventId, where.Stream, where.Position);
    }

    private static bool PositionFits(ExpectedVersion expected, long firstPosition) =>
        expected == ExpectedVersion.Any
        || (expected == ExpectedVersion.NoStream && firstPosition == 0)
        || (expected == ExpectedVersion.StreamExists && firstPosition > 0)
        || expected.Value == firstPosition - 1;
}
